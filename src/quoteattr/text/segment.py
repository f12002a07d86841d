"""Paragraphs, sentences and tokens with raw-text offsets.

Sentence splitting knows news abbreviations (``Mr``, ``U.S.``, ``Sept.``, ``Gen.``) and never
splits inside a quotation, so a quote and its attribution (``"...," Lavrov said.``) stay in one
sentence.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Sequence

import attrs

from quoteattr import lexicons
from quoteattr.text.boilerplate import is_boilerplate, related_lists
from quoteattr.text.marks import ALL_MARKS, QuotedSpan, ScanResult, scan
from quoteattr.text.spans import SpanIndex

_TOKEN_RE = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])            # U.S.  U.N.  a.m.
  | \$?\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th)?     # 4,000  90.5  2:45  1st  $200
  | \w+(?:(?:[-‐'’]|\\[’'])\w+)*              # words, al-Assad, Ra’ad, Syria\’s
  | ''|``                                      # typewriter double marks
  | \\?[’'"“”‘«»„]                             # quote marks (maybe escaped)
  | -{2,}|—|–|\.{3}|…                          # dashes, ellipses
  | \S                                         # any other single character
    """,
    re.VERBOSE,
)
_POSSESSIVE_RE = re.compile(r"^(.*\w)((?:\\?[’'])(?:s|ll|re|ve|d|m))$", re.IGNORECASE)
_NEGATION_RE = re.compile(r"^(.*\w)(n(?:\\?[’'])t)$", re.IGNORECASE)

# Sentences are cut at this length: news sentences stay well under it (the longest in the
# evaluation corpora has about 1,500 characters), while a run-on "sentence" of a scraped page or
# a transcript without full stops could be any length, and the extractors' work on a sentence
# grows with its length times its cues.
MAX_SENTENCE_CHARS = 2000

# sentence starters after which a capitalised word is a real new sentence even after "U.S."
_STARTERS = {"the", "he", "she", "it", "they", "we", "i", "but", "and", "in", "a", "an", "this",
             "that", "on", "his", "her", "their", "its", "there", "mr", "mrs", "ms", "if", "as"}


@attrs.frozen
class Paragraph:
    start: int
    end: int
    boilerplate: bool = False


@attrs.frozen
class Segmentation:
    """The text layer of one document: paragraphs, quotes, sentences and tokens."""

    paragraphs: tuple[Paragraph, ...]
    marks: ScanResult
    sentences: tuple[tuple[int, int], ...]
    tokens: tuple[tuple[int, int], ...]
    # where each sentence's tokens start in ``tokens``, and their count at the end
    sentence_tokens: tuple[int, ...]


@lru_cache(maxsize=None)
def _abbreviations(lang: str = "en") -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in lexicons.words("abbreviations", lang))


def tokenize(text: str, start: int = 0, end: int | None = None, lang: str = "en") -> list[tuple[int, int]]:
    """Token offsets for ``text[start:end]``; clitics (``'s``, ``'ll``, ``n't``) are split off and
    abbreviations keep their full stop (``Mr.``, ``Sen.``)."""
    end = len(text) if end is None else end
    abbr = _abbreviations(lang)
    out: list[tuple[int, int]] = []
    append = out.append
    taken = -1  # the end of an abbreviation with its full stop
    for m in _TOKEN_RE.finditer(text, start, end):
        s, e = m.span()
        tok = m.group()
        if e < end and text[e] == "." and (tok.lower() in abbr or (len(tok) == 1 and tok.isupper())) and "." not in tok:
            append((s, e + 1))
            taken = e + 1
            continue
        if s < taken:
            continue  # the full stop already taken by an abbreviation
        if "'" not in tok and "’" not in tok:
            append((s, e))
            continue
        pm = _POSSESSIVE_RE.match(tok)
        nm = None if pm else _NEGATION_RE.match(tok)
        if pm and len(pm.group(1)) >= 1:
            cut = s + len(pm.group(1))
            out.extend(((s, cut), (cut, e)))
        elif nm:
            cut = s + len(nm.group(1))
            out.extend(((s, cut), (cut, e)))
        else:
            out.append((s, e))
    return out


