"""A firm's desk: several writers on one archive (both engines), and what only a server brings
(PostgreSQL): a newer schema, an upgrade under an advisory lock, a lock held too long, a server
that cannot be reached, passwords kept out of settings, a whole archive moved onto the server."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import pytest

from letterwriter.archive.clients import add_client
from letterwriter.archive.dates import _coming, upcoming
from letterwriter.archive.letters import save_letter
from letterwriter.archive.opening import doctor_info, open_archive
from letterwriter.archive.records import ArchiveError, ClientChanged
from letterwriter.archive.reuse import find_reuse
from letterwriter.archive.schema import MIGRATIONS, step_sql
from letterwriter.archive.store import ArchiveStore
from letterwriter.archive.transfer import copy_archive, export_archive, import_archive
from letterwriter.settings import Settings
from letterwriter.storage.postgres import WRITE_LOCK, PgDatabase
from letterwriter.storage.sqlite import StoreError
from letterwriter.templates import library

pytestmark = pytest.mark.core

ADA = {
    "name": "Ada Byrne",
    "people": [
        {
            "name": "Tobias",
            "dates": {"anniversary": "1974-06-01"},
            "memories": ["the rain that started just as we came out of the church"],
        }
    ],
}
PG_STEPS = [step_sql(s, "postgresql") for s in MIGRATIONS]


@pytest.fixture
def desks(archive_at):
    """Two writers' desks on one archive: Ada's and Bea's."""
    ada, bea = ArchiveStore.open(archive_at, writer="ada"), ArchiveStore.open(archive_at, writer="bea")
    yield ada, bea
    ada.close()
    bea.close()


def _letter(store, person, brief_extra=None, text="A letter.\n"):
    info = library().get("anniversary")
    brief = {"sender_name": "Ada", "recipient_name": person.name, **(brief_extra or {})}
    return save_letter(store, store.get_person(person.id), info, brief, text)


# --- writers ------------------------------------------------------------------------------------


def test_letters_record_who_wrote_them_and_list_by_writer(desks):
    ada, bea = desks
    tobias = ada.people(add_client(ada, ADA))[0]
    first = _letter(ada, tobias)
    second = _letter(bea, tobias, text="Another.\n")
    assert [x.id for x in ada.list_letters(writer="bea")] == [second.id]
    assert [x.id for x in bea.list_letters(writer="ADA")] == [first.id]  # as typed, any case
    # a colleague saving Ada's letter again (picking up her client) keeps who wrote it
    again = bea.get_letter(first.id)
    bea.save_letter(again)
    assert bea.get_letter(first.id).writer == "ada"
    assert ada.list_letters(writer="nobody") == []


def test_the_later_of_two_edits_of_one_client_file_is_refused(desks):
    ada, bea = desks
    cid = add_client(ada, ADA)
    seen_by_ada, seen_by_bea = ada.get_client(cid), bea.get_client(cid)
    assert seen_by_ada.version == seen_by_bea.version
    seen_by_bea.notes = "prefers the formal closing"
    bea.update_client(seen_by_bea, version=seen_by_bea.version)
    seen_by_ada.notes = "writes every June"
    with pytest.raises(ClientChanged) as err:
        ada.update_client(seen_by_ada, version=seen_by_ada.version)
    assert err.value.kind == "changed" and "Ada Byrne's file was changed by bea" in str(err.value)
    assert "not saved" in str(err.value) and "look at the file again" in str(err.value)
    now = ada.get_client(cid)  # reloaded: Bea's edit is there, Ada's was not written over it
    assert now.notes == "prefers the formal closing" and now.updated_by == "bea"
    tobias = ada.people(cid)[0]
    with pytest.raises(ClientChanged):
        ada.add_memory(tobias.id, "the kite", version=seen_by_ada.version)
    ada.add_memory(tobias.id, "the kite", version=now.version)  # made on the current file: saved
    assert [m.text for m in ada.people(cid)[0].memories][-1] == "the kite"
    assert ada.get_client(cid).version == now.version + 1


