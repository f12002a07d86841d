"""What the extraction tests read off the rules engine's quotations."""

from __future__ import annotations

import quoteattr

NLP = quoteattr.Pipeline("rules")


def read(text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, cue, speaker mention) of each quotation the rules engine finds in ``text``."""
    return [(q.text, q.cue.text if q.cue else None, q.speaker.mention if q.speaker else None)
            for q in NLP.extract(text).quotes]
