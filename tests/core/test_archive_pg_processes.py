"""A firm's archive on a real PostgreSQL under real faults: eight writer processes at once, `kill -9`
of a writer in the middle of its transaction, the server stopped (immediate: no checkpoint, as a
crash) and started again under a running desk."""

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
from letterwriter.storage.sqlite import StoreError

pytestmark = [pytest.mark.core, pytest.mark.slow]

CLIENT = {
    "name": "Ada Byrne",
    "people": [{"name": "Tobias", "relationship": "spouse", "dates": {"anniversary": "1974-06-01"}}],
}

# One writer's desk: saves letters (each tells a new memory) and adds notes to the person's file
# (both read-modify-write a memory's place); prints each id only once its transaction committed.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from letterwriter.archive.letters import save_letter
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.templates import library

    url, person_id, tag, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    store = ArchiveStore.open(url, writer=tag)
    info = library().get("anniversary")
    person = store.get_person(person_id)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        brief = {"sender_name": "Ada", "recipient_name": "Tobias", "memories": [f"{tag} memory {i}"]}
        rec = save_letter(store, person, info, brief, f"Letter {i} from {tag}.\\n")
        print("letter", rec.id, flush=True)
        print("memory", store.add_memory(person_id, f"{tag} note {i}"), flush=True)
    """
)


def _setup(url):
    s = ArchiveStore.open(url)
    cid = add_client(s, CLIENT)
    person = s.people(cid)[0]
    s.close()
    return person.id


def test_eight_writers_saving_at_once_lose_nothing(pg_url, tmp_path):
    person_id = _setup(pg_url)
    go, n, tags = tmp_path / "go", 10, [f"w{i}" for i in range(8)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_url, person_id, tag, str(n), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in tags
    ]
    for p in procs:  # all connected and waiting, then all at once
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    go.touch()
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    reported = [line.split() for out, _ in outs for line in out.splitlines()]
    s = ArchiveStore.open(pg_url)
    letters = {x.id: x for x in s.list_letters(person_id=person_id)}
    assert sorted(letters) == sorted(x[1] for x in reported if x[0] == "letter")
    assert len(letters) == 8 * n
    assert {tag: len(s.list_letters(writer=tag)) for tag in tags} == {tag: n for tag in tags}
    person = s.get_person(person_id)
    # every memory there (told in a letter, or added), each with its own place in the list
    assert len(person.memories) == 2 * 8 * n
    assert sorted(m.position for m in person.memories) == list(range(2 * 8 * n))
    by_text = {m.text: m for m in person.memories}
    for tag in tags:
        for i in range(n):
            m = by_text[f"{tag} memory {i}"]
            assert len(m.letters) == 1 and letters[m.letters[0]].rendered_text == f"Letter {i} from {tag}.\n"
    assert [c.name for c in s.list_clients("note w7")] == ["Ada Byrne"]  # the index saw every change
    s.close()


def test_kill_9_of_a_writer_mid_transaction_leaves_no_half_letter_and_no_lock(pg_url, tmp_path):
    person_id = _setup(pg_url)
    # a writer stopped dead inside its transaction: the letter inserted, the client's lock held
    inside = textwrap.dedent(
        """
        import sys, time
        from letterwriter.archive.records import LetterRecord
        from letterwriter.archive.store import ArchiveStore
        store = ArchiveStore.open(sys.argv[1])
        person = store.get_person(sys.argv[2])
        with store.db.transaction() as db:
            db.lock(f"client:{person.client_id}")
            store._put_letter(db, LetterRecord("half", person.client_id, person.id, "birthday", "Half."), "")
            print("inside", flush=True)
            time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", inside, pg_url, person_id], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    s = ArchiveStore.open(pg_url)
    assert s.get_letter("half") is None  # rolled back with the dead connection
    s.add_memory(person_id, "after the kill")  # the client's lock went with it (no 5 s wait, no error)
    assert [m.text for m in s.get_person(person_id).memories] == ["after the kill"]

    # and `render --save` in a loop, killed at a different moment each round: every letter it
    # reported saved is there
    loop = textwrap.dedent(
        """
        import sys
        from letterwriter import cli
        i = 0
        while True:
            i += 1
            cli.main(["render", "anniversary", "--to", sys.argv[1], "--save",
                      "--field", f"memories=the day number {i}", "--field", "letter_date=2027-06-01"])
        """
    )
    env = dict(os.environ, LETTERWRITER_HOME=str(tmp_path), LETTERWRITER_DATABASE_URL=pg_url)
    saved: list[str] = []
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", loop, person_id],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        want, deadline = len(saved) + 3 + 2 * round_, time.monotonic() + 90
        while time.monotonic() < deadline and len(saved) < want:
            line = proc.stderr.readline()
            if not line:
                break
            if line.startswith("saved letter "):
                saved.append(line.split()[2])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert len(saved) >= want, "the loop did not save as expected"
        have = {x.id for x in s.list_letters(person_id=person_id)}
        assert set(saved) <= have
    memories = s.get_person(person_id).memories
    assert sorted(m.position for m in memories) == list(range(len(memories)))
    s.close()


