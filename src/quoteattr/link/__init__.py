"""Linking across articles: speaker entities, claim clusters, and a persistent claim index."""

from quoteattr.link.config import LinkConfig
from quoteattr.link.corpus import Corpus, Linked
from quoteattr.link.embed import Embedder
from quoteattr.link.index import ClaimIndex
from quoteattr.link.records import ClaimCluster, ClaimLink, ClaimMember, SpeakerEntity, SpeakerMention

__all__ = [
    "ClaimCluster",
    "ClaimIndex",
    "ClaimLink",
    "ClaimMember",
    "Corpus",
    "Embedder",
    "LinkConfig",
    "Linked",
    "SpeakerEntity",
    "SpeakerMention",
]
