"""The grammar sections: LanguageTool start and checks, and its faults."""

from __future__ import annotations

from common import *  # noqa: F403  (the shared imports, paths, brief and measures)

# --- grammar ------------------------------------------------------------------------------------


def _post(url: str, text: str, language: str = "en-US") -> bytes:
    """A bare HTTP POST with the standard library."""
    data = urllib.parse.urlencode({"language": language, "text": text}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/v2/check", data=data, timeout=120) as r:
        return r.read()


def _post_requests(url: str, text: str, language: str = "en-US") -> bytes:
    """A bare HTTP POST with requests (TCP timing differs between clients)."""
    import requests

    r = requests.post(url + "/v2/check", data={"language": language, "text": text}, timeout=120)
    return r.content


_NAMES = [
    "Amelia",
    "Benedict",
    "Clara",
    "Desmond",
    "Eleanor",
    "Felix",
    "Greta",
    "Harold",
    "Imogen",
    "Jasper",
    "Katherine",
    "Leonard",
    "Matilda",
    "Nathaniel",
    "Olive",
    "Patrick",
    "Rosalind",
    "Sebastian",
    "Theresa",
    "Victor",
    "Winifred",
    "Arthur",
    "Beatrice",
    "Cecil",
]


def _texts(words: int, n: int) -> list[str]:
    """n different letters of about `words` words.

    Every text is new to the server (its result cache would otherwise answer repeats at
    once): templates, variations and names all change from one text to the next.
    """
    from letterwriter.language import ordinal_words
    from letterwriter.model import example_brief
    from letterwriter.templates import TemplateLibrary

    lib = TemplateLibrary(user_dir=Path(tempfile.mkdtemp()))
    infos = lib.list()
    texts: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(texts) < n:
        body = []
        while sum(len(b.split()) for b in body) < words:
            info = infos[i % len(infos)]
            name = _NAMES[(i // len(infos)) % len(_NAMES)]
            sender = _NAMES[(i * 7 + 3) % len(_NAMES)]
            brief = example_brief(info, length="long", recipient_name=name, sender_name=sender)
            # a memory no other text has, so every text is new to the server
            unique = f"the {ordinal_words(i + 1)} time we walked to the harbour together"
            for key in ("memories", "memory"):
                f = info.field(key)
                if f is not None:
                    brief[key] = [unique] if f.type == "list" else unique
            body.append(f"I remember {unique}. " + lib.render(info, brief, variation=i // 3 + 1).body_text)
            i += 1
        text = " ".join(" ".join(body).split()[:words])
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def bench_grammar() -> dict:
    import psutil

    from letterwriter.grammar import Checker
    from letterwriter.languagetool import process
    from letterwriter.languagetool.installation import installation
    from letterwriter.languagetool.java import find_java

    inst = installation()
    if inst is None:
        return {"grammar_error": "LanguageTool is not installed (make setup)"}
    java = find_java()
    res: dict = {}

    def raw_cold_start():
        """The bare JVM on the same jars, plain start, then one HTTP check."""
        port = process.free_port()
        t = time.perf_counter()
        raw = subprocess.Popen(
            [java.path, "-Xmx768m", "-cp", inst.plain_classpath, process.MAIN_CLASS, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        while not process.healthy(url, timeout=1):
            time.sleep(0.05)
        _post(url, "He go to school.")
        return time.perf_counter() - t, raw, url

    def our_cold_start():
        """ServerProcess start (health wait, warm-up) plus the first check through our client."""
        t = time.perf_counter()
        server = process.ServerProcess(memory_mb=512, run_dir=Path(tempfile.mkdtemp()))
        server.start()
        checker = Checker(server.url)
        checker.check("He go to school.")
        return time.perf_counter() - t, server, checker

    # Three rounds, interleaved so both see the same machine; the medians are compared.
    # The last round's servers stay up for the warm checks.
    raw_s, ours_s = [], []
    for round_ in range(3):
        took, raw, raw_url = raw_cold_start()
        raw_s.append(took)
        took, server, checker = our_cold_start()
        ours_s.append(took)
        if round_ < 2:
            server.stop()
            raw.terminate()
            raw.wait()
    res["lt_raw_cold_start_s"] = round(p50(raw_s), 2)
    res["lt_cold_start_s"] = round(p50(ours_s), 2)
    res["lt_cold_start_ratio"] = ratio(p50(ours_s), p50(raw_s))
    res["lt_cold_start_cds"] = server.uses_cds
    res["lt_jvm_options"] = " ".join(process.jvm_options())

    try:
        _post(raw_url, "This is a warm-up.")  # ours had the same at its start
        for words in (80, 400, 2000):
            n = {80: 30, 400: 20, 2000: 8}[words]
            texts = _texts(words, 4 * n + 4)
            checker.check(texts.pop())  # warm the path, on a text not measured
            _post(raw_url, texts.pop())
            ours, bare_urllib, bare_requests, raw_jvm = [], [], [], []
            for i in range(n):
                # Each text is checked once (the server caches results), and which of the
                # four callers gets which text rotates, so no caller gets easier texts.
                a, b, c, d = (texts[4 * i + (k + i) % 4] for k in range(4))
                checker._cache.clear()
                calls = [
                    (ours, lambda: checker.check(a)),
                    (bare_urllib, lambda: _post(server.url, b)),
                    (bare_requests, lambda: _post_requests(server.url, c)),
                    (raw_jvm, lambda: _post(raw_url, d)),
                ]
                # The order rotates too: a JVM still busy after its answer (JIT, GC) slows
                # whichever call comes next, so that cost is shared by all four.
                for out, call in calls[i % 4 :] + calls[: i % 4]:
                    out += timed(call, 1)
            # The raw figure is the faster of two bare clients: a conservative baseline.
            bare = min(p50(bare_urllib), p50(bare_requests))
            res[f"check_ms_p50_{words}w"] = round(p50(ours), 1)
            res[f"raw_check_ms_p50_{words}w"] = round(bare, 1)
            res[f"check_ratio_{words}w"] = ratio(p50(ours), bare)
            # Our JVM options against the raw server's defaults: bare POSTs to each.
            res[f"raw_server_check_ms_p50_{words}w"] = round(p50(raw_jvm), 1)
            res[f"jvm_ratio_{words}w"] = ratio(p50(bare_urllib), p50(raw_jvm))
        res["lt_rss_mb"] = round(psutil.Process(server.proc.pid).memory_info().rss / 1e6, 1)
        res["lt_raw_rss_mb"] = round(psutil.Process(raw.pid).memory_info().rss / 1e6, 1)
        raw.terminate()
        raw.wait()

        # Re-check after one paragraph of a 400-word letter changed.
        base = _texts(400, 1)[0]
        words_ = base.split()
        paras = [" ".join(words_[i : i + 80]) for i in range(0, 400, 80)]
        checker.check("\n\n".join(paras))
        times = []
        for i in range(20):
            paras[2] = paras[2] + f" We walked {i + 2} miles that day."
            text = "\n\n".join(paras)
            times += timed(lambda: checker.check(text), 1)
        res["recheck_ms_p50"] = round(p50(times), 1)
    finally:
        server.stop()
        if raw.poll() is None:
            raw.terminate()
            raw.wait()
    return res


# --- LanguageTool faults -----------------------------------------------------------------------


def bench_lt_faults() -> dict:
    """Section lt_faults: the shared server under faults, a JVM killed (time until a check is
    answered again) and a JVM stopped (time until the check gives up), 5 s check timeout."""
    import signal

    from letterwriter import grammar
    from letterwriter.languagetool import shared
    from letterwriter.languagetool.installation import installation

    inst = installation()
    if inst is None:
        return {"lt_faults_error": "LanguageTool is not installed (make setup)"}
    tmp = Path(tempfile.mkdtemp())
    (tmp / "lt").mkdir()
    (tmp / "lt" / inst.version).symlink_to(inst.home)  # our own state, the real jars
    (tmp / "home").mkdir()
    timeout_s = 5
    (tmp / "home" / "settings.json").write_text(json.dumps({"check_timeout_s": timeout_s}))
    saved = {k: os.environ.get(k) for k in ("LETTERWRITER_HOME", "LETTERWRITER_LANGUAGETOOL_DIR")}
    os.environ["LETTERWRITER_HOME"] = str(tmp / "home")
    os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = str(tmp / "lt")
    res: dict = {"lt_check_timeout_s": timeout_s}

    def java_pid() -> int:
        return json.loads((tmp / "lt" / "server.json").read_text())["java_pid"]

    try:
        grammar.check_text("He go to school.")  # cold start of the shared server
        recover = []
        for i in range(3):
            os.kill(java_pid(), signal.SIGKILL)
            t = time.perf_counter()
            grammar.check_text(f"He go to school {i + 2} times.")
            recover.append(time.perf_counter() - t)
        res["lt_recover_s"] = round(p50(recover), 2)
        res["lt_recover_s_max"] = round(max(recover), 2)

        pid = java_pid()
        os.kill(pid, signal.SIGSTOP)
        t = time.perf_counter()
        try:
            grammar.check_text("She go to school.")
            res["lt_stuck_outcome"] = "answered"
        except grammar.GrammarUnavailable as exc:
            res["lt_stuck_outcome"] = str(exc)[:100]
        res["lt_stuck_s"] = round(time.perf_counter() - t, 2)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGCONT)
    finally:
        shared.stop_server()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return res
