"""Builders for linking tests: articles with known quotations, and one shared embedder."""

from __future__ import annotations

import functools
from typing import Sequence

from quoteattr.model import Quote, Result, Speaker


def article(doc_id: str, parts: Sequence[tuple], **metadata) -> Result:
    """A :class:`Result` whose text holds each quotation with its speaker.

    ``parts`` are ``(content, speaker, kind="direct", type="person", role=None)``; ``speaker`` may
    be None (an unattributed quotation) or a description for ``type="anonymous"``.
    """
    text, quotes = "", []
    for part in parts:
        defaults = ("direct", "person", None)
        content, who, kind, type_, role = tuple(part) + defaults[len(part) - 2:]
        who_text = who or "it"
        if kind == "direct":
            head = '"'
            start = len(text) + len(head)
            text += f'{head}{content}," {who_text} said. '
        else:
            head = f"{who_text} said that "
            start = len(text) + len(head)
            text += f"{head}{content}. "
        end = start + len(content)
        if who is None:
            speaker = None
        elif type_ == "anonymous":
            speaker = Speaker(None, who, start - 1, start - 1 + len(who), role, "anonymous", f"{doc_id}#anon{len(quotes)}")
        else:
            speaker = Speaker(who, who, 0, len(who), role, type_)
        quotes.append(Quote(start, end, text[start:end], kind, None, speaker, 0.9))
    return Result(doc_id, tuple(quotes), text=text, metadata=metadata)


@functools.lru_cache(maxsize=1)
def shared_embedder():
    """The default sentence-transformers model, loaded once for the whole test session."""
    from quoteattr.link.embed import Embedder

    emb = Embedder()
    emb.load()
    return emb
