"""Reading inputs that may be bad: paths that give nothing, pipes read as their lines arrive."""

from __future__ import annotations

import os
from pathlib import Path

from quoteattr.inputs import LiveLines, iter_paths, path_problem


def test_an_unreadable_folder_is_named_with_what_is_wrong(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text("He said.", encoding="utf-8")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(folder) else real(p, mode))
    assert path_problem(folder) == "cannot read this folder (permission denied)"
    errors: list = []
    assert list(iter_paths([folder], errors=errors)) == []
    assert errors == [(str(folder), "cannot read this folder (permission denied)")]


def test_a_subfolder_that_cannot_be_listed_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("He said.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("She said.", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors: list = []
    assert list(iter_paths([tmp_path], errors=errors)) == [tmp_path / "ok.txt"]
    assert errors == [(str(tmp_path / "sub"), "cannot read this folder (Permission denied)")]


def test_files_inside_a_folder_that_are_links_to_nothing_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text("He said.", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "notes.md").symlink_to(tmp_path / "missing.md")  # not *.txt: not looked at
    errors: list = []
    assert list(iter_paths([tmp_path], errors=errors)) == [tmp_path / "a.txt"]
    assert len(errors) == 1 and errors[0][0] == str(tmp_path / "gone.txt")
    assert errors[0][1] == f"a symbolic link to {tmp_path / 'missing.txt'}, which does not exist"


def test_live_lines_say_when_the_next_line_is_at_hand():
    r, w = os.pipe()
    try:
        lines = LiveLines(r)
        it = iter(lines)
        assert not lines.ready()
        os.write(w, b'{"a": 1}\n{"b"')
        assert lines.ready()
        assert next(it) == '{"a": 1}\n'
        assert not lines.ready()  # half a line is not a line
        os.write(w, b': 2}\n\xff\n')
        assert next(it) == '{"b": 2}\n'
        assert next(it) == "\udcff\n"  # bytes that are not UTF-8 arrive as lone surrogates
        os.close(w)
        w = -1
        assert lines.ready()  # the end of input is at hand too
        assert list(it) == []
    finally:
        os.close(r)
        if w != -1:
            os.close(w)


def test_live_lines_give_a_last_line_without_a_newline(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"one\ntwo")
    fd = os.open(path, os.O_RDONLY)
    try:
        assert list(LiveLines(fd, chunk=2)) == ["one\n", "two"]
    finally:
        os.close(fd)


def test_dash_means_stdin_and_is_passed_through():
    errors: list = []
    assert list(iter_paths(["-"], errors=errors)) == [Path("-")] and errors == []
