"""An installed wheel (not editable) works exactly like the checkout: templates and resources ride along."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.core]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        # the backend installed with the dev tools: no isolated environment fetched for one build
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(tmp.glob("letterwriter-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the test venv's pip installs into it (no second pip bootstrapped for one wheel)
    pip = [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(pip, check=True)
    # The dependencies come from the test venv (a path, not its .pth files, so the
    # editable checkout stays out of sight); letterwriter itself only from the wheel.
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv, tmp


def run(venv: Path, cwd: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(venv / "bin" / "letterwriter"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_wheel_carries_templates_and_renders_every_one(installed, tmp_path):
    venv, tmp = installed
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import letterwriter, letterwriter.paths as p; print(letterwriter.__file__);"
            "print(p.bundled_templates_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert str(venv) in where[0] and str(venv) in where[1], where
    r = run(venv, tmp_path, "templates", "--json")
    assert r.returncode == 0, r.stderr
    templates = json.loads(r.stdout)
    assert len(templates) >= 12
    for t in templates:
        required = [f for f in t["fields"] if f["required"]]
        args = []
        for f in required:
            value = f["choices"][0] if f.get("choices") else "Catherine"
            args += ["--field", f"{f['name']}={value}"]
        r = run(venv, tmp_path, "render", t["id"], *args)
        assert r.returncode == 0, (t["id"], r.stderr)
        assert "Catherine" in r.stdout
    r = run(
        venv,
        tmp_path,
        "render",
        "love_letter",
        "--field",
        "sender_name=Theo",
        "--field",
        "recipient_name=Cat",
        "-o",
        str(tmp_path / "l.pdf"),
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    # resources travel too: the LanguageTool recipe and the window icon
    r = run(venv, tmp_path, "doctor", "--json")
    d = json.loads(r.stdout)
    assert d["languagetool"].get("expected_version") or d["languagetool"].get("version")
    icon = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import letterwriter.paths as p; print((p.resources_dir()/'icons'/'letterwriter.svg').is_file())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert icon == "True"
