"""The mail merge section: text and checked merges beside their bare baselines."""

from __future__ import annotations

from common import *  # noqa: F403  (the shared imports, paths, brief and measures)
from grammar_bench import _NAMES, _post

# --- batch (mail merge) -----------------------------------------------------------------------------


def _merge_rows(path: Path, n: int) -> Path:
    """n clients of one firm's thank-you merge: each row its own name and its own words."""
    from letterwriter.language import ordinal_words

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sender_name", "recipient_name", "what_they_did", "letter_date"])
        for i in range(n):
            name = f"{_NAMES[i % len(_NAMES)]} {_NAMES[(i // len(_NAMES)) % len(_NAMES)]}son"
            did = f"came to our {ordinal_words(i % 40 + 1)} open evening and stayed to help"
            w.writerow(["Harriet", name, did, "2026-11-24"])
    return path


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 1e6, 1)


def bench_batch() -> dict:
    from letterwriter import grammar
    from letterwriter.export.pdf import export_pdf
    from letterwriter.languagetool.installation import installation
    from letterwriter.languagetool.process import ServerProcess
    from letterwriter.merge.engine import MergeChecker, MergeOptions, run_batch, run_merge
    from letterwriter.merge.plan import map_columns, plan_rows
    from letterwriter.merge.table import read_table
    from letterwriter.templates import TemplateLibrary

    res: dict = {}
    tmp = Path(tempfile.mkdtemp())
    lib = TemplateLibrary(user_dir=tmp / "tpl")
    info = lib.get("thank_you")
    rows = _merge_rows(tmp / "rows.csv", 1000)
    table = read_table(rows)
    mapping = map_columns(info, table.headers)
    plans = plan_rows(info, table, mapping)
    letters = [lib.render(info, p.brief) for p in plans]

    # PDFs alone: the merge against the same letters exported one after another in this
    # process (30 measured, times 1000: a bare serial baseline).
    t = time.perf_counter()
    result = run_batch(lib, "thank_you", rows, tmp / "pdf", fmt="pdf")
    res["batch_1000_pdf_s"] = round(time.perf_counter() - t, 2)
    res["batch_1000_pdf_written"] = len(result.written)
    export_pdf(letters[0], tmp / "one.pdf")
    serial = timed(lambda: export_pdf(letters[1], tmp / "one.pdf"), 30)
    res["serial_pdf_1000_s"] = round(p50(serial) * 1000 / 1000, 2)
    res["batch_1000_pdf_ratio"] = ratio(res["batch_1000_pdf_s"], res["serial_pdf_1000_s"])

    if installation() is None:
        res["batch_check_error"] = "LanguageTool is not installed (make setup)"
    else:
        # A fresh server for each side, so neither gains from the other's server-side cache.
        server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        try:
            t = time.perf_counter()
            for letter in letters:
                _post(server.url, letter.text)
            res["raw_check_1000_s"] = round(time.perf_counter() - t, 2)
        finally:
            server.stop()
        server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        try:
            checker = grammar.Checker(server.url)
            sent = [0]
            query = checker._query

            def counting_query(text, *a):  # how many paragraphs reach the server
                sent[0] += text.count("\n\n") + 1
                return query(text, *a)

            checker._query = counting_query

            merge_checker = MergeChecker(checker)
            opts = MergeOptions(fmt="pdf", check=True, force=True)
            t = time.perf_counter()
            result = run_merge(
                lib,
                info,
                plans,
                tmp / "checked",
                opts,
                mapping=mapping,
                check=merge_checker.check,
                prefetch=merge_checker.prefetch,
            )
            res["batch_check_1000_s"] = round(time.perf_counter() - t, 2)
            res["batch_check_1000_written"] = len(result.written)
            res["batch_check_ratio"] = ratio(res["batch_check_1000_s"], res["raw_check_1000_s"])
            # The same merge with checks only (no PDFs), on a fresh server again: the checking
            # itself beside the raw figure.
            server.stop()
            server = ServerProcess(memory_mb=768, run_dir=Path(tempfile.mkdtemp()))
            server.start()
            merge_checker = MergeChecker(grammar.Checker(server.url))
            opts = MergeOptions(check=True, force=True, dry_run=True)
            t = time.perf_counter()
            run_merge(
                lib,
                info,
                plans,
                tmp / "dry",
                opts,
                mapping=mapping,
                check=merge_checker.check,
                prefetch=merge_checker.prefetch,
            )
            res["batch_check_only_1000_s"] = round(time.perf_counter() - t, 2)
            res["batch_check_only_ratio"] = ratio(res["batch_check_only_1000_s"], res["raw_check_1000_s"])
            total_paras = sum(len([p for p in x.paragraphs if p.strip()]) for x in letters)
            res["batch_check_paragraphs_sent"] = sent[0]
            res["batch_check_paragraphs_total"] = total_paras
        finally:
            server.stop()

    # Memory over 10,000 rows (text, no checks: the engine's own footprint).
    big = _merge_rows(tmp / "big.csv", 10000)
    table = read_table(big)
    plans = plan_rows(info, table, mapping)
    marks: dict[str, float] = {"start": _rss_mb()}
    count = [0]

    def on_row(_r):
        count[0] += 1
        if count[0] == 1000:
            marks["after_1000"] = _rss_mb()

    t = time.perf_counter()
    run_merge(lib, info, plans, tmp / "txt", MergeOptions(fmt="txt"), mapping=mapping, on_row=on_row)
    res["batch_10000_txt_s"] = round(time.perf_counter() - t, 2)
    res["batch_rss_start_mb"] = marks["start"]
    res["batch_rss_after_1000_mb"] = marks.get("after_1000")
    res["batch_rss_end_mb"] = _rss_mb()
    res["batch_rss_ratio"] = ratio(res["batch_rss_end_mb"], res["batch_rss_after_1000_mb"])
    # its bare baseline: the same 10,000 letters rendered and written with open()/write(), one
    # after another (no report, no folder lock, no fsync, no check of what was written)
    bare_dir = tmp / "bare-txt"
    bare_dir.mkdir()
    t = time.perf_counter()
    for i, plan in enumerate(plans):
        (bare_dir / f"{i}.txt").write_text(lib.render(info, plan.brief).text, encoding="utf-8")
    res["bare_10000_txt_s"] = round(time.perf_counter() - t, 2)
    res["batch_10000_txt_ratio"] = ratio(res["batch_10000_txt_s"], res["bare_10000_txt_s"])
    return res
