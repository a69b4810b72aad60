"""The letter draft and the desk, without Qt: rendering, edits, switching, fixes, files, autosave."""

from __future__ import annotations

import json

import pytest

from letterwriter.desk import Desk
from letterwriter.draft import Draft, LetterFileError
from letterwriter.grammar import Issue, utf16_len
from letterwriter.storage.drafts import DraftStore
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def lib():
    return TemplateLibrary()


def names(**extra):
    return {"sender_name": "Theodore", "recipient_name": "Marguerite", **extra}


def issue_for(text: str, word: str, field: str = "", nth: int = 0, repl=("the",)) -> Issue:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Issue(
        offset=start,
        length=len(word),
        utf16_offset=utf16_len(text[:start]),
        utf16_length=utf16_len(word),
        message="Possible spelling mistake",
        short_message="Spelling",
        rule_id="MORFOLOGIK_RULE_EN_US",
        category="TYPOS",
        issue_type="misspelling",
        replacements=list(repl),
        context="",
        source="field" if field else "template",
        field=field,
    )


def test_renders_and_every_change_bumps_the_revision(lib):
    d = Draft(lib, "birthday", names())
    assert "Marguerite" in d.text and d.letter() is not None
    r = d.revision
    assert d.set_value("recipient_name", "Margot") and d.revision == r + 1
    assert not d.set_value("recipient_name", "Margot") and d.revision == r + 1
    assert "Margot" in d.text


def test_missing_required_field_gives_no_letter_and_a_message(lib):
    d = Draft(lib, "thank_you", names())
    rendering = d.rendering()
    assert rendering.letter is None and "what_they_did" in rendering.errors
    assert d.text == "" and "fill in" in rendering.message
    label = lib.get("thank_you").field("what_they_did").label
    assert label in rendering.message


def test_free_text_is_kept_aside_and_comes_back(lib):
    d = Draft(lib, "birthday", names(memory="the cake that fell over", wish="a summer by the sea"))
    report = d.set_template("condolence")
    assert d.values["recipient_name"] == "Marguerite"  # names carry over
    assert "cake" not in d.text and "summer by the sea" not in d.text
    assert report.kept_aside and "Birthday" in " ".join(d.kept_aside())
    d.set_template("birthday")
    assert d.values["memory"] == "the cake that fell over"
    assert "cake" in d.text


def test_edits_stay_with_their_template(lib):
    d = Draft(lib, "birthday", names())
    d.edit_text(d.text + "\nPS: bring the cake.\n")
    assert d.edited_text is not None
    report = d.set_template("condolence")
    assert report.edits_aside and d.edited_text is None
    assert "bring the cake" not in d.text  # never the birthday letter under another heading
    d.set_template("birthday")
    assert "bring the cake" in d.text


def test_brief_change_after_an_edit_keeps_the_edit_and_says_so(lib):
    d = Draft(lib, "birthday", names())
    d.edit_text(d.text.replace("Marguerite", "Maggie", 1))
    assert not d.brief_changed_since_edit
    d.set_value("sender_name", "Theo")
    assert d.brief_changed_since_edit and "Maggie" in d.text
    d.regenerate()
    assert d.edited_text is None and "Theo" in d.text


def test_fix_in_a_field_replaces_exactly_the_flagged_word(lib):
    d = Draft(lib, "birthday", names(memory="teh cake and teh candles"))
    text = d.text
    second = issue_for(text, "teh", field="memory", nth=1)
    assert d.accept_issues(d.revision, text, [second])
    assert d.fix(second, "the") == "field"
    assert d.values["memory"] == "teh cake and the candles"
    assert d.edited_text is None


def test_fix_in_the_text_and_stale_issue_refused(lib):
    d = Draft(lib, "birthday", names())
    d.edit_text(d.text + "\nI hope teh day is kind.\n")
    text = d.text
    issue = issue_for(text, "teh")
    d.accept_issues(d.revision, text, [issue])
    assert d.origin(issue) == "your edit"
    assert d.fix(issue, "the") == "text"
    assert "I hope the day is kind." in d.text and "teh the" not in d.text
    with pytest.raises(ValueError):
        d.fix(issue, "the")


def test_stale_results_are_refused_and_issues_name_the_field_label(lib):
    d = Draft(lib, "birthday", names(memory="teh cake"))
    text, rev = d.text, d.revision
    d.set_value("recipient_name", "Margot")
    assert not d.accept_issues(rev, text, [])
    issue = issue_for(d.text, "teh", field="memory")
    assert d.accept_issues(d.revision, d.text, [issue])
    assert d.origin(issue) == f"your brief: {lib.get('birthday').field('memory').label}"
    assert not d.needs_check()


def test_modified_means_written_something(lib):
    d = Draft(lib, "birthday")
    assert not d.modified
    d.set_value("tone", "playful")
    assert not d.modified  # choosing a tone is not writing
    d.set_value("recipient_name", "Marguerite")
    assert d.modified


