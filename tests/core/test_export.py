"""Exports are atomic: an interrupted write never leaves a half file under the final name."""

from __future__ import annotations

import pytest

from letterwriter.export import ExportError, atomic_path, write_text_atomic

pytestmark = pytest.mark.core


def test_interrupted_export_leaves_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "letter.txt"
    write_text_atomic(target, "the letter from yesterday\n")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("half a new lett")
        raise KeyboardInterrupt  # the person pressed Ctrl+C mid-export
    assert target.read_text() == "the letter from yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="folder does not exist"):
        write_text_atomic(tmp_path / "nope" / "letter.txt", "x")