def test_told_before_sees_another_desks_letter_the_moment_it_is_saved(desks):
    ada, bea = desks
    tobias = ada.people(add_client(ada, ADA))[0]
    memory = tobias.memories[0].text
    info = library().get("anniversary")
    brief = {"sender_name": "Ada", "recipient_name": "Tobias", "memories": [memory]}
    text = library().render(info, brief).text
    assert find_reuse(bea, bea.get_person(tobias.id), info, brief, text) == []
    first = save_letter(ada, ada.get_person(tobias.id), info, brief, text)
    notes = find_reuse(bea, bea.get_person(tobias.id), info, brief, text)  # Bea's desk, at once
    assert [(r.kind, r.letter_id) for r in notes] == [("memory", first.id)]


def test_upcoming_chosen_in_sql_is_the_same_as_every_date_worked_out(archive_at):
    store = ArchiveStore.open(archive_at)
    rnd = random.Random(18)
    people = []
    for i in range(40):
        year = rnd.choice([1948, 1960, 1996, 2000, 2016, 2030])  # 2030: a date still ahead
        day = (
            "02-29" if i % 9 == 0 and year % 4 == 0 else f"{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        )
        people.append({"name": f"P{i}", "dates": {"birthday": f"{year}-{day}"}})
    add_client(store, {"name": "Many", "people": people})
    everything = store.all_dates()
    for today in (dt.date(2026, 12, 20), dt.date(2027, 2, 27), dt.date(2028, 2, 28), dt.date(2026, 6, 1)):
        for days in (0, 1, 14, 45, 200, 364, 365, 400):
            want = sorted(
                (u.person, u.next_date)
                for u in (_coming(r, today, days) for r in everything)
                if u is not None
            )
            assert sorted((u.person, u.next_date) for u in upcoming(store, days, today)) == want, (
                today,
                days,
            )
    store.close()


# --- only on a server ---------------------------------------------------------------------------


def test_a_url_with_a_password_is_refused_saying_so(pg_url, isolated_home):
    settings = Settings(
        isolated_home / "settings.json", {"database_url": pg_url.replace("postgres@", "postgres:pw@")}
    )
    with pytest.raises(StoreError) as err:
        open_archive(settings=settings)
    assert (
        "holds a password" in str(err.value) and ".pgpass" in str(err.value) and ":pw@" not in str(err.value)
    )


def test_an_unreachable_server_is_its_own_error_and_the_window_gets_a_waiting_archive(pg_cluster):
    from pgcluster import free_port

    url = f"postgresql://postgres@127.0.0.1:{free_port()}/none"
    with pytest.raises(StoreError) as err:
        open_archive(url=url)
    assert err.value.kind == "unreachable" and "cannot be reached" in str(err.value)
    opened = open_archive(url=url, lazy=True)
    assert opened.mode == "unreachable" and "cannot be reached" in opened.message
    with pytest.raises(StoreError) as err:
        opened.store.list_clients()  # fails at once (no 5 s wait per call while it is down)
    assert err.value.kind == "unreachable"


def test_doctor_says_engine_where_and_schema_without_the_password(pg_url, isolated_home, monkeypatch):
    monkeypatch.setenv("LETTERWRITER_DATABASE_URL", pg_url)
    info = doctor_info()["database"]
    assert info["engine"] == "postgresql" and info["where"] == pg_url and info["status"] == "ok"
    assert info["schema_version"] == len(MIGRATIONS) and info["counts"]["clients"] == 0
    assert info["path"] == str(isolated_home / "letterwriter.db") and info["counts"]["drafts"] == 0
    monkeypatch.setenv("LETTERWRITER_DATABASE_URL", pg_url.replace("postgres@", "postgres:hunter2@"))
    info = doctor_info()["database"]
    assert "hunter2" not in str(info) and "password" in info["status"]


def test_an_older_desk_refuses_to_write_to_a_newer_schema(pg_url):
    old = ArchiveStore.open(pg_url, writer="old")
    cid = add_client(old, ADA)
    newer = PG_STEPS + ["CREATE TABLE envelopes (id TEXT PRIMARY KEY)"]
    PgDatabase(pg_url, newer).close()  # a newer desk opens the archive: the schema goes up
    with pytest.raises(StoreError) as err:
        add_client(old, {"name": "Bea"})
    said = f"upgraded by a newer Letterwriter (schema {len(newer)}, this one knows {len(PG_STEPS)})"
    assert err.value.kind == "newer" and said in str(err.value)
    assert [c.name for c in old.list_clients()] == ["Ada Byrne"]  # reading goes on
    old.close()
    again = open_archive(url=pg_url)
    assert again.mode == "readonly" and "read-only" in again.message
    assert again.store.get_client(cid).name == "Ada Byrne"
    with pytest.raises(StoreError):
        again.store.add_memory(again.store.people(cid)[0].id, "x")
    again.store.close()


def test_an_upgrade_waits_for_a_write_in_flight_and_two_upgrades_make_one(pg_url):
    desk = ArchiveStore.open(pg_url)
    newer = PG_STEPS + ["CREATE TABLE envelopes (id TEXT PRIMARY KEY)"]
    times: dict[str, float] = {}
    errors: list[BaseException] = []

    def upgrade(name: str) -> None:
        try:
            PgDatabase(pg_url, newer).close()
            times[name] = time.monotonic()
        except BaseException as exc:  # reported below
            errors.append(exc)

    with desk.db.transaction() as db:  # a save in flight holds the write lock shared
        db.execute("INSERT INTO clients (id, name, created, updated) VALUES ('c1', 'Ada', '', '')")
        threads = [threading.Thread(target=upgrade, args=(n,)) for n in ("one", "two")]
        for t in threads:
            t.start()
        time.sleep(1.0)
        assert times == {}  # both wait for the save
        committed = time.monotonic()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert min(times.values()) >= committed
    check = PgDatabase(pg_url, newer)
    assert check.version == len(newer)
    assert check.execute("SELECT COUNT(*) FROM letterwriter_schema").fetchone()[0] == 1
    assert check.execute("SELECT name FROM clients").fetchall() == [("Ada",)]
    check.close()
    desk.close()


def test_a_lock_held_too_long_stops_with_the_same_words_as_sqlite(pg_url, tmp_path):
    import psycopg

    holder = psycopg.connect(pg_url, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))  # another desk's import, say
    try:
        store = ArchiveStore.open(pg_url, busy_timeout_ms=200)
        assert store.list_clients() == []  # reading goes on
        with pytest.raises(StoreError) as err:
            add_client(store, ADA)
        assert err.value.kind == "locked"
        assert str(err.value).endswith(": the database is locked by another program for more than 0.2 s")
    finally:
        holder.close()
    assert add_client(store, ADA)  # the lock gone: saved
    store.close()


