"""The link score: several signals of two claim units combined into one calibrated probability.

One cosine cannot tell a report of a statement from another statement by the same speaker on
the same subject, so the paraphrase decision reads, for the best-matching pair of claim units
(:mod:`quoteattr.link.units`):

- ``cosine``: the sentence-embedding similarity of the two units;
- ``idf_small`` / ``idf_large``: IDF-weighted share of the content words of the smaller (larger)
  unit found in the other, with document frequencies over the claims being linked, so shared rare
  words (``backstop``, ``transitory``) count and shared common ones (``people``, ``said``) barely;
- ``entities`` / ``numbers``: named entities and numbers the units share (a clash of either is a
  veto, :func:`quoteattr.link.normalize.veto`);
- ``contained``: how well the shorter unit aligns inside the longer (a partial quote);
- ``phrases``: the share of pairs of consecutive content words (``intensify talks``,
  ``humanitarian tragedy``) the two units share: a report keeps phrases of what it reports,
  another statement on the subject shares single topic words;
- ``quoted``: how much of a phrase one quotation puts in quote marks the other says (the words
  outlets keep verbatim while rewording the rest);
- ``same_speaker`` / ``affiliated`` / ``same_role`` / ``other_speaker``: the speakers agree (one
  entity), one speaks for the other (``White House spokesman Josh Earnest`` and ``the White
  House``, from their roles), their roles agree (two outlets' ``the prime minister's
  spokesman``), or both are known and differ;
- ``near_in_time``: ``exp(-days / 3)`` between the two articles (0 when a date is missing);
- ``short``: ``1 / (1 + content words of the smaller unit)``: short texts meet by chance.

A logistic model combines them; its weights live in ``link_weights.json`` next to this module,
fitted on a development set with folds by story by ``scripts/fit_link.py`` (which reports the
cross-validated figure).  The probability is the link's score; a link is one vote in the
clustering (:func:`quoteattr.link.graph.cluster_nodes`), its probability ordering the merges.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

import attrs
from rapidfuzz import fuzz

from quoteattr import lexicons
from quoteattr.link.normalize import Analysis

if TYPE_CHECKING:  # pragma: no cover
    from quoteattr.link.claims import Node

FEATURES: tuple[str, ...] = ("cosine", "idf_small", "idf_large", "entities", "numbers", "contained", "phrases", "quoted",
                             "same_speaker", "affiliated", "same_role", "other_speaker", "near_in_time", "short")


_EMPTY: frozenset[str] = frozenset()


class Idf:
    """Inverse document frequencies of content stems over a set of claims (each unit a document).

    ``idf(w) = ln((N + 1) / (df(w) + 1)) + 1``; a stem never seen weighs as one seen once.
    """

    def __init__(self, units: Iterable[Analysis] = ()):
        self.df: dict[str, int] = {}
        self.n = 0
        for a in units:
            self.add(a)

    def add(self, a: Analysis) -> None:
        self.n += 1
        for w in a.keywords:
            self.df[w] = self.df.get(w, 0) + 1

    def __call__(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 1) + 1)) + 1.0

    def overlap(self, a: Analysis, b: Analysis) -> tuple[float, float]:
        """IDF-weighted share of the smaller and of the larger keyword set found in the other."""
        sa, sb = a.keywords, b.keywords
        if not sa or not sb:
            return 0.0, 0.0
        small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        shared = sum(self(w) for w in small & large)
        return shared / sum(self(w) for w in small), shared / sum(self(w) for w in large)


@lru_cache(maxsize=None)
def _not_affiliation(lang: str = "en") -> frozenset[str]:
    """Words of a role that name no organisation: titles, role nouns, modifiers, function words."""
    from quoteattr.link.normalize import _stop

    words = set(_stop(lang))
    for t in ("title", "honorific", "role_noun", "modifier"):
        words |= lexicons.by_type("titles", t, lang)
    return frozenset(words)


def _words(text: str, *, acronyms: bool = False) -> list[str]:
    """Folded words of a name or role; with ``acronyms``, an all-capital word keeps a mark
    (``WHO`` -> ``^who``) so that it is not read as the function word it spells."""
    from quoteattr.link.speakers import fold

    out = []
    for w in text.replace("\u2019", "'").split():
        w = w.strip(".,;:()\"'")
        if w.endswith("'s"):
            w = w[:-2]
        if w:
            acronym = acronyms and len(w) > 1 and w.replace(".", "").isalpha() and w.replace(".", "").isupper()
            out.append("^" + fold(w) if acronym else fold(w))
    return out


def _organisation_words(text: str, skip: frozenset[str]) -> set[str]:
    return {w.lstrip("^") for w in _words(text, acronyms=True)
            if (w.startswith("^") or w not in skip) and len(w.lstrip("^")) > 1}


@lru_cache(maxsize=65536)
def affiliation_keys(name: str | None, role: str | None, kind: str | None, lang: str = "en") -> frozenset[str]:
    """Who a speaker speaks for, as folded words: an organisation's own name words (``WHO``
    stays a name though it spells a function word), the organisation words of a person's role
    (``Microsoft president`` -> ``microsoft``), and a one-word name that is no first name (a
    club or a city credited as a person by the extractor: ``Harbourside`` for its manager)."""
    skip = _not_affiliation(lang)
    keys = set()
    if name and (kind in ("organization", "group", "anonymous") or _lone_non_first_name(name, lang)):
        keys |= _organisation_words(name, skip) - _first_names(lang)
        if kind == "organization":
            keys |= _initials(name)
    if role:
        keys |= _organisation_words(role, skip)
    for text, whole in ((name if kind in ("organization", "group") else None, True), (role, False)):
        country = government_of(text, whole, lang) if text else None
        if country:
            keys.add("@" + country)
    return frozenset(keys) if keys else _EMPTY


@lru_cache(maxsize=None)
def _government_lexicons(lang: str) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Seat or country word -> the country's adjective, institution alias -> its country's
    adjective, and the words naming an executive."""
    adjective: dict[str, str] = {}
    for row in lexicons.rows("demonyms", lang):
        if len(row) > 1 and row[1]:
            adjective.setdefault(row[0], row[1])
            adjective.setdefault(row[1], row[1])
    seats = {place: adjective[country] for place, country in lexicons.mapping("places", lang).items()
             if country in adjective}
    for row in lexicons.rows("institutions", lang):
        if len(row) > 2 and row[2] in adjective:
            seats.setdefault(row[0], adjective[row[2]])
    return seats, adjective, lexicons.words("government_bodies", lang)


