"""The built-in engine: nothing to download, fast.

It provides tokens, sentences and the quote-mark layer from :mod:`quoteattr.text`; the
extractors fall back on surface patterns and lexicons for everything else.
"""

from __future__ import annotations

from typing import ClassVar, Iterator, Sequence

from quoteattr.nlp.base import SENTENCES, TOKENS, AnnotatedDoc, Sentence, Token
from quoteattr.text.segment import segment


class RulesEngine:
    """Tokens and sentences by rule (see :mod:`quoteattr.text.segment`)."""

    name: ClassVar[str] = "rules"
    provides: ClassVar[frozenset[str]] = frozenset({TOKENS, SENTENCES})

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def annotate(self, text: str) -> AnnotatedDoc:
        seg = segment(text, self.lang)
        tokens: list[Token] = []
        sents: list[Sentence] = []
        spans = seg.tokens
        words: dict[str, str] = {}  # one string object per distinct token text
        ti = 0
        for si, (a, b) in enumerate(seg.sentences):
            first = len(tokens)
            while ti < len(spans) and spans[ti][0] < b:
                s, e = spans[ti]
                if s >= a:
                    w = text[s:e]
                    tokens.append(Token(words.setdefault(w, w), s, e, si))
                ti += 1
            sents.append(Sentence(a, b, first, len(tokens)))
        return AnnotatedDoc(
            text=text,
            tokens=tuple(tokens),
            sentences=tuple(sents),
            paragraphs=seg.paragraphs,
            quotes=seg.marks.quotes,
            provides=self.provides,
            warnings=seg.marks.warnings,
        )

    def annotate_many(self, texts: Sequence[str], *, batch_size: int = 32) -> Iterator[AnnotatedDoc]:
        for t in texts:
            yield self.annotate(t)

    def __repr__(self) -> str:
        return f"RulesEngine(lang={self.lang!r})"
