"""The quote-mark scanner: pair opening and closing marks into quoted spans.

Handles straight, curly, low-9, single and guillemet marks; keeps apostrophes out
(``Kazakhstan’s``, ``Ra’ad``, ``rebels'``, ``isn't``), including the backslash-escaped ones of
scraped text (``Syria\\’s``); nested quotes; a quotation that runs on into the next paragraph,
which re-opens with a mark and leaves the first paragraph unclosed (the news convention); and
unbalanced marks, which produce a warning, never an exception.  Offsets are raw-text offsets.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

import attrs

from quoteattr.model import Span

DOUBLE_OPEN = {"“", "„", "«", "‟", "〝"}
DOUBLE_CLOSE = {"”", "»", "〞"}
SINGLE_OPEN = {"‘", "‚", "‹", "‛"}
SINGLE_CLOSE = {"’", "›"}
STRAIGHT = {'"', "'", "＂", "＇"}
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | STRAIGHT | {"″", "`"}
_MARK_RE = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")

# One string object per mark, shared by every quotation that opens with it (a document can hold
# hundreds of thousands of marks).
_MARK_TEXT = {m: m for m in ALL_MARKS | {"''", "``"}}

# Tokens that are quote marks (the tokenizer keeps typewriter doubles together).
QUOTE_TOKENS = frozenset(DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | STRAIGHT | {"''", "``", "\\’", "\\'"})

# Where a mark's neighbour counts as "open space" (an opening mark follows it, a closing mark
# precedes it): white space, the text's edges, brackets and dashes.
_OPENERS_BEFORE = set("([{—–-/:;,") | {""}
_FAMILY = {m: "double" for m in DOUBLE_OPEN | DOUBLE_CLOSE | {'"', "＂", "″"}}
_FAMILY.update({m: "single" for m in SINGLE_OPEN | SINGLE_CLOSE | {"'", "＇", "`"}})


@attrs.frozen
class QuotedSpan:
    """A pair of quote marks and the text between them.

    ``start``/``end`` delimit the content (inside the marks); ``open``/``close`` are the offsets
    of the marks themselves (``close`` is None when the quote was left open at a paragraph end).
    ``depth`` is 0 for an outermost quote, 1 inside another.  ``continued`` marks a quote left
    open at its paragraph's end because the next paragraph re-opens it.
    """

    open: int
    close: int | None
    start: int
    end: int
    mark: str
    depth: int = 0
    continued: bool = False
    close_width: int = 1

    @property
    def content(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def outer(self) -> tuple[int, int]:
        """From the opening mark to just after the closing mark (or the content's end)."""
        return self.open, (self.close + self.close_width) if self.close is not None else self.end


@attrs.frozen
class ScanResult:
    quotes: tuple[QuotedSpan, ...]
    warnings: tuple[str, ...]


def _prev_char(text: str, i: int, lo: int) -> str:
    """The character before ``i``, looking through a backslash escape; '' at the start."""
    j = i - 1
    while j >= lo and text[j] == "\\":
        j -= 1
    return text[j] if j >= lo else ""


def _next_char(text: str, i: int, hi: int) -> str:
    return text[i + 1] if i + 1 < hi else ""


def _is_wordish(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc"))


def _space_like(ch: str) -> bool:
    return ch == "" or ch.isspace() or ch in _OPENERS_BEFORE or ch in ALL_MARKS


def _closer_after(ch: str) -> bool:
    return ch == "" or ch.isspace() or ch in ".,;:!?)]}—–-…" or ch in ALL_MARKS


def classify(text: str, i: int, lo: int = 0, hi: int | None = None) -> str:
    """What the mark at ``text[i]`` can be: 'open', 'close', 'either', 'apostrophe' or 'none'."""
    hi = len(text) if hi is None else hi
    ch = text[i]
    if ch not in ALL_MARKS:
        return "none"
    prev, nxt = _prev_char(text, i, lo), _next_char(text, i, hi)
    if ch in ("’", "'", "＇", "`") and _is_wordish(prev) and _is_wordish(nxt):
        return "apostrophe"  # Kazakhstan’s, Ra’ad, isn't
    if ch in ("’", "'") and prev in ("s", "S") and _closer_after(nxt) and i - lo >= 2:
        # rebels' / Jones' : a possessive, unless it closes an open single quote (decided by caller)
        return "close_or_apostrophe"
    if ch in ("’", "'", "‘") and nxt.isdigit() and _space_like(prev) and not _is_wordish(_next_char(text, i + 1, hi)):
        return "apostrophe"  # ’90s, '16
    if ch in DOUBLE_CLOSE and prev in ("", "\n") and nxt and not nxt.isspace() or (ch == "”" and prev == "" and nxt == " "):
        return "either"  # a paragraph opened with a closing mark (a common typo)
    if ch in DOUBLE_OPEN or ch in SINGLE_OPEN:
        if ch in ("“", "‘") and not _space_like(prev) and _closer_after(nxt):
            return "either"  # German „...“ closes with “; also a mistyped closer
        return "open"
    if ch in DOUBLE_CLOSE or ch in SINGLE_CLOSE:
        return "close"
    # straight marks: decide from the neighbours
    space_before, space_after = _space_like(prev), nxt == "" or nxt.isspace()
    if space_before and not space_after:
        return "open"
    if not space_before and _closer_after(nxt):
        return "close"
    if _is_wordish(prev) and _is_wordish(nxt):
        return "apostrophe"
    return "either"


def _classify_double(text: str, i: int, lo: int, hi: int) -> str:
    """Open or close for a two-character mark at ``i`` (two apostrophes or two backticks)."""
    prev = _prev_char(text, i, lo)
    nxt = text[i + 2] if i + 2 < hi else ""
    if text[i] == "`":
        return "open"
    if _space_like(prev) and nxt and not nxt.isspace():
        return "open"
    if not _space_like(prev) and _closer_after(nxt):
        return "close"
    return "either"


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Line-based paragraphs: every non-blank line (news text puts one paragraph per line)."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _starts_with_open(text: str, para: tuple[int, int]) -> bool:
    s, e = para
    while s < e and text[s].isspace():
        s += 1
    return s < e and text[s] in ALL_MARKS and classify(text, s, para[0], e) in ("open", "either")


def scan(
    text: str,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    *,
    skip: Iterable[tuple[int, int]] = (),
) -> ScanResult:
    """Find the quoted spans of ``text``.

    ``paragraphs`` are (start, end) offsets (by default: non-blank lines); ``skip`` lists
    paragraphs to look past (boilerplate between a quote and its continuation).
    """
    paras = list(paragraphs) if paragraphs is not None else _paragraph_bounds(text)
    skipped = set(skip)
    content_paras = [p for p in paras if p not in skipped]
    quotes: list[QuotedSpan] = []
    warnings: list[str] = []
    for k, para in enumerate(content_paras):
        nxt = content_paras[k + 1] if k + 1 < len(content_paras) else None
        quotes.extend(_scan_paragraph(text, para, nxt, warnings))
    quotes.sort(key=lambda q: (q.start, -q.end))
    return ScanResult(tuple(quotes), tuple(warnings))


def _mark(text: str, j: int, w: int) -> str:
    m = text[j:j + w]
    return _MARK_TEXT.get(m, m)


def _trim_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _scan_paragraph(
    text: str, para: tuple[int, int], next_para: tuple[int, int] | None, warnings: list[str]
) -> list[QuotedSpan]:
    lo, hi = para
    stack: list[tuple[int, str, int]] = []  # (offset, family, width) of open marks
    open_count = {"double": 0, "single": 0}  # how many marks of each family the stack holds
    out: list[QuotedSpan] = []
    i = lo - 1
    while i + 1 < hi:
        mark = _MARK_RE.search(text, i + 1, hi)  # the next quote mark
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        width = 1
        if ch in ("'", "`") and i + 1 < hi and text[i + 1] == ch and (i + 2 >= hi or text[i + 2] != ch):
            # typewriter doubles: ''quote'' and ``quote'' stand for double marks
            kind = _classify_double(text, i, lo, hi)
            width = 2
        else:
            kind = classify(text, i, lo, hi)
        if kind in ("apostrophe", "none"):
            continue
        fam = "double" if width == 2 else _FAMILY.get(ch, "double")
        if kind == "close_or_apostrophe":
            kind = "close" if open_count[fam] else "apostrophe"
            if kind == "apostrophe":
                continue
        if kind == "either":
            kind = "close" if stack and stack[-1][1] == fam else "open"
        if kind == "open":
            if fam == "single" and ch in ("'", "’") and open_count["single"] and stack[-1][1] == "single":
                kind = "close"  # 'a' 'b' : a second straight single closes
            elif fam == "double" and ch in STRAIGHT | {"″"} and open_count["double"]:
                kind = "close"  # a straight " can only close while one is open
        if kind == "open":
            stack.append((i, fam, width))
            open_count[fam] += 1
            i += width - 1
            continue
        # a closing mark: pop to the matching family, abandoning inner unclosed singles
        if not open_count[fam]:
            if fam == "double":
                warnings.append(f"unmatched closing quote mark {ch!r} at offset {i}; ignored")
            continue
        while stack:
            j, f, w = stack.pop()
            open_count[f] -= 1
            if f == fam:
                out.append(QuotedSpan(j, i, j + w, i, _mark(text, j, w), depth=len(stack), close_width=width))
                break
            if f == "double":  # pragma: no cover - inner doubles closing on a single: rare
                warnings.append(f"unclosed quote mark {text[j]!r} at offset {j}")
        i += width - 1
    # marks still open at the paragraph's end
    trimmed_hi = _trim_end(text, lo, hi)  # the same for every mark: trim once
    continued: bool | None = None  # whether the next paragraph re-opens: looked at once
    for depth, (j, fam, w) in enumerate(stack):
        if fam == "single" and not (depth == 0 and _single_runs_on(text, j, lo, next_para)):
            continue  # an unclosed single is almost always an apostrophe we could not tell apart
        if j + w < hi and text[j + w].isspace():
            warnings.append(f"stray quote mark {text[j]!r} at offset {j}; ignored")
            continue
        end = max(trimmed_hi, j + w)
        if end - (j + w) < 1:
            continue
        if continued is None:
            continued = next_para is not None and _starts_with_open(text, next_para)
        if not continued:
            warnings.append(
                f"quote opened at offset {j} ({text[j]!r}) is not closed before its paragraph ends at {hi}"
            )
        out.append(QuotedSpan(j, None, j + w, end, _mark(text, j, w), depth=depth, continued=continued))
    return out


def _single_runs_on(text: str, j: int, lo: int, next_para: tuple[int, int] | None) -> bool:
    """A single mark that opens a quotation (at the paragraph's start or after ``saying:``) and
    is not closed because the quotation goes on in the next paragraph, which opens with the same
    mark: the multi-paragraph convention of outlets that quote with single marks."""
    before = text[lo:j].rstrip()
    if before and before[-1] not in ":,":
        return False
    if next_para is None:
        return False
    s = next_para[0]
    while s < next_para[1] and text[s].isspace():
        s += 1
    return s < next_para[1] and text[s] == text[j]


def quote_spans(text: str) -> list[Span]:
    """Convenience: the outermost quoted contents of ``text`` as spans."""
    return [Span.of(text, q.start, q.end) for q in scan(text).quotes if q.depth == 0]
