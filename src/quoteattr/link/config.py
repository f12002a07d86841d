"""The thresholds of claim linking, in one frozen record (``LinkConfig()`` holds the defaults)."""

from __future__ import annotations

import attrs


@attrs.frozen
class LinkConfig:
    """Thresholds and sizes for linking claims.

    Scores are 0..1.  ``partial_min`` is the rapidfuzz partial / token-set score a partial link
    needs; the paraphrase score is ``cosine_weight * cosine + (1 - cosine_weight) * overlap``
    (overlap: share of the smaller claim's content words found in the other), and needs
    ``paraphrase_min`` when both claims have the same speaker, ``paraphrase_unknown_min`` when one
    speaker is unknown (conflicting known speakers never link as paraphrases).  Verbatim tiers
    need a minimum number of content words, more when the speakers are not known to be the same.
    Clusters merge while more than ``cluster_min`` of the pairs between them link (each link one
    vote, pairs without a link counting 0; a majority at 0.5), which keeps unrelated statements
    from chaining through one member.  ``paraphrase_min_content``: the content words both texts
    of a paraphrase link need (the link score's ``short`` signal weighs short ones).
    """

    partial_min: float = 0.90
    paraphrase_min: float = 0.55
    paraphrase_unknown_min: float = 0.65
    cosine_weight: float = 0.7
    cluster_min: float = 0.5
    min_content_same: int = 2
    min_content_unknown: int = 3
    min_content_conflict: int = 5
    paraphrase_min_content: int = 2
    window_days: int = 14
    top_k: int = 8
    prefilter_cosine: float = 0.35
    shingle_size: int = 3
    shingle_queries: int = 6
    shingle_cap: int = 64
    lang: str = "en"

    def min_content(self, relation: str) -> int:
        return {"same": self.min_content_same, "conflict": self.min_content_conflict}.get(
            relation, self.min_content_unknown)