def paragraphs(text: str, lang: str = "en") -> list[Paragraph]:
    """One paragraph per non-blank line; a hard-wrapped line (no final punctuation, the next line
    starting in lower case) is joined to the next."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    merged: list[list[int]] = []
    for s, e in lines:
        if merged:
            ps, pe = merged[-1]
            gap = text[pe:s]
            last = text[pe - 1]
            single_break = gap.count("\n") == 1 and "\n\n" not in gap.replace("\r", "")
            if single_break and (last in ",;" or (last not in ".!?:\"”’'»)" and text[s].islower())):
                merged[-1][1] = e
                continue
        merged.append([s, e])
    related = related_lists([text[s:e] for s, e in merged])
    return [Paragraph(s, e, related[k] or is_boilerplate(text[s:e], lang)) for k, (s, e) in enumerate(merged)]


_WORD_RE = re.compile(r"\w+")
_STOP_RE = re.compile(r"[.!?…]")


def sentences(
    text: str, para: Paragraph, quotes: Sequence[QuotedSpan], lang: str = "en"
) -> list[tuple[int, int]]:
    """Sentence offsets within one paragraph, never splitting inside a quotation."""
    abbr = _abbreviations(lang)
    guarded = SpanIndex([q.outer for q in quotes if q.depth == 0 and para.start <= q.open < para.end])
    out: list[tuple[int, int]] = []
    s = para.start
    i = para.start
    end = para.end
    while i < end:
        stop = _STOP_RE.search(text, i, end)  # the next full stop, question or exclamation mark
        if stop is None:
            break
        i = stop.start()
        ch = text[i]
        j = i + 1
        while j < end and (text[j] in ".!?…" or text[j] in ALL_MARKS or text[j] in ")]"):
            j += 1
        k = j
        while k < end and text[k].isspace():
            k += 1
        if k >= end:
            break
        boundary = k > j and (text[k].isupper() or text[k].isdigit() or text[k] in ALL_MARKS or text[k] in "([")
        if boundary and ch == ".":
            w = i
            while w > para.start and (text[w - 1].isalnum() or text[w - 1] == "."):
                w -= 1
            word = text[w:i].lower()
            nxt = _WORD_RE.match(text, k, end)
            nxt_word = nxt.group().lower() if nxt else ""
            if word in abbr or (len(word) == 1 and word.isalpha() and text[w].isupper()):
                boundary = False
                if "." in word and nxt_word in _STARTERS and word not in ("mr", "mrs", "ms", "dr"):
                    boundary = True  # "... backed by the U.S. The rebels ..."
        if boundary and guarded.strictly_inside(j):
            boundary = False
        if boundary:
            out.append((s, _rstrip(text, s, j)))
            s = k
            i = k
            continue
        i = j
    if s < end:
        out.append((s, _rstrip(text, s, end)))
    return [piece for a, b in out if b > a for piece in _cut_long(text, a, b)]


def _cut_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``(a, b)`` in pieces of at most :data:`MAX_SENTENCE_CHARS`, cut at white space where the
    second half of a piece has some."""
    if b - a <= MAX_SENTENCE_CHARS:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE_CHARS:
        limit = a + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, limit), text.rfind("\n", a + MAX_SENTENCE_CHARS // 2, limit))
        cut = cut if cut > a else limit
        end = _rstrip(text, a, cut)
        if end > a:
            out.append((a, end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
    return out


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def segment(text: str, lang: str = "en") -> Segmentation:
    """Paragraphs, quote marks, sentences and tokens of ``text`` (boilerplate paragraphs are kept,
    flagged, and contribute no sentences)."""
    paras = paragraphs(text, lang)
    marks = scan(text, [(p.start, p.end) for p in paras], skip=[(p.start, p.end) for p in paras if p.boilerplate])
    # each paragraph's outermost quotations, found by bisection rather than a pass per paragraph
    starts = [p.start for p in paras]
    para_quotes: dict[int, list[QuotedSpan]] = {}
    for q in marks.quotes:
        k = bisect.bisect_right(starts, q.open) - 1
        if q.depth == 0 and k >= 0 and q.open < paras[k].end:
            para_quotes.setdefault(k, []).append(q)
    sents: list[tuple[int, int]] = []
    for k, p in enumerate(paras):
        if p.boilerplate:
            continue
        sents.extend(sentences(text, p, para_quotes.get(k, ()), lang))
    toks: list[tuple[int, int]] = []
    firsts: list[int] = []
    for a, b in sents:
        firsts.append(len(toks))
        toks.extend(tokenize(text, a, b))
    firsts.append(len(toks))
    return Segmentation(tuple(paras), marks, tuple(sents), tuple(toks), tuple(firsts))
