"""Learned content ends: where a reported clause stops, read from PolNeAR's annotations.

:func:`quoteattr.extract.content.clause_end` runs a content to the end of its sentence unless a
rule stops it.  Many reported clauses end earlier, at a boundary no short rule tells apart from
one that continues (``, but the party ...`` ends the claim, ``, but not before ...`` may not;
``, which forced her to ...`` is the reporter's, ``, which would ...`` often the speaker's).
Here a hazard model reads every word boundary of a content that follows its cue, left to right,
and gives the probability that the reported words end there, given that they reached it: a
logistic regression over named features of the words either side (the word when frequent, its
class otherwise), the words read so far and left, the commas passed and the cue's frame.  The
content is cut at the first boundary whose probability reaches the model's threshold.

The weights and the threshold live in ``ends.json`` beside this module, fitted on PolNeAR train
by ``scripts/fit_ends.py`` (the threshold tuned on PolNeAR dev).  Only contents right of their
cue whose end the clause rules chose are read; a cut never falls inside quotation marks.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Iterator, NamedTuple, Sequence

import attrs

from quoteattr.extract.attribution import Attributor, Frame, _trim
from quoteattr.extract.content import _PUNCT_END
from quoteattr.extract.fallback import _word, score_features
from quoteattr.extract.sources import is_verbish
from quoteattr.extract.words import RELATIVE, SUBORDINATORS, Vocabulary
from quoteattr.memo import Memo, per_object
from quoteattr.nlp.base import Token
from quoteattr.text.marks import QUOTE_TOKENS

# Feature families whose value is a word: a word the weights do not know falls back to "rare".
WORD_FAMILIES = ("next", "next2", "prev", "prev_next", "frame_key")
_OPENING = frozenset({"“", "«", "‘"})
_CLOSING = frozenset({"”", "»", "’"})
_DASHES = frozenset({"—", "–", "--", "―", "-"})
_WH = RELATIVE | {"what", "why", "how", "when"}
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my"})


def word_class(t: Token, vocab: Vocabulary) -> str:
    """A coarse class of a token, for the features of words too rare to be named."""
    w = t.text.lower()
    if t.text in QUOTE_TOKENS:
        return "quote"
    if w in (",", ";", ":", "(", ")", ".", "?", "!"):
        return w
    if w in _DASHES:
        return "dash"
    if not any(c.isalnum() for c in w):
        return "punct"
    if any(c.isdigit() for c in w):
        return "num"
    if w in ("and", "or", "but", "nor"):
        return "conj"
    if w in _WH:
        return "wh"
    if w == "to":
        return "to"
    if w in SUBORDINATORS:
        return "sub"
    if w in vocab.prep:
        return "prep"
    if w in _PRONOUNS:
        return "pron"
    if w in vocab.det:
        return "det"
    if w in vocab.aux:
        return "aux"
    if t.text[:1].isupper():
        return "cap"
    if w in vocab.verbs:
        return "cue"
    if w.endswith("ing") and len(w) > 5:
        return "ing"
    if w in vocab.adv or w.endswith("ly"):
        return "adv"
    if w.endswith("ed") and len(w) > 4:
        return "ed"
    return "word"


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else "8-11" if n <= 11 \
        else "12-17" if n <= 17 else "18-25" if n <= 25 else "26+"


@attrs.frozen
class Boundary:
    """A place a content could end: before token ``j`` (the content would be ``k..j``)."""

    j: int
    features: tuple[str, ...]


class _Place(NamedTuple):
    """What the features of a boundary read, before they are named: the feature words and
    classes of the tokens around it (``w0``/``c0`` the token after it, ``w1``/``c1``/``c2`` the
    ones after that, ``wp``/``cp`` the one before), the word that tells it (``key``), the words
    read and left, the commas passed, and whether a verb (and a clause of its own) follows."""

    j: int
    w0: str
    w1: str
    wp: str
    c0: str
    c1: str
    c2: str
    cp: str
    key: str
    seen: int
    left: int
    commas: int
    verb_after: bool
    own_clause: bool


def _places(toks: Sequence[Token], k: int, e: int, vocab: Vocabulary) -> Iterator[_Place]:
    """The word boundaries inside the content ``k..e`` (after a word, outside quotation marks,
    before another word), left to right, each with what its features read."""
    span = toks[k:e]
    # each token's reading once (a boundary reads up to four of each), remembered by its text
    known = _readings(vocab)
    words, classes, verbish, values = map(list, zip(*[known[t.text] if t.upos is None else _reading(t, vocab)
                                                        for t in span]))
    total = sum(words)
    classes += ["<end>", "<end>"]
    values.append("<end>")
    depth, seen, commas = 0, 0, 0
    for j in range(k + 1, e):
        w = toks[j - 1].text
        if w in _OPENING or (depth == 0 and w in ('"', "''", "``")):
            depth += 1
        elif w in _CLOSING or (depth > 0 and w in ('"', "''")):
            depth = max(0, depth - 1)
        seen += words[j - 1 - k]
        if w == "," and depth == 0:
            commas += 1
        if depth > 0 or w in _PUNCT_END or w in _OPENING or not seen or seen == total:
            continue
        i = j - k
        c0, c1 = classes[i], classes[i + 1]
        w0, w1 = values[i], values[i + 1]
        verb_after = True in verbish[i + 1:i + 5]
        # tuple.__new__ builds the named tuple without its Python-level constructor
        yield _new(_Place, (j, w0, w1, values[i - 1], c0, c1, classes[i + 2], classes[i - 1],
                            # past a punctuation mark, the word after it is what tells the boundary
                            w1 if c0 in (",", "dash", "(", ":") else w0,
                            seen, total - seen, min(commas, 2), verb_after,
                            # a clause of its own after the boundary: a subject (pronoun, name, the ...) and a verb
                            c1 in ("pron", "det", "cap") and verb_after))


_new = tuple.__new__


def _reading(t: Token, vocab: Vocabulary) -> tuple[bool, str, bool, str]:
    """What the features read of a token: is it a word, its class, could it be a verb, and its
    feature word."""
    return (t.text.isalnum() or any(c.isalnum() for c in t.text), word_class(t, vocab), is_verbish(t, vocab),
            _word(t.text))


# The readings of untagged tokens (no part of speech) by their text, for a vocabulary.
_readings = per_object(lambda vocab: Memo(lambda text: _reading(Token(text, 0, len(text)), vocab), limit=200_000))


def boundaries(toks: Sequence[Token], k: int, e: int, frame: str, vocab: Vocabulary) -> Iterator[Boundary]:
    """The word boundaries inside the content ``k..e`` (after a word, outside quotation marks,
    before another word), left to right, each with its features.  ``frame`` is the cue's frame
    (clause, obj, ...)."""
    for p in _places(toks, k, e, vocab):
        c0, key = p.c0, p.key
        yield Boundary(p.j, (
            f"next={p.w0}", f"next2={p.w1}", f"prev={p.wp}", f"prev_next={c0}|{key}",
            f"cls={c0}|{p.c1}", f"cls3={c0}|{p.c1}|{p.c2}", f"prevcls_cls={p.cp}|{c0}",
            f"so_far={_bucket(p.seen)}", f"left={_bucket(p.left)}", f"commas={p.commas}",
            f"frame={frame}", f"frame_cls={frame}|{c0}", f"frame_key={frame}|{key}", f"verb_after={p.verb_after}",
            f"cls_verb={c0}|{p.c1}|{p.verb_after}", f"own_clause={c0}|{p.own_clause}"))


class Scorer:
    """The model's linear score of a boundary, read from its :class:`_Place` without naming its
    features: the same sum, term by term and in the same order, as
    :func:`~quoteattr.extract.fallback.score_features` over :func:`boundaries`' features (so the
    same floats), at a fraction of the cost.  Word-valued features are looked up in tables by
    word built once from the weights; the others a few at a time, by the values they read, as met."""

    def __init__(self, weights: dict[str, float]):
        self.weights = weights
        self.bias = weights.get("bias", 0.0)
        self.rare = {f: weights.get(f + "=rare", 0.0) for f in WORD_FAMILIES}
        # "next=w" -> words["next"]["w"]; "prev_next=c|w" -> words["prev_next"][c]["w"] (a class
        # or frame name holds no "|", so the first one parts it from the word)
        self.words: dict[str, dict] = {f: {} for f in WORD_FAMILIES}
        for name, w in weights.items():
            family, _, value = name.partition("=")
            if family in ("prev_next", "frame_key"):
                head, _, word = value.partition("|")
                self.words[family].setdefault(head, {})[word] = w
            elif family in WORD_FAMILIES:
                self.words[family][value] = w
        # the weights of the features named by classes and counts, looked up a few at a time by the
        # values they read (each still added at its own place in the sum)
        self.classes = Memo(lambda key: self._classes(*key))
        self.counts = Memo(lambda key: self._counts(*key), limit=100_000)  # words read and left, by number
        self.verbs = Memo(lambda key: self._verbs(*key))

    def _classes(self, frame: str, cp: str, c0: str, c1: str, c2: str) -> tuple[float, float, float, float]:
        return (self.named(f"cls={c0}|{c1}"), self.named(f"cls3={c0}|{c1}|{c2}"), self.named(f"prevcls_cls={cp}|{c0}"),
                self.named(f"frame_cls={frame}|{c0}"))

    def _counts(self, seen: int, left: int, commas: int) -> tuple[float, float, float]:
        return self.named(f"so_far={_bucket(seen)}"), self.named(f"left={_bucket(left)}"), self.named(f"commas={commas}")

    def _verbs(self, c0: str, c1: str, verb_after: bool, own_clause: bool) -> tuple[float, float, float]:
        return (self.named(f"verb_after={verb_after}"), self.named(f"cls_verb={c0}|{c1}|{verb_after}"),
                self.named(f"own_clause={c0}|{own_clause}"))

    def named(self, feature: str) -> float:
        """The weight of a feature that is not a word's (none when the model does not know it)."""
        return self.weights.get(feature, 0.0)

    def first_end(self, places: Iterator[_Place], frame: str, threshold: float) -> int | None:
        """The ``j`` of the first place whose probability reaches ``threshold``, or None."""
        bias, classes, counts, verbs = self.bias, self.classes, self.counts, self.verbs
        nxt, nxt2, prev, prev_next = (self.words[f] for f in ("next", "next2", "prev", "prev_next"))
        frame_key = self.words["frame_key"].get(frame, {})
        r_next, r_next2, r_prev, r_prev_next, r_frame_key = (self.rare[f] for f in WORD_FAMILIES)
        frame_w = self.named(f"frame={frame}")
        for j, w0, w1, wp, c0, c1, c2, cp, key, seen, left, commas, verb_after, own_clause in places:
            cls, cls3, prevcls_cls, frame_cls = classes[frame, cp, c0, c1, c2]
            so_far, left_w, commas_w = counts[seen, left, commas]
            verb_w, cls_verb, own_w = verbs[c0, c1, verb_after, own_clause]
            z = (bias + nxt.get(w0, r_next) + nxt2.get(w1, r_next2) + prev.get(wp, r_prev)
                 + prev_next.get(c0, _NONE).get(key, r_prev_next) + cls + cls3 + prevcls_cls
                 + so_far + left_w + commas_w + frame_w + frame_cls + frame_key.get(key, r_frame_key)
                 + verb_w + cls_verb + own_w)
            if 1.0 / (1.0 + math.exp(-z)) >= threshold:
                return j
        return None


