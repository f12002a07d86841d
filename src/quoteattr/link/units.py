"""Claim units: a long quotation that makes several statements, split into the statements.

A quotation such as ``"We will not reopen the deal. The backstop stays. Talks resume Monday,"
he said`` makes three claims; a report of only one of them (``talks will resume on Monday``)
shares a third of its words and a diluted embedding with the whole.  Linking compares units:
sentences of the content, and clauses of a long sentence split at ``;`` or a colon, each with
its reporting frame stripped.  A unit must carry at least ``min_content`` content words, else it
joins its neighbour, so a quotation of one statement stays one unit.

Unit offsets are character offsets in the quotation text (``quote.text[start:end]``); the claim
adds the quotation's start to place them in the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quoteattr.link.normalize import analyse

# A sentence ends at . ! or ? (a closing quote mark may follow) before a capital, digit or
# opening quote mark; a clause at ; or : before a space.  Abbreviations such as ``Mr.`` end no
# sentence: the word before the stop must be longer than three letters or end in a lower-case one.
_BOUNDARY = re.compile(
    r"(?<=[a-z0-9\)%][.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018]?[A-Z0-9])"
    r"|(?<=[.!?][\"'\u201d\u2019])\s+(?=[\"'\u201c\u2018]?[A-Z0-9])"
    r"|(?<=[;:])\s+(?=\S)"
)
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z])\.$")


@lru_cache(maxsize=65536)
def split_units(text: str, min_content: int = 2, lang: str = "en") -> tuple[tuple[int, int], ...]:
    """Character spans of the claim units of ``text`` (one span covering it when it is one)."""
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        before = text[:m.start()].rstrip("\"'\u201d\u2019")
        if _ABBREV.search(before):
            continue  # Mr. Smith, U.S. officials
        cuts.append(m.end())
    if len(cuts) == 1:
        return ((0, len(text)),)  # one sentence, no clause mark: one unit (most quotations)
    spans = [(cuts[k], cuts[k + 1] if k + 1 < len(cuts) else len(text)) for k in range(len(cuts))]
    spans = [(a, _rstrip(text, a, b)) for a, b in spans]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if b <= a:
            continue
        small = analyse(text[a:b], lang).n_content < min_content
        if merged and (small or analyse(text[merged[-1][0]:merged[-1][1]], lang).n_content < min_content):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) <= 1:
        return ((0, len(text)),)
    return tuple(merged)


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1].isspace():
        b -= 1
    return b
