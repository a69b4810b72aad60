"""`make bench`: every figure measured beside its bare baseline in the same run.

Machines here are shared and noisy, so ratios (ours / bare) matter more than absolute values.
Each section runs in a process of its own (one section's Qt application or server never
meets the next), and bench/results.json is written again as each one finishes, so a section
that fails leaves the others' figures. Sections: engine (render, PDF, envelopes), grammar
(LanguageTool start and checks), lt_faults, window (start-up, preview, stalls), batch,
hardening, archive, anthology (a 200-letter book) and firm (PostgreSQL).
Run some with `python bench/run.py engine grammar`.
"""

from __future__ import annotations

from archive_bench import bench_archive
from batch_bench import bench_batch
from book_bench import bench_anthology
from common import *  # noqa: F403
from engine_bench import bench_engine
from grammar_bench import bench_grammar, bench_lt_faults

# --- window ------------------------------------------------------------------------------------------


def bench_window() -> dict:
    script = ROOT / "bench" / "window.py"
    if not script.exists():
        return {}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"window_error": (out.stderr or out.stdout)[-500:]}


# --- hardening (issue 9) ---------------------------------------------------------------------


def bench_hardening() -> dict:
    """tidy_1mb_s: tidying a megabyte of message, beside a bare pass of str.split/re.sub over it."""
    import re

    from letterwriter.templates import tidy

    sentence = "we walked to the river , and i said so. e.g. the bread, the rain! then home ..  "
    paragraph = "\n".join([sentence * 4] * 6)
    text = ("\n\n".join([paragraph] * 1200))[: 1024 * 1024]
    spaces = re.compile(r"[ \t]+")

    def bare():
        for block in re.split(r"\n[ \t]*\n", text):
            spaces.sub(" ", " ".join(block.split("\n"))).strip()

    tidy_s = min(timed(lambda: tidy(text), 3)) / 1000
    bare_s = min(timed(bare, 3)) / 1000
    return {
        "hardening": {
            "tidy_1mb_s": round(tidy_s, 3),
            "bare_split_sub_1mb_s": round(bare_s, 3),
            "tidy_vs_bare": ratio(tidy_s, bare_s),
            "text_chars": len(text),
        }
    }


SECTIONS = {
    "engine": bench_engine,
    "grammar": bench_grammar,
    "window": bench_window,
    "batch": bench_batch,
    "hardening": bench_hardening,  # issue 9: tidy in linear time
    "archive": bench_archive,
    "anthology": bench_anthology,  # issue 22
    "lt_faults": bench_lt_faults,  # issue 9
    "firm": lambda: __import__("firm").bench_firm(),  # issue 18: bench/firm.py, PostgreSQL
}


def _section(name: str) -> dict:
    """One section in a process of its own; its figures, or what stopped it."""
    r = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one", name], capture_output=True, text=True
    )
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {f"{name}_error": (r.stderr or r.stdout or f"exit {r.returncode}")[-800:]}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(SECTIONS[argv[1]]()))
        return 0
    unknown = [a for a in argv if a not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)} (sections: {', '.join(SECTIONS)})", file=sys.stderr)
        return 2
    # a section run alone keeps the others' last figures; each section says when it was measured
    where = ROOT / "bench" / "results.json"
    results: dict = {}
    if argv:
        with contextlib.suppress(OSError, ValueError):
            results = json.loads(where.read_text())
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    for name in argv or list(SECTIONS):
        print(f"bench: {name}...", file=sys.stderr, flush=True)
        results.update(_section(name))
        results.setdefault("measured_at", {})[name] = time.strftime("%Y-%m-%d %H:%M")
        text = json.dumps(results, indent=2)
        where.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