_NONE: dict[str, float] = {}
# The Scorer of a weights table, built again only when the table changes.
scorer = per_object(Scorer)


def readable(att: Attributor, f: Frame) -> tuple[int, int] | None:
    """The token range ``k..e`` of ``f``'s content when its end is the model's to read: a
    content of one piece right of its cue, in one sentence, outside quotation marks at the start."""
    if f.cue is None or f.segments or f.kind in ("direct", "partial") or f.cue.end > f.content[0]:
        return None
    a, b = f.content
    k = att._tok_at(a)
    e = att._tok_at(b - 1)
    if k is None or e is None:
        return None
    e += 1
    s = att.doc.sentences[f.sent]
    if not (s.first <= k < e <= s.last) or e - k < 3:
        return None
    return k, e


@lru_cache(maxsize=None)
def model() -> dict:
    path = resources.files("quoteattr.extract").joinpath("ends.json")
    return json.loads(path.read_text(encoding="utf-8"))


def probability(features: tuple[str, ...], weights: dict | None = None) -> float:
    """The model's probability that the content ends at a boundary with these features."""
    z = score_features(features, weights if weights is not None else model()["weights"], WORD_FAMILIES)
    return 1.0 / (1.0 + math.exp(-z))


def learned_end(att: Attributor, f: Frame, threshold: float | None = None) -> Frame:
    """``f`` with its content cut at the first boundary the model is sure of, or ``f`` itself."""
    span = readable(att, f)
    if span is None:
        return f
    k, e = span
    m = model()
    if threshold is None:
        threshold = m.get("thresholds", {}).get(f.cue.frame, m["threshold"])
    j = scorer(m["weights"]).first_end(_places(att.toks, k, e, att.vocab), f.cue.frame, threshold)
    if j is None:
        return f
    a, end = _trim(att.text, att.toks[k].start, att.toks[j - 1].end)
    return attrs.evolve(f, content=(a, end)) if end > a else f


def learned_ends(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """``frames`` with each content right of its cue ended where the model says it ends."""
    return [learned_end(att, f) for f in frames]
