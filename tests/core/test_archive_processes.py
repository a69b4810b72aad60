"""Nothing lost: real processes saving into one archive at once, and `kill -9` in the middle of saving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from helpers import ROOT

from letterwriter.archive.clients import add_client
from letterwriter.archive.store import ArchiveStore
from letterwriter.storage.drafts import DraftStore
from letterwriter.storage.local import open_database

pytestmark = [pytest.mark.core, pytest.mark.slow]

CLIENT = {
    "name": "Ada Byrne",
    "people": [{"name": "Tobias", "relationship": "spouse", "dates": {"anniversary": "1974-06-01"}}],
}

# One writer: saves letters (as `render --save` does), adds memories (read-modify-write of the
# position) and autosaves a draft; prints each id only after its transaction committed.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from letterwriter.archive.letters import save_letter
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.storage.drafts import DraftRecord, DraftStore
    from letterwriter.storage.local import open_database
    from letterwriter.templates import library

    db, person_id, tag, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    database = open_database(db)
    store, drafts = ArchiveStore(database), DraftStore(database)
    info = library().get("anniversary")
    person = store.get_person(person_id)
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        brief = {"sender_name": "Ada", "recipient_name": "Tobias", "memories": [f"{tag} memory {i}"]}
        rec = save_letter(store, person, info, brief, f"Letter {i} from {tag}.\\n")
        print("letter", rec.id, flush=True)
        mid = store.add_memory(person_id, f"{tag} note {i}")
        print("memory", mid, flush=True)
        draft = DraftRecord(id=f"{tag}-draft", template="anniversary", content="{}", letter_text=f"{tag} {i}")
        drafts.put_draft(draft)
        print("draft", f"{tag} {i}", flush=True)
    """
)


def _setup(tmp_path):
    db = tmp_path / "letterwriter.db"
    s = ArchiveStore.open(db)
    cid = add_client(s, CLIENT)
    person = s.people(cid)[0]
    s.close()
    return db, person.id


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    db, person_id = _setup(tmp_path)
    go = tmp_path / "go"
    n = 30
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), person_id, tag, str(n), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("window", "batch")
    ]
    time.sleep(1.0)  # both imported and waiting
    go.touch()
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    reported = [line.split() for out, _ in outs for line in out.splitlines()]
    database = open_database(db)
    s, drafts = ArchiveStore(database), DraftStore(database)
    assert database.integrity_ok()
    letters = {letter.id: letter for letter in s.list_letters(person_id=person_id)}
    assert sorted(letters) == sorted(x[1] for x in reported if x[0] == "letter")
    assert len(letters) == 2 * n
    person = s.get_person(person_id)
    # every memory there (2n told in letters, 2n added), each with its own place in the list
    assert len(person.memories) == 4 * n
    assert sorted(m.position for m in person.memories) == list(range(4 * n))
    by_text = {m.text: m for m in person.memories}
    for tag in ("window", "batch"):
        for i in range(n):
            m = by_text[f"{tag} memory {i}"]
            assert len(m.letters) == 1 and letters[m.letters[0]].rendered_text == f"Letter {i} from {tag}.\n"
        assert drafts.get_draft(f"{tag}-draft").letter_text == f"{tag} {n - 1}"


def test_kill_9_while_render_save_loops_keeps_every_reported_letter(tmp_path):
    db, person_id = _setup(tmp_path)
    home = tmp_path
    loop = textwrap.dedent(
        """
        import sys
        from letterwriter import cli
        from letterwriter.storage.drafts import DraftRecord, DraftStore
        from letterwriter.storage.local import open_database
        drafts = DraftStore(open_database())
        i = 0
        while True:
            i += 1
            cli.main(["render", "anniversary", "--to", sys.argv[1], "--save",
                      "--field", f"memories=the day number {i}", "--field", "letter_date=2027-06-01"])
            draft = DraftRecord(id="autosave", template="anniversary", content="{}", letter_text=str(i))
            drafts.put_draft(draft)
            print("draft", i, file=sys.stderr, flush=True)
        """
    )
    env = dict(os.environ, LETTERWRITER_HOME=str(home))
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", loop, person_id],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        saved, drafts = [], []
        deadline = time.monotonic() + 60
        want = 8 + 5 * round_  # kill at a different moment each round
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if line.startswith("saved letter "):
                saved.append(line.split()[2])
            elif line.startswith("draft "):
                drafts.append(int(line.split()[1]))
            elif not line:
                break
            if len(saved) >= want:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert len(saved) >= want, "the loop did not save as expected"

        database = open_database(db)
        s, drafts_store = ArchiveStore(database), DraftStore(database)
        assert database.integrity_ok()
        have = {letter.id for letter in s.list_letters(person_id=person_id)}
        assert set(saved) <= have  # every letter reported saved is there
        assert len(have) >= len(saved)
        d = drafts_store.get_draft("autosave")
        assert d is not None and int(d.letter_text) >= (drafts[-1] if drafts else 0)
        s.close()
