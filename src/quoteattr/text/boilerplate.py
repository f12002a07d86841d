"""Boilerplate lines of scraped news pages (``Also Read``, ``Advertisement``, ``Share``,
``[do_widget_area ...]``, ``Disclaimer: ...``): recognised so that a quotation continued across
them still pairs up, and so that no quotation or speaker is taken from them.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
