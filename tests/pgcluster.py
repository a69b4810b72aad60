"""A PostgreSQL server of the tests' (and the bench's) own: initdb in a temporary folder, its own port
and socket folder, nothing outside the machine, stopped and removed at the end.

`initdb` refuses root, so as root (CI) the server runs as the `postgres` user through `setpriv`; its
folder is made in /tmp (pytest's own folders are root's alone) and given to that user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# Fast for tests: no fsync (a killed server keeps what reached the kernel; only a power cut would
# lose it), but commits still wait for their WAL to be written, so a server stopped "immediate"
# keeps every commit (the crash tests rely on it). The bench asks for the defaults.
FAST = ("-c fsync=off -c full_page_writes=off",)


def bindir() -> Path:
    """Where initdb and pg_ctl are: PG_BINDIR, pg_config's answer, or Debian's newest version."""
    env = os.environ.get("PG_BINDIR")
    if env:
        return Path(env)
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    except OSError:
        pass
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb): run 'make setup' (Debian package 'postgresql')"
        )
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One throwaway PostgreSQL server; `url(db)` connects as the superuser `postgres` over TCP (trust)."""

    def __init__(self, *, fast: bool = True) -> None:
        self.bin = bindir()
        self.root = Path(tempfile.mkdtemp(prefix="lw-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.fast = fast
        self._as_postgres = os.geteuid() == 0
        self.sockets.mkdir()
        if self._as_postgres:
            import pwd

            pw = pwd.getpwnam("postgres")
            for p in (self.root, self.sockets):
                os.chown(p, pw.pw_uid, pw.pw_gid)

    def _run(self, *cmd: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = (
            ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] if self._as_postgres else []
        )
        return subprocess.run(
            [*prefix, *cmd], cwd=self.root, capture_output=True, text=True, check=check, timeout=timeout
        )

    def init(self) -> Cluster:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        return self

    def start(self) -> Cluster:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if self.fast:
            options += " " + FAST[0]
        r = self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
            check=False,
        )
        if r.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {r.stdout} {r.stderr} {self.tail()}")
        return self

    def stop(self, mode: str = "immediate") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres", **query: str) -> str:
        q = "&".join(f"{k}={v}" for k, v in query.items())
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}" + (f"?{q}" if q else "")

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        """One statement in autocommit (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(statement)

    def create_database(self, name: str, template: str = "template0") -> str:
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)
