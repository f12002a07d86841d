"""Reading inputs that may be bad: JSONL lines, files and folders, pipes held open.

Nothing here raises on content.  A JSONL line that is not a usable record becomes a
:class:`BadRecord` naming the line and the problem, yielded in the record's place so that its
error is reported in input order; a path that gives nothing readable (missing, a dangling link,
a link loop, a FIFO, an empty or unreadable folder) is reported with what is wrong;
:class:`LiveLines` reads a pipe as its lines arrive and says whether another one is at hand.
Serialization of the output contract is :mod:`quoteattr.io`.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import attrs

__all__ = ["BadRecord", "LiveLines", "MAX_DEPTH", "iter_paths", "iter_records", "json_type", "parse_record", "path_problem",
           "without_surrogates"]


MAX_DEPTH = 64  # nesting a record may have: deeper JSON is refused before it can exhaust the stack


@attrs.frozen
class BadRecord:
    """An input that is not a usable record: its id, what is wrong and where (``line 3 of
    feed.jsonl``).  Readers yield it in the record's place so that the error is reported in input
    order, among the results, and the run goes on."""

    doc_id: str
    problem: str
    where: str | None = None

    @property
    def message(self) -> str:
        return f"{self.problem} ({self.where})" if self.where else self.problem


def parse_record(line: str, *, lineno: int, source: str, article: bool = True) -> dict | BadRecord:
    """One JSONL line as a record ``{"id"|"doc_id", "text", ...}``, or a :class:`BadRecord`.

    Never raises on any input: invalid JSON, numbers JSON cannot round-trip (``NaN``, ``1e999``,
    integers of thousands of digits), nesting deeper than :data:`MAX_DEPTH`, a value that is not an
    object, an id that is not a string or integer, and strings holding lone surrogates (bytes that
    were not UTF-8) each give a :class:`BadRecord` naming the field.  An ``article`` record (input
    to extraction) must also have a non-blank string ``text``, and gets ``doc_id`` set from
    ``id``, else ``SOURCE:LINE``; otherwise (a result record) it is returned as parsed.
    """
    where = f"{source}:{lineno}"

    def bad(problem: str, doc_id: str = where) -> BadRecord:  # the line is named once, in the id or after
        return BadRecord(doc_id, problem, None if doc_id == where else f"line {lineno} of {source}")

    depth = _depth_bound(line)
    if depth > MAX_DEPTH:
        return bad(f"JSON nested {depth} levels deep; at most {MAX_DEPTH} are read")
    try:
        rec = json.loads(line, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError:  # pragma: no cover - _depth_bound refuses such lines first
        return bad("JSON nested too deeply")
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, overlong integers
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc).split(";")[0]
        return bad(f"not valid JSON ({msg})")
    if not isinstance(rec, dict):
        return bad(f"expected a JSON object, got a JSON {json_type(rec)}")
    raw_id = rec.get("doc_id", rec.get("id"))
    if raw_id is None:
        doc_id = where
    elif isinstance(raw_id, str) or (isinstance(raw_id, int) and not isinstance(raw_id, bool)):
        doc_id = str(raw_id)
    else:
        return bad(f"{'doc_id' if 'doc_id' in rec else 'id'!r} must be a string or an integer, got a JSON {json_type(raw_id)}")
    if _undecodable(doc_id, "id") is not None:
        return bad(f"field {'doc_id' if 'doc_id' in rec else 'id'!r} holds bytes that are not UTF-8 (or lone surrogates); decode the input as UTF-8")
    problem = _text_problem(rec) if article else None
    if problem:
        return bad(problem, doc_id)
    field = _undecodable(rec, "")
    if field is not None:
        return bad(f"field {field!r} holds bytes that are not UTF-8 (or lone surrogates); "
                   "decode the input as UTF-8", doc_id)
    if article:
        rec["doc_id"] = doc_id
    return rec


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string, unrolled for speed
_BRACKETS = re.compile(r"[\[\]{}]")


def _depth_bound(line: str) -> int:
    """The nesting depth of a JSON line's brackets outside strings, in linear time (0 when there
    are too few brackets for it to matter); refusing deep lines before parsing keeps the parser
    off the end of the stack."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return 0
    depth = top = 0
    for m in _BRACKETS.finditer(_STRING.sub("", line)):
        if m.group() in "[{":
            depth += 1
            top = max(top, depth)
        else:
            depth -= 1
    return top