@lru_cache(maxsize=65536)
def government_of(text: str, whole: bool = True, lang: str = "en") -> str | None:
    """The country whose government a speaker stands for, as its adjective (``turkish``): a
    capital or seat of government named alone (``Ankara``, ``No 10``; ``whole``), or an
    executive body with its country (``the Turkish foreign ministry``, ``UK government``).
    None for anything else (``Turkish Airlines``, ``the Ankara bar association``)."""
    seats, adjective, bodies = _government_lexicons(lang)
    words = _words(text)
    if words and words[0] == "the":
        words = words[1:]
    joined = " ".join(words)
    if whole and joined in seats:
        return seats[joined]
    grams = {" ".join(words[k:k + n]) for n in (1, 2, 3) for k in range(len(words) - n + 1)}
    if not grams & bodies:
        return None
    found = {adjective[g] for g in grams if g in adjective}
    return found.pop() if len(found) == 1 else None


_MINOR = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le"})


def _initials(name: str) -> set[str]:
    """The acronym of a name of three or more capitalised words (``World Health Organization``
    -> ``who``), the key its short form (``WHO``) carries."""
    caps = [w for w in name.split() if w.lower() not in _MINOR]
    if len(caps) < 3 or not all(w[:1].isupper() for w in caps):
        return set()
    return {"".join(w[0] for w in caps).lower()}


def _first_names(lang: str) -> frozenset[str]:
    from quoteattr.link.normalize import _first_names as first_names

    return first_names(lang)


def _lone_non_first_name(name: str, lang: str) -> bool:
    words = _words(name)
    return len(words) == 1 and words[0] not in _first_names(lang)


@lru_cache(maxsize=65536)
def role_keys(role: str | None) -> frozenset[str]:
    """The words of a role (``the prime minister's official spokesman``), folded and stemmed."""
    from quoteattr.link.normalize import _stop, stem

    if not role:
        return _EMPTY
    stop = _stop()
    return frozenset(stem(w) for w in _words(role) if w not in stop and len(w) > 1) or _EMPTY