def test_letter_file_round_trip(lib, tmp_path):
    d = Draft(lib, "birthday", names(memory="the cake"), variation=2, language="en-GB")
    d.edit_text(d.text + "\nPS\n")
    d.ignored.append("rule:X")
    d.save(tmp_path / "a.letter")
    assert not d.modified
    back = Draft.open(lib, tmp_path / "a.letter")
    assert (back.template, back.values, back.variation, back.language) == (
        "birthday",
        d.values,
        2,
        "en-GB",
    )
    assert back.edited_text == d.edited_text and back.ignored == ["rule:X"] and not back.modified


@pytest.mark.parametrize(
    "data, gist",
    [
        ({"format": "letterwriter/1", "template": "nope"}, "not installed"),
        ({"format": "letterwriter/1", "template": "birthday", "ignored": "abc"}, "'ignored'"),
        ({"format": "letterwriter/1", "template": "birthday", "variation": 1e308}, "'variation'"),
        ({"format": "letterwriter/1", "template": "birthday", "variation": True}, "'variation'"),
        ({"format": "letterwriter/1", "template": "birthday", "language": "xx"}, "language"),
        ({"format": "letterwriter/1", "template": "birthday", "brief": []}, "'brief'"),
        ({"format": "letterwriter/1", "template": "birthday", "brief": {"age": 1e308}}, "'age'"),
        ({"format": "letterwriter/1", "template": "birthday", "brief": {"memory": {"a": 1}}}, "'memory'"),
        ({"format": "letterwriter/1", "template": "birthday", "edited_text": 5}, "edited_text"),
        ({"format": "other"}, "not a Letterwriter letter"),
        ([1, 2], "not a Letterwriter letter"),
    ],
)
def test_bad_letter_files_are_one_clear_error(lib, tmp_path, data, gist):
    path = tmp_path / "bad.letter"
    path.write_text(json.dumps(data))
    with pytest.raises(LetterFileError, match=gist):
        Draft.open(lib, path)


def test_deeply_nested_or_binary_files_are_refused(lib, tmp_path):
    deep = tmp_path / "deep.letter"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(LetterFileError):
        Draft.open(lib, deep)
    binary = tmp_path / "bin.letter"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LetterFileError, match="UTF-8"):
        Draft.open(lib, binary)
    with pytest.raises(LetterFileError):
        Draft.open(lib, tmp_path)


def test_desk_autosaves_and_a_later_desk_recovers(lib, tmp_path):
    from letterwriter.settings import Settings

    settings = Settings(tmp_path / "settings.json")
    db = tmp_path / "lw.db"
    desk = Desk(lib, settings, DraftStore.open(db))
    d = desk.new("birthday")
    assert not desk.autosave()  # nothing written yet: nothing to keep
    d.set_values(names(memory="the cake"))
    assert desk.autosave() and not desk.autosave()
    # this window is still open: another one does not take its draft
    other = Desk(lib, settings, DraftStore.open(db))
    assert other.recoverable() == []
    # the first window "dies": its session is not alive any more
    desk.drafts.db.execute("UPDATE sessions SET pid = 1, proc_start = 0")
    found = other.recoverable()
    assert [r.id for r in found] == [d.id] and found[0].recipient == "Marguerite"
    back = other.restore(d.id)
    assert back.values["memory"] == "the cake" and back.modified
    other.close()


def test_desk_open_failure_keeps_the_current_letter(lib, tmp_path):
    from letterwriter.settings import Settings

    desk = Desk(lib, Settings(tmp_path / "s.json"), DraftStore.open(tmp_path / "lw.db"))
    d = desk.new("birthday", names())
    bad = tmp_path / "bad.letter"
    bad.write_text(json.dumps({"format": "letterwriter/1", "template": "nope"}))
    with pytest.raises(LetterFileError):
        desk.open(bad)
    assert desk.draft is d and d.path is None
    desk.save(tmp_path / "good.letter")
    assert desk.recent_files()[0].endswith("good.letter")
    desk.close()


def test_a_letter_with_room_for_one_memory_says_which_picked_memories_it_left_out(lib, tmp_path):
    """Two memories ticked in the client file, a birthday letter (one memory): one vanished unsaid."""
    from letterwriter.archive.clientfile import client_file
    from letterwriter.archive.clients import add_client
    from letterwriter.archive.store import ArchiveStore
    from letterwriter.settings import Settings

    store = ArchiveStore.open(tmp_path / "lw.db")
    client_id = add_client(
        store, {"name": "Margaret Olsen", "people": [{"name": "Walter", "relationship": "father"}]}
    )
    person = client_file(store, store.get_client(client_id)).people[0]
    desk = Desk(lib, Settings(tmp_path / "settings.json"), DraftStore(store.db), store)
    picked = ["fishing at the lake before dawn", "the old blue bicycle you fixed for me"]
    draft = desk.new_for(person.id, "birthday", picked)
    assert draft.values["memory"] == picked[0]
    assert desk.unused_memories == picked[1:]
    desk.new_for(person.id, "love_letter", picked)  # a list: room for both
    assert desk.unused_memories == []
    desk.close()
