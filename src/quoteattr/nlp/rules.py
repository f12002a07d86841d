"""The built-in engine: nothing to download, fast.

It provides tokens, sentences and the quote-mark layer from :mod:`quoteattr.text`; the
extractors fall back on surface patterns and lexicons for everything else.
"""

from __future__ import annotations

from typing import ClassVar, Iterator, Sequence

from quoteattr.nlp.base import SENTENCES, TOKENS, AnnotatedDoc, Sentence, Token
from quoteattr.text.segment import segment


_new = tuple.__new__
_UNSET = tuple(Token._field_defaults[f] for f in Token._fields[4:])  # no lemma, tag, head, relation, entity


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
        spans, firsts = seg.tokens, seg.sentence_tokens
        words: dict[str, str] = {}  # one string object per distinct token text
        one = words.setdefault
        for si, (a, b) in enumerate(seg.sentences):
            for s, e in spans[firsts[si]:firsts[si + 1]]:
                w = text[s:e]
                # tuple.__new__ builds the named tuple without its Python-level constructor
                tokens.append(_new(Token, (one(w, w), s, e, si) + _UNSET))
            sents.append(Sentence(a, b, firsts[si], firsts[si + 1]))
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