def _text_problem(rec: dict) -> str | None:
    if "text" not in rec:
        return f"no 'text' field (keys: {', '.join(sorted(map(str, rec)))})"
    if not isinstance(rec["text"], str):
        return f"'text' must be a string, got a JSON {json_type(rec['text'])}"
    if not rec["text"].strip():
        return "empty text"
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"{s} is out of range for a JSON number")
    return value


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _undecodable(value: Any, path: str) -> str | None:
    """The path of the first string (key or value) in ``value`` that is not encodable as UTF-8."""
    stack = [(path, value)]
    while stack:
        where, v = stack.pop()
        if isinstance(v, str):
            if without_surrogates(v) is not v:
                return where
        elif isinstance(v, dict):
            for k, x in v.items():
                key_path = f"{where}.{k}" if where else k
                if without_surrogates(k) is not k:
                    return key_path
                stack.append((key_path, x))
        elif isinstance(v, list):
            stack.extend((f"{where}[{i}]", x) for i, x in enumerate(v))
    return None


def iter_records(fp: IO[str], source: str, *, article: bool = True) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(line number, record or BadRecord)`` for each line of a JSONL stream, blank lines
    skipped; never raises on content.  ``fp`` should be opened with ``errors="surrogateescape"``
    so that bad bytes reach :func:`parse_record` as lone surrogates instead of ending the read."""
    for lineno, line in enumerate(fp, 1):
        if lineno == 1:
            line = line.removeprefix("\ufeff")  # a byte order mark some editors write
        if line.strip():
            yield lineno, parse_record(line, lineno=lineno, source=source, article=article)


def iter_paths(paths: Iterable[str | Path], *, pattern: str = "*.txt", errors: list | None = None) -> Iterator[Path]:
    """Files named directly, and the ``*.txt`` files of folders (sorted, recursively).

    With an ``errors`` list, a path that yields nothing readable is appended to it as
    ``(path, why)`` and skipped: a missing file, a dangling symbolic link, a link loop, a FIFO or
    device (reading one could wait for ever), a folder that cannot be read or holds no
    ``pattern`` files.  Without one, paths are yielded unchecked (``-`` means stdin).
    """
    for raw in paths:
        p = Path(raw)
        if errors is None:
            if p.is_dir():
                yield from sorted(q for q in p.rglob(pattern) if q.is_file())
            else:
                yield p
            continue
        if str(raw) == "-":
            yield p
            continue
        problem = path_problem(p)
        if problem is None and p.is_dir():
            found = _walk(p, pattern, errors)
            if not found:
                errors.append((str(p), f"folder holds no {pattern} files"))
            yield from found
        elif problem is None:
            yield p
        else:
            errors.append((str(p), problem))


def _without_txt(path: Path) -> str:
    s = path.as_posix()
    return s[:-4] if s.endswith(".txt") else s


def iter_articles(paths: Iterable[str | Path], *, pattern: str = "*.txt",
                  errors: list | None = None) -> Iterator[tuple[Path, str]]:
    """``(path, doc_id)`` for the files of :func:`iter_paths`, with ids unique within the run.

    A file named directly is its name without ``.txt``; a file found in a folder is its path
    relative to that folder (``2016/12/story``), so two folders' ``story.txt`` stay apart within
    each.  An id already taken in this run (``a/story.txt`` and ``b/story.txt`` named together)
    becomes the path as given (``b/story``), then that path with ``-2``, ``-3``...; ``-`` (stdin)
    is ``stdin``.  ``errors`` is passed to :func:`iter_paths`.
    """
    taken: set[str] = set()
    for raw in paths:
        root = Path(raw)
        folder = root.is_dir()
        for p in iter_paths([raw], pattern=pattern, errors=errors):
            if str(p) == "-":
                doc_id = "stdin"
            else:
                doc_id = _without_txt(p.relative_to(root)) if folder and p.is_relative_to(root) else _without_txt(Path(p.name))
                if doc_id in taken:
                    doc_id = _without_txt(p)
            base, n = doc_id, 1
            while doc_id in taken:
                n += 1
                doc_id = f"{base}-{n}"
            taken.add(doc_id)
            yield p, doc_id


def path_problem(p: Path) -> str | None:
    """Why ``p`` cannot be read as an article file or folder, in words, or None when it can."""
    try:
        st = p.stat()
    except OSError as exc:
        if p.is_symlink():
            if exc.errno == errno.ELOOP:
                return "a symbolic link loop; point the link at a file or folder"
            return f"a symbolic link to {os.readlink(p)}, which does not exist"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read ({exc.strerror or exc})"
    if stat.S_ISDIR(st.st_mode):
        if not os.access(p, os.R_OK | os.X_OK):
            return "cannot read this folder (permission denied)"
        return None
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        return f"{kind}, not a regular file; give article files or folders of them (or '-' for stdin)"
    if not os.access(p, os.R_OK):
        return "cannot read this file (permission denied)"
    return None


def _walk(folder: Path, pattern: str, errors: list) -> list[Path]:
    """The ``pattern`` files under ``folder``, sorted; unreadable subfolders and names that
    match but are not readable files are reported (symbolic links to folders are not followed,
    so a link loop cannot recurse)."""
    found = []

    def unreadable(exc: OSError) -> None:
        errors.append((exc.filename or str(folder), f"cannot read this folder ({exc.strerror or exc})"))

    for root, _dirs, names in os.walk(folder, onerror=unreadable):
        for name in names:
            if fnmatch.fnmatch(name, pattern):
                q = Path(root) / name
                problem = path_problem(q)
                if problem is None:
                    found.append(q)
                else:
                    errors.append((str(q), problem))
    return sorted(found)


def without_surrogates(s: str) -> str:
    """``s`` itself when it encodes as UTF-8, else a copy with each lone surrogate as U+FFFD."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in s)


