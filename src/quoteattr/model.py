"""The data model: frozen records for what extraction finds.

Every offset is a character offset into the raw input text as it was read, so that
``text[quote.start:quote.end] == quote.text`` holds for every quotation.  The records are
``attrs.frozen`` with tuple fields; make changed copies with ``attrs.evolve``.
Serialization lives in :mod:`quoteattr.io`.
"""

from __future__ import annotations

from typing import Iterator, Literal, Mapping

import attrs

QuoteKind = Literal["direct", "partial", "indirect", "mixed"]
SpeakerType = Literal["person", "organization", "group", "anonymous"]

QUOTE_KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "mixed")
# What the content is: the words of a quotation in marks, a reported clause after a verb of
# saying or thinking, or another phrase (a noun-phrase or infinitive object, a belief or plan:
# PolNeAR's broader notion of attribution).  Filter to "quote" and "clause" for reported speech.
QUOTE_FORMS: tuple[str, ...] = ("quote", "clause", "phrase")
SPEAKER_TYPES: tuple[str, ...] = ("person", "organization", "group", "anonymous")


def _check_span(instance: object, attribute: attrs.Attribute, value: int) -> None:
    if value < 0:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be >= 0, got {value}")


def _check_order(instance: "Span") -> None:
    if instance.end < instance.start:
        raise ValueError(
            f"{type(instance).__name__} ends before it starts: start={instance.start}, end={instance.end}"
        )


