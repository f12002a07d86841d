"""What linking produces: speaker entities across articles, claim clusters and their links.

Frozen records with tuple fields, like :mod:`quoteattr.model`; ``to_dict`` gives plain JSON-ready
data (the shape ``quoteattr link --format json`` and the claim index use).
"""

from __future__ import annotations

from typing import Literal

import attrs

LinkType = Literal["exact", "partial", "paraphrase"]
LINK_TYPES: tuple[str, ...] = ("exact", "partial", "paraphrase")


@attrs.frozen
class SpeakerMention:
    """One place a speaker entity is named: the article, the words, their offsets, the role given."""

    doc_id: str
    text: str | None
    start: int | None = None
    end: int | None = None
    role: str | None = None


@attrs.frozen
class SpeakerEntity:
    """A speaker across articles: canonical name, type, every mention, roles with their articles."""

    id: str
    name: str | None
    type: str
    mentions: tuple[SpeakerMention, ...] = ()
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    articles: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "articles": list(self.articles),
            "roles": [{"role": r, "articles": list(docs)} for r, docs in self.roles],
            "mentions": [attrs.asdict(m) for m in self.mentions],
        }


@attrs.frozen
class ClaimMember:
    """One quotation inside a claim cluster, with its provenance."""

    doc_id: str
    index: int
    start: int
    end: int
    kind: str
    text: str
    speaker: str | None = None
    speaker_name: str | None = None
    date: str | None = None
    outlet: str | None = None

    @property
    def key(self) -> str:
        """``doc_id#index``: the quotation's position in its article's output."""
        return f"{self.doc_id}#{self.index}"


@attrs.frozen
class ClaimLink:
    """Why two members are one claim: the tier that linked them and its score (0..1)."""

    a: str
    b: str
    type: LinkType
    score: float
    via: str | None = None


@attrs.frozen
class ClaimCluster:
    """A claim: the quotations that state it, how they link, where and when it was first seen."""

    id: str
    members: tuple[ClaimMember, ...]
    links: tuple[ClaimLink, ...] = ()
    representative: str = ""
    first_seen: ClaimMember | None = None
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.members)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc_id for m in self.members))

    def to_dict(self) -> dict:
        return {
            "claim_id": self.id,
            "representative": self.representative,
            "first_seen": attrs.asdict(self.first_seen) if self.first_seen else None,
            "outlets": list(self.outlets),
            "speakers": list(self.speakers),
            "members": [attrs.asdict(m) for m in self.members],
            "links": [attrs.asdict(x) for x in self.links],
        }
