"""Boilerplate lines of scraped news pages (``Also Read``, ``Advertisement``, ``Share``,
``[do_widget_area ...]``, ``Disclaimer: ...``, credit lines such as ``Reporting by ...``, and
the lists of related-story headlines under a ``Related`` label): recognised so that a quotation
continued across them still pairs up, and so that no quotation or speaker is taken from them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from quoteattr import lexicons

# A boilerplate line is short; a longer line that happens to start like one is a real sentence.
MAX_BOILERPLATE_CHARS = 160


@lru_cache(maxsize=None)
def _pattern(lang: str = "en") -> re.Pattern[str]:
    alts = [r[0] for r in lexicons.rows("boilerplate", lang)]
    return re.compile("|".join(f"(?:{a})" for a in alts), re.IGNORECASE)


def is_boilerplate(line: str, lang: str = "en") -> bool:
    """True when the whole (stripped) line is page furniture rather than article text."""
    s = line.strip().replace("\u00a0", " ")
    if not s or len(s) > MAX_BOILERPLATE_CHARS:
        return False
    return _pattern(lang).fullmatch(s) is not None


# A label that opens a list of links to other stories; the headlines under it are not the article.
_RELATED_LABEL = re.compile(
    r"(related( articles?| stories| news| content| coverage| posts?| links| reading)?|read more|also read|"
    r"read also|more on this( story| topic)?|more (stories|news|coverage) (on|about|from) [^.!?]{1,40}|"
    r"more (stories|news|coverage|from [^.!?]{1,40})|you (may|might) also (like|be interested in|enjoy)|"
    r"recommended( for you| stories| articles| reading)?|most (read|popular|viewed|shared)( stories| articles)?|"
    r"trending( now| stories)?|see also|(don'?t|do not) miss|top stories|latest (news|stories)|further reading|"
    r"in other news|what to read next|read next)\s*[:|»›>\-–—]?",
    re.IGNORECASE,
)
MAX_RELATED_HEADLINE_WORDS = 20
MAX_RELATED_ITEMS = 12


def is_related_label(line: str) -> bool:
    """``Related stories``, ``Read more:``, ``More on this story``: a label over links."""
    return _RELATED_LABEL.fullmatch(line.strip().replace("\u00a0", " ")) is not None


def _headline_like(line: str) -> bool:
    """A short line without a closing full stop, as links to other stories are."""
    s = line.strip().rstrip("\"'”’»").rstrip()
    words = s.split()
    return 2 <= len(words) <= MAX_RELATED_HEADLINE_WORDS and s[-1:] not in ".!?:;,"


def related_lists(lines: Sequence[str]) -> list[bool]:
    """Which of ``lines`` (the paragraphs of an article, in order) are headlines listed under a
    related-stories label: every headline-like line that follows the label, up to the first line
    of running text."""
    out = [False] * len(lines)
    k = 0
    while k < len(lines):
        if is_related_label(lines[k]):
            j = k + 1
            while j < len(lines) and j - k <= MAX_RELATED_ITEMS and _headline_like(lines[j]):
                out[j] = True
                j += 1
            k = j
        else:
            k += 1
    return out