def test_migrate_copies_a_whole_archive_with_the_same_counts_and_searches(tmp_path, pg_url, pg_empty_url):
    local = ArchiveStore.open(tmp_path / "letterwriter.db", writer="ada")
    tobias = local.people(add_client(local, ADA))[0]
    add_client(local, {"name": "Zoë Ångström", "people": [{"name": "Søren", "places": ["Malmö"]}]})
    for i in range(30):
        _letter(
            local, tobias, {"letter_date": f"20{10 + i % 15}-06-01"}, f"Letter {i} about the lighthouse.\n"
        )
    steps: list[tuple[int, int, str]] = []
    target = ArchiveStore.open(pg_empty_url)  # an empty database: the schema is made on the way
    counts = copy_archive(local, target, lambda *a: steps.append(a))
    assert counts == {k: len(v) for k, v in local.dump().items()}
    assert target.counts() == local.counts() and target.dump() == local.dump()
    assert steps[-1][2] == "search index" and steps[-2][0] == steps[-2][1] == sum(counts.values())
    for search in ("lighthouse", "zoe malmo", "2015", "tobias church", "Ångström"):
        assert [x.id for x in target.list_letters(search=search)] == [
            x.id for x in local.list_letters(search=search)
        ]
        assert [c.id for c in target.list_clients(search)] == [c.id for c in local.list_clients(search)]
    with pytest.raises(ArchiveError, match="already holds 2 clients and 30 letters"):
        copy_archive(local, target)
    # and back the other way, by export and import: the same again
    export_archive(target, tmp_path / "firm.json")
    home = ArchiveStore.open(tmp_path / "home" / "letterwriter.db")
    import_archive(home, tmp_path / "firm.json")
    assert home.dump() == target.dump()
    for s in (local, target, home):
        s.close()