class LiveLines:
    """The lines of a pipe, terminal or file descriptor as they arrive, and whether another line
    can be read without waiting (:meth:`ready`), so a reader can hand over what it has instead
    of waiting for a full batch.  Bytes that are not UTF-8 become lone surrogates."""

    def __init__(self, fd: int, *, chunk: int = 1 << 16):
        self.fd, self.chunk = fd, chunk
        self._buf = bytearray()
        self._scanned = 0  # bytes of the buffer known to hold no newline
        self._eof = False

    def ready(self) -> bool:
        """True when the next line (or the end of input) is at hand without blocking."""
        if self._eof or self._buf.find(b"\n", self._scanned) >= 0:
            return True
        try:
            import select

            return bool(select.select([self.fd], [], [], 0)[0])
        except (OSError, ValueError):  # pragma: no cover - no select on this kind of descriptor
            return False

    def __iter__(self) -> Iterator[str]:
        while True:
            nl = self._buf.find(b"\n", self._scanned)
            if nl >= 0:
                line = bytes(self._buf[:nl + 1])
                del self._buf[:nl + 1]  # O(1) at the front of a bytearray
                self._scanned = 0
                yield line.decode("utf-8", "surrogateescape")
                continue
            self._scanned = len(self._buf)
            data = os.read(self.fd, self.chunk)
            if not data:
                self._eof = True
                if self._buf:
                    yield bytes(self._buf).decode("utf-8", "surrogateescape")
                    self._buf.clear()
                return
            self._buf += data