def _desk(pg_url, isolated_home):
    from letterwriter.desk import Desk
    from letterwriter.settings import Settings
    from letterwriter.templates import library

    settings = Settings(isolated_home / "settings.json", {"database_url": pg_url, "writer": "ada"})
    return Desk(library(), settings)


def test_the_server_stopped_and_started_under_a_running_desk_loses_nothing(pg_cluster, pg_url, isolated_home):
    person_id = _setup(pg_url)
    desk = _desk(pg_url, isolated_home)
    assert desk.archive_mode == "normal" and desk.archive.engine == "postgresql"
    a = desk.new_for(person_id, "anniversary")
    a.set_value("sender_name", "Ada")
    desk.file_letter()
    first_id = a.letter_id
    assert desk.archive.get_letter(first_id) is not None

    pg_cluster.stop("immediate")  # as a crash: no checkpoint, every connection cut
    try:
        a.edit_text(a.text + "\nP.S. The kettle is on.\n")
        assert desk.file_letter() == []  # no error for the person: the letter waits
        assert desk.archive_mode == "unreachable" and desk.waiting() == 1
        b = desk.new("birthday", {"sender_name": "Ada", "recipient_name": "Tobias"})
        b.person_id = person_id  # a letter to him brought back from an autosave, say
        desk.file_letter()
        desk.file_letter("exported", "/letters/tobias.pdf")  # saved again meanwhile: still one waiting
        assert desk.waiting() == 2 and desk.archive_probe()() != ""
    finally:
        pg_cluster.start()
    assert desk.archive_probe()() == ""  # the window asks from a worker thread
    assert desk.archive_back() == 2 and desk.waiting() == 0 and desk.archive_mode == "normal"
    s = ArchiveStore.open(pg_url)
    letters = {x.id: x for x in s.list_letters(person_id=person_id)}
    assert sorted(letters) == sorted([first_id, b.letter_id])  # each once
    assert letters[first_id].text.endswith("The kettle is on.\n")
    assert (letters[b.letter_id].status, letters[b.letter_id].export_path) == (
        "exported",
        "/letters/tobias.pdf",
    )
    assert letters[b.letter_id].writer == "ada"

    # a flush cut off after the archive's commit offers the same letter again: still one letter
    from letterwriter.archive.letters import draft_content

    desk.outbox.put(
        b.letter_id, person_id, draft_content(b, status="exported", export_path="/letters/tobias.pdf")
    )
    assert desk.file_waiting() == 1 and len(s.list_letters(person_id=person_id)) == 2

    # restarted while the desk is idle: the next read reconnects by itself, nothing to say
    pg_cluster.stop("fast")
    pg_cluster.start()
    assert {x.id for x in desk.archive.list_letters(person_id=person_id)} == set(letters)
    desk.close()
    s.close()


def test_a_save_cut_off_by_the_server_going_away_is_an_unreachable_error(pg_cluster, pg_url):
    person_id = _setup(pg_url)
    s = ArchiveStore.open(pg_url)
    pg_cluster.stop("immediate")
    try:
        with pytest.raises(StoreError) as err:
            s.add_memory(person_id, "lost?")
        assert err.value.kind == "unreachable"
    finally:
        pg_cluster.start()
    s.db.retry_now()
    assert s.get_person(person_id).memories == []  # nothing half-written
    s.close()
