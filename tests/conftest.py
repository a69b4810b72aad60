"""Shared test set-up: offscreen Qt, an isolated LETTERWRITER_HOME, no blocking dialogs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Every LanguageTool the suite starts compiles with C1 only, as on a two-core machine (the suite
# starts dozens): the same server and answers in about half the CPU time of a start
os.environ.setdefault("LETTERWRITER_LT_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own user data folder, so nothing leaks into the real one. A check waits up
    to 2 minutes there, not the default 30 s: the suite runs four workers on two cores against one
    shared server, and a slow answer on a busy machine is no fault (the tests of the limit write
    their own settings)."""
    home = tmp_path_factory.mktemp("lwhome")
    monkeypatch.setenv("LETTERWRITER_HOME", str(home))
    (home / "settings.json").write_text('{"check_timeout_s": 120}')
    return home


from helpers import REAL_LT_DIR  # noqa: E402  (read before any test isolates its home)

_SHARED_LT = "LETTERWRITER_TEST_LT_URL"  # the one server's URL, for xdist's workers


def _new_server(run_dir: Path):
    from letterwriter.languagetool.installation import installation
    from letterwriter.languagetool.process import ServerProcess

    saved = os.environ.get("LETTERWRITER_LANGUAGETOOL_DIR")
    os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = REAL_LT_DIR
    try:
        inst = installation()
    finally:
        if saved is None:
            del os.environ["LETTERWRITER_LANGUAGETOOL_DIR"]
        else:
            os.environ["LETTERWRITER_LANGUAGETOOL_DIR"] = saved
    assert inst is not None, (
        f"LanguageTool is not installed in {REAL_LT_DIR}: run 'make setup' "
        "(make test does it) — grammar tests run against the real server"
    )
    return ServerProcess(memory_mb=1024, install=inst, run_dir=run_dir)


_FAULTS = "LETTERWRITER_TEST_FAULT_DIR"  # where xdist's workers write a crash's Python stacks


def _worker_fault_log(config) -> None:
    """A worker that dies of a signal is only 'crashed' to xdist: its stacks go to a file the
    controller prints, so the crash says where it happened."""
    import faulthandler

    folder = os.environ.get(_FAULTS)
    if folder:
        name = config.workerinput.get("workerid", "gw")
        config._letterwriter_faults = open(os.path.join(folder, f"{name}.log"), "w")  # noqa: SIM115
        faulthandler.enable(file=config._letterwriter_faults, all_threads=True)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    folder = os.environ.get(_FAULTS)
    name = getattr(node, "workerinput", {}).get("workerid", "")
    path = Path(folder or ".", f"{name}.log")
    if error and folder and path.is_file() and path.stat().st_size:
        sys.stderr.write(f"\n--- {name} crashed; its Python stacks ---\n{path.read_text()}\n")


def pytest_configure(config):
    """Under xdist the controller starts the session's one LanguageTool server as it begins (the
    JVM loads while the workers collect); every worker checks against it, none starts its own."""
    if getattr(config, "workerinput", None) is not None:
        _worker_fault_log(config)
        return
    if not getattr(config.option, "numprocesses", None):
        return
    import tempfile

    os.environ[_FAULTS] = tempfile.mkdtemp(prefix="lw-test-faults-")
    server = _new_server(Path(tempfile.mkdtemp(prefix="lw-test-lt-")))
    server.spawn()
    os.environ[_SHARED_LT] = server.url
    config._letterwriter_lt = server


def pytest_unconfigure(config):
    server = getattr(config, "_letterwriter_lt", None)
    if server is not None:
        server.stop()


class _Shared:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture(scope="session")
def lt_server(tmp_path_factory):
    """One real LanguageTool server for the whole test session (installed by `make setup`): the
    controller's under xdist, else this process's own."""
    url = os.environ.get(_SHARED_LT)
    if url:
        import time

        from letterwriter.languagetool.process import healthy

        deadline = time.monotonic() + 180
        while not healthy(url, timeout=1.0):
            assert time.monotonic() < deadline, f"the session's LanguageTool at {url} never answered"
            time.sleep(0.1)
        yield _Shared(url)
        return
    server = _new_server(tmp_path_factory.mktemp("lt-run"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lt_url(lt_server) -> str:
    return lt_server.url


@pytest.fixture
def real_lt_dir(monkeypatch) -> str:
    """Point this test's user data at the real LanguageTool installation."""
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", REAL_LT_DIR)
    return REAL_LT_DIR


@pytest.fixture(autouse=True)
def no_blocking_dialogs(request, monkeypatch):
    """Modal questions answer at once in tests (Discard, OK), so nothing waits for a person.

    Tests that care about an answer patch the dialog themselves, after this fixture.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtWidgets import QMessageBox

    sb = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: sb.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: sb.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: sb.Ok)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: sb.Ok)
    yield


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """A QApplication before any test: a PDF test's bare QGuiApplication would make later windows abort."""
    return qapp


# --- PostgreSQL: one server of the tests' own per session, a fresh database per test -------------


@pytest.fixture(scope="session")
def pg_cluster():
    """A real PostgreSQL (Debian's, installed by `make setup`) in a temporary folder, for the whole
    session; a template database holds the archive's schema, so each test's copy is ready at once."""
    from pgcluster import Cluster

    from letterwriter.archive.store import ArchiveStore

    cluster = Cluster().init().start()
    try:
        ArchiveStore.open(cluster.create_database("lw_template")).close()
        yield cluster
    finally:
        cluster.remove()


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A fresh archive on the tests' PostgreSQL server, its schema made (CREATE DATABASE … TEMPLATE)."""
    return pg_cluster.create_database(f"t{next(_databases)}", "lw_template")


@pytest.fixture
def pg_empty_url(pg_cluster) -> str:
    """A fresh, empty database on the tests' PostgreSQL server (no archive in it yet)."""
    return pg_cluster.create_database(f"e{next(_databases)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_at(request, tmp_path) -> str:
    """Where an archive test's archive lives: a local file, then a PostgreSQL database (each runs on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "letterwriter.db")
    return request.getfixturevalue("pg_url")