@attrs.frozen
class LinkModel:
    """Logistic weights over :data:`FEATURES` (with ``bias``) and the probability a link needs."""

    weights: Mapping[str, float]
    bias: float
    link_min: float = 0.5

    @classmethod
    def load(cls, path: str | None = None) -> "LinkModel":
        """The weights shipped with the package (``link_weights.json``), or those at ``path``."""
        if path is None:
            data = json.loads(resources.files("quoteattr.link").joinpath("link_weights.json").read_text("utf-8"))
        else:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        return cls(dict(data["weights"]), float(data["bias"]), float(data.get("link_min", 0.5)))

    def probability(self, features: Mapping[str, float], a: "Node | None" = None, b: "Node | None" = None) -> float:
        z = self.bias + sum(w * features.get(k, 0.0) for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@lru_cache(maxsize=1)
def default_model() -> LinkModel:
    return LinkModel.load()


def speaker_features(a: "Node", b: "Node") -> dict[str, float]:
    """``same_speaker``, ``affiliated``, ``same_role``, ``other_speaker`` for two nodes."""
    same = bool(a.entities & b.entities)
    affiliated = not same and bool(a.affiliations & b.affiliations)
    same_role = not same and bool(a.roles & b.roles)
    other = not same and not affiliated and bool(a.known) and bool(b.known) and not a.unknown and not b.unknown
    return {"same_speaker": float(same), "affiliated": float(affiliated), "same_role": float(same_role),
            "other_speaker": float(other)}


@lru_cache(maxsize=65536)
def quoted_keywords(text: str, lang: str = "en") -> tuple[frozenset[str], ...]:
    """The content stems of each stretch inside quote marks within a quotation (``the Fed is
    ready to 'bring some pain' to households`` -> ``{bring, pain}``), fragments without content
    left out."""
    from quoteattr.link.normalize import analyse, fragments

    return tuple(k for k in (analyse(f, lang).keywords for f in fragments(text)) if k)


def quoted_feature(a: "Node", b: "Node", idf: Idf) -> float:
    """How much of a phrase one node puts in quote marks the other node says: the best IDF-weighted
    share of a fragment's content stems found in the other's texts (0 without fragments).

    Outlets that paraphrase a statement keep its memorable words in quote marks (``warned of
    'some pain' ahead``); those words recur in every report of the statement, however the rest
    is worded."""
    best = 0.0
    for x, y in ((a, b), (b, a)):
        frags = {k for c in x.claims for k in quoted_keywords(c.text)}
        if not frags:
            continue
        other = frozenset().union(*(an.keywords for an in y.analyses))
        for k in frags:
            shared = k & other
            if shared:
                best = max(best, sum(idf(w) for w in shared) / sum(idf(w) for w in k))
    return best


def time_feature(a: "Node", b: "Node") -> float:
    if a.day is None or b.day is None:
        return 0.0
    return math.exp(-abs(a.day - b.day) / 3.0)


def content_bigrams(a: Analysis) -> frozenset[tuple[str, str]]:
    """Pairs of consecutive content stems, function words skipped (``intensify our talks`` ->
    ``(intensify, talk)``): the phrases a report keeps from what it reports."""
    stems = [s for s, c in zip(a.stems, a.content) if c]
    return frozenset(zip(stems, stems[1:]))


def phrase_overlap(a: Analysis, b: Analysis) -> float:
    """Share of the content bigrams of the text with fewer of them found in the other (0 when
    either has none)."""
    ba, bb = content_bigrams(a), content_bigrams(b)
    if not ba or not bb:
        return 0.0
    return len(ba & bb) / min(len(ba), len(bb))


def unit_features(ua: Analysis, ub: Analysis, cosine: float, idf: Idf) -> dict[str, float]:
    """The signals of one pair of claim units (speaker and time features are the nodes')."""
    small, large = idf.overlap(ua, ub)
    ea = {e for e in ua.entities if e}
    eb = {e for e in ub.entities if e}
    na = {n for n in ua.numbers if n}
    nb = {n for n in ub.numbers if n}
    short, long = (ua, ub) if len(ua.norm) <= len(ub.norm) else (ub, ua)
    contained = 0.0
    if len(short.tokens) >= 3 and long.norm:
        contained = max(0.0, fuzz.partial_ratio(short.norm, long.norm) / 100.0 - 0.5) * 2.0
    return {"cosine": cosine, "idf_small": small, "idf_large": large, "entities": min(2, len(ea & eb)) / 2.0,
            "numbers": float(bool(na & nb)), "contained": contained,
            "phrases": phrase_overlap(ua, ub),
            "short": 1.0 / (1.0 + min(ua.n_content, ub.n_content))}


def best_units(a: "Node", b: "Node", idf: Idf, model: LinkModel,
               cosines: Sequence[Sequence[float]] | None) -> tuple[float, int, int, dict[str, float]]:
    """The most probable pair of units of two nodes: ``(probability, unit of a, unit of b, features)``.

    ``cosines[x][y]`` is the cosine of unit ``x`` of ``a`` and unit ``y`` of ``b``.
    """
    shared = speaker_features(a, b)
    shared["near_in_time"] = time_feature(a, b)
    shared["quoted"] = quoted_feature(a, b, idf)
    best = (-1.0, 0, 0, {})
    for x, ua in enumerate(a.units):
        for y, ub in enumerate(b.units):
            cos = float(cosines[x][y]) if cosines is not None else 0.0
            f = unit_features(ua.analysis, ub.analysis, cos, idf)
            f.update(shared)
            p = model.probability(f, a, b)
            if p > best[0]:
                best = (p, x, y, f)
    return best