@attrs.frozen
class Span:
    """A stretch of the raw text: ``text == raw[start:end]``."""

    start: int = attrs.field(validator=_check_span)
    end: int = attrs.field(validator=_check_span)
    text: str

    def __attrs_post_init__(self) -> None:
        _check_order(self)

    @classmethod
    def of(cls, raw: str, start: int, end: int) -> "Span":
        """The span ``raw[start:end]``."""
        return cls(start, end, raw[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@attrs.frozen
class Cue(Span):
    """The reporting verb or phrase (``said``, ``according to``, ``told``, a colon)."""

    lemma: str | None = None


@attrs.frozen
class Speaker:
    """Who a quotation is attributed to.

    ``name`` is the resolved canonical name (``Sergei Lavrov``) or None when the text does not
    settle it (an anonymous source, an unresolved pronoun); ``mention`` is the words in the text
    the quotation is attached to (which may be a pronoun), located by ``start``/``end``.
    """

    name: str | None
    mention: str | None
    start: int | None
    end: int | None
    role: str | None = None
    type: SpeakerType = "person"
    entity_id: str | None = None
    # a joint speaker ("Damascus and its ally Moscow warned"): every member's name; ``name`` is
    # the first member's, as annotated corpora name joint speakers
    members: tuple[str, ...] = ()

    @property
    def span(self) -> Span | None:
        if self.start is None or self.end is None or self.mention is None:
            return None
        return Span(self.start, self.end, self.mention)


@attrs.frozen
class ClaimPart:
    """A part of a quotation (a claim unit: a sentence or clause, article offsets) and the claim it
    states; set by linking on quotations that make several statements."""

    start: int
    end: int
    claim_id: str


@attrs.frozen
class Quote:
    """One quotation or reported claim: content span, kind, cue, speaker and confidence.

    ``claim_parts`` (set by linking, empty for a quotation of one statement) says which part of
    the quotation states which claim; ``claim_id`` is the claim of the quotation as a whole.
    """

    start: int = attrs.field(validator=_check_span)
    end: int = attrs.field(validator=_check_span)
    text: str
    kind: QuoteKind = attrs.field(validator=attrs.validators.in_(QUOTE_KINDS))
    cue: Cue | None = None
    speaker: Speaker | None = None
    confidence: float = attrs.field(default=0.5, validator=attrs.validators.and_(
        attrs.validators.ge(0.0), attrs.validators.le(1.0)))
    claim_id: str | None = None
    # A quotation interrupted by its own frame ('"A," X said, "B."') is reported as its parts:
    # each part has its own span and says which utterance it belongs to and where it stands.
    utterance_id: str | None = None
    part: int | None = None
    n_parts: int | None = None
    form: str | None = attrs.field(default=None, validator=attrs.validators.optional(
        attrs.validators.in_(QUOTE_FORMS)))
    claim_parts: tuple[ClaimPart, ...] = ()

    def __attrs_post_init__(self) -> None:
        _check_order(self)  # type: ignore[arg-type]
        if (self.utterance_id is None) != (self.part is None) or (self.part is None) != (self.n_parts is None):
            raise ValueError("Quote.utterance_id, part and n_parts are set together or not at all, got "
                             f"{self.utterance_id!r}, {self.part!r}, {self.n_parts!r}")
        if self.part is not None and not 1 <= self.part <= self.n_parts:  # type: ignore[operator]
            raise ValueError(f"Quote.part must be 1..n_parts, got part={self.part} of n_parts={self.n_parts}")

    @classmethod
    def from_parts(
        cls,
        raw: str,
        content: tuple[int, int],
        kind: QuoteKind,
        *,
        cue: Cue | None = None,
        speaker: Speaker | None = None,
        confidence: float = 0.5,
    ) -> "Quote":
        """Build a quotation over ``raw[content[0]:content[1]]``."""
        start, end = content
        return cls(start, end, raw[start:end], kind, cue, speaker, confidence)

    @property
    def content(self) -> Span:
        return Span(self.start, self.end, self.text)

    @property
    def is_part(self) -> bool:
        """Is this one part of a quotation split by its frame?"""
        return self.utterance_id is not None


@attrs.frozen
class Entity:
    """A speaker entity within one article: every mention that refers to it and its roles."""

    id: str
    name: str | None
    type: SpeakerType
    mentions: tuple[Span, ...] = ()
    roles: tuple[str, ...] = ()


@attrs.frozen
class Result:
    """What extraction found in one article.

    ``text`` is the raw input (kept so that offsets can be checked and the article rendered);
    ``metadata`` passes through whatever the caller attached (outlet, date, URL).  A result is a
    sequence of its quotations: ``len(result)`` counts them and ``for q in result`` walks them in
    text order.
    """

    doc_id: str
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    engine: str = "rules"
    text: str | None = attrs.field(default=None, eq=True, repr=False)
    metadata: Mapping[str, object] = attrs.field(factory=dict, converter=dict, hash=False)
    warnings: tuple[str, ...] = ()

    def to_dict(self, *, include_text: bool = False) -> dict:
        """The output contract of DESIGN.md as plain JSON-ready data."""
        from quoteattr.io import result_to_dict

        return result_to_dict(self, include_text=include_text)

    def to_json(self, *, include_text: bool = False) -> str:
        """One JSONL line (no trailing newline)."""
        from quoteattr.io import dumps

        return dumps(self.to_dict(include_text=include_text))

    @classmethod
    def from_dict(cls, data: Mapping, *, text: str | None = None) -> "Result":
        """Read a record of the output contract back; exact inverse of :meth:`to_dict`."""
        from quoteattr.io import result_from_dict

        return result_from_dict(data, text=text)

    def utterances(self) -> list[tuple[Quote, ...]]:
        """The quotations grouped into utterances, in text order: the parts of a split quotation
        together (in part order), every other quotation alone."""
        out: list[tuple[Quote, ...]] = []
        seen: dict[str, int] = {}
        for q in self.quotes:
            if q.utterance_id is None:
                out.append((q,))
            elif q.utterance_id in seen:
                k = seen[q.utterance_id]
                out[k] = tuple(sorted(out[k] + (q,), key=lambda p: p.part or 0))
            else:
                seen[q.utterance_id] = len(out)
                out.append((q,))
        return out

    def __len__(self) -> int:
        return len(self.quotes)

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.quotes)

    @property
    def speakers(self) -> list[Entity]:
        """The speaker entities of the article (``to_dict()["speakers"]``), as ``Linked.speakers``
        holds them across articles."""
        return list(self.entities)

    def by_speaker(self) -> dict[str | None, list[Quote]]:
        """Quotations grouped by speaker name (None for unattributed ones)."""
        out: dict[str | None, list[Quote]] = {}
        for q in self.quotes:
            out.setdefault(q.speaker.name if q.speaker else None, []).append(q)
        return out

    def _repr_html_(self) -> str:  # pragma: no cover - exercised through render tests
        from quoteattr.render import render_html

        return render_html(self)

    def to_pandas(self):
        """One row per quotation as a pandas DataFrame (needs the ``pandas`` extra)."""
        from quoteattr.frames import results_to_pandas

        return results_to_pandas([self])
