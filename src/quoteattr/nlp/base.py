"""The engine interface and the annotated document the extractors read.

An engine turns raw text into an :class:`AnnotatedDoc`: sentences and tokens with raw-text
character offsets, plus whatever linguistic layers it provides (lemmas, POS, dependencies,
named entities, coreference).  Engines declare what they provide; extractors declare what they
require, and :func:`check_requirements` turns a gap into one readable error.
"""

from __future__ import annotations

import bisect
from typing import ClassVar, Iterable, Iterator, NamedTuple, Protocol, Sequence, runtime_checkable

import attrs

from quoteattr.errors import MissingRequirementsError
from quoteattr.text.marks import QuotedSpan
from quoteattr.text.segment import Paragraph

# The annotation layers an engine may provide.
TOKENS = "tokens"
SENTENCES = "sentences"
LEMMAS = "lemmas"
POS = "pos"
DEPS = "dependencies"
ENTITIES = "entities"
COREF = "coref"
ATTRIBUTIONS = "attributions"  # learned cue/source/content spans (the neural engine)
LAYERS = (TOKENS, SENTENCES, LEMMAS, POS, DEPS, ENTITIES, COREF, ATTRIBUTIONS)


class Token(NamedTuple):
    """One token.  ``head`` is the document-level index of the syntactic head (None at the root
    or without dependencies); ``ner`` is a BIOES entity tag such as ``S-PERSON``.

    A named tuple rather than an attrs class: documents hold tens of thousands of tokens and
    a tuple builds several times faster, while staying immutable."""

    text: str
    start: int
    end: int
    sent: int = 0
    lemma: str | None = None
    upos: str | None = None
    head: int | None = None
    deprel: str | None = None
    ner: str | None = None


@attrs.frozen
class Sentence:
    start: int
    end: int
    first: int  # index of the first token in AnnotatedDoc.tokens
    last: int  # one past the last token

    def token_range(self) -> range:
        return range(self.first, self.last)


@attrs.frozen
class EntityMention:
    start: int
    end: int
    type: str  # PERSON, ORG, GPE, NORP, ...


@attrs.frozen
class LearnedAttribution:
    """One attribution a learned model found: its content, the cue and source paired with it
    (character offsets, None when the model found none) and the content's mean probability."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    probability: float


@attrs.frozen
class AnnotatedDoc:
    """Everything an engine knows about one document, in raw-text offsets."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[QuotedSpan, ...]
    provides: frozenset[str]
    entities: tuple[EntityMention, ...] = ()
    coref: tuple[tuple[tuple[int, int], ...], ...] = ()  # chains of (start, end) mentions
    attributions: tuple[LearnedAttribution, ...] = ()
    warnings: tuple[str, ...] = ()
    # the paragraphs' start offsets, for finding a paragraph by bisection
    _paragraph_starts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    # the tokens' texts in lower case, filled on first use by lowered()
    _lowered: list[str] = attrs.field(init=False, factory=list, repr=False, eq=False)

    @_paragraph_starts.default
    def _index_paragraphs(self) -> tuple[int, ...]:
        return tuple(p.start for p in self.paragraphs)

    def lowered(self) -> list[str]:
        """Each token's text in lower case, by token index: made once, on first use, for the
        surface patterns that read every token (``doc.lowered()[i] == doc.tokens[i].text.lower()``)."""
        if len(self._lowered) != len(self.tokens):
            self._lowered[:] = [t.text.lower() for t in self.tokens]
        return self._lowered

    def sentence_of(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def paragraph_of(self, offset: int) -> int | None:
        """Index of the paragraph containing character ``offset``, its end included (binary
        search over the paragraphs, which are in text order)."""
        k = bisect.bisect_right(self._paragraph_starts, offset) - 1
        for i in (k - 1, k):
            if i >= 0 and self.paragraphs[i].start <= offset <= self.paragraphs[i].end:
                return i
        return None


@runtime_checkable
class Engine(Protocol):
    """What every engine offers: a name, the layers it provides, and annotation of texts."""

    name: ClassVar[str]
    provides: ClassVar[frozenset[str]]

    def annotate(self, text: str) -> AnnotatedDoc: ...

    def annotate_many(self, texts: Sequence[str], *, batch_size: int = 32) -> Iterator[AnnotatedDoc]: ...


def check_requirements(component: str, requires: Iterable[str], engine: Engine) -> None:
    """Raise :class:`MissingRequirementsError` if ``engine`` lacks a layer ``component`` needs."""
    missing = set(requires) - set(engine.provides)
    if missing:
        raise MissingRequirementsError(component, missing, engine.name, set(engine.provides))
