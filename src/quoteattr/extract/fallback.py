"""Fallback frames: cues the surface patterns left without a frame, read loosely and kept when
a learned filter says they are likely attributions.

The patterns of :mod:`quoteattr.extract.attribution` are strict: a cue whose subject they cannot
read (``has attacked the budget, and has called for a full audit``, ``it is worth noting that
...``) or a participle after an adverb (``, even suggesting it had been watered``) gives no
frame.  PolNeAR annotates many of these.  Here every cue without a frame gets a loose reading (the
subject left of it, or else the sentence's subject; the content right of it up to the clause end),
described by named binary features (the cue's lemma and frame, what kind of subject it has, the
content's length and first word, the word before the cue), and a logistic model decides whether
to keep it.  Readings the conventions of the seeds and newsdev skip are never candidates: a
clause verb's bare noun-phrase object, a negated cue, a cue inside another frame's content, a
reading that would swallow a strict frame.  The weights live in ``fallback.json`` beside this
module, fitted on PolNeAR train by ``scripts/fit_fallback.py`` with "right" meaning the loose
content matches a gold attribution (overlap >= 0.5) that no strict frame already matches and its
subject is that attribution's source.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Iterator

import attrs

from quoteattr.extract.attribution import Attributor, Frame, _trim, taken
from quoteattr.extract.cues import SEEING
from quoteattr.extract.content import clause_end, content_start, word_count
from quoteattr.extract.sources import find_left_source

# Feature families whose value is a word: a word the weights do not know falls back to "rare".
WORD_FAMILIES = ("lemma", "first", "prev")
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "it"})
# Surface checks whose rejected matches still get a loose reading, the check's name a feature
# ("was asked whether ...", "called ... a genius", "declined to say"): the model weighs them.
NEAR_REASONS = frozenset({"passive", "infinitive", "naming", "continuing", "no_object", "determiner", "noun", "plural_noun", "adjective", "lone",
                          "modifier"})
# Particles that make a verb another verb ("laughed off", "played down") when the lexicon does not
# list the pair.
PARTICLES = frozenset({"off", "up", "out", "down", "away", "back", "over", "along", "around"})
SOURCE_TYPES = frozenset({"person", "organization", "group", "anonymous", "pronoun"})


@attrs.frozen
class Candidate:
    """A loose reading of a cue: the frame it would give and its features."""

    frame: Frame
    features: tuple[str, ...]


def candidates(att: Attributor, frames: list[Frame]) -> Iterator[Candidate]:
    """The loose readings of the cues of ``att`` that none of ``frames`` uses."""
    toks, vocab, text = att.toks, att.vocab, att.text
    contents, used = taken(frames)
    # a verb of seeing the checks reject is seeing, not holding a view ("saw the damage")
    near = [(c, r) for c, r in att.near_cues if r in NEAR_REASONS and c.lemma not in SEEING]
    for cue, reason in [(c, "none") for c in att.cues] + near:
        if cue.start in used or cue.frame == "according_to" or contents.covers(cue.start) or contents.covers(cue.end - 1):
            continue  # a cue inside another frame's content is part of what that frame reports
        si = toks[cue.first].sent
        s = att.doc.sentences[si]
        k = content_start(toks, cue.last, s.last, cue.lemma, vocab)
        e = clause_end(toks, k, s.last, vocab, cue.frame)
        n = word_count(toks, k, e)
        if k >= s.last or n < 1:
            continue
        if cue.frame == "clause" and not att._clause_like(cue, k, e) and not _infinitive(toks, k, e):
            continue  # "announced a fresh offensive": a clause verb's noun-phrase object reports nothing
        if att._negated(cue, s.first) or toks[k].text.lower() in PARTICLES:
            continue  # "did not think ...", "laughed off the remarks": nothing is reported
        left = find_left_source(toks, cue.first, s.first, vocab)
        mention = att.mention(left.first, left.last) if left is not None else None
        source = mention if mention is not None and mention.type in SOURCE_TYPES else None
        subject = "none" if left is None else mention.type if mention is not None else "unread"
        if left is None:  # "... and refused to sign": the sentence's subject, when it comes before the cue
            opener = att.sentence_subject(si)
            if opener is not None and opener.end <= cue.start:
                source, subject = opener, "sentence"
        a, b = toks[k].start, toks[e - 1].end
        if contents.starts_within(a, b) or any(a <= c < b for c in used):
            continue  # the loose reading would swallow a strict frame
        feats = (f"lemma={cue.lemma}", f"frame={cue.frame}", f"subject={subject}",
                 f"subject_frame={subject}/{cue.frame}",
                 f"words={n}" if n < 6 else "words>=6", f"first={_word(toks[k].text)}",
                 f"prev={_word(toks[cue.first - 1].text) if cue.first > s.first else '<s>'}",
                 "participle" if cue.participle else "finite", f"check={reason}", f"check_frame={reason}/{cue.frame}", f"subject_check={subject}/{reason}")
        frame = Frame(_trim(text, toks[k].start, toks[e - 1].end), "indirect", cue, source, "fallback", si)
        yield Candidate(frame, feats)


def _infinitive(toks, k: int, e: int) -> bool:
    """Does the content from token ``k`` open with a to-infinitive, the cue's own or after its
    object ("pledged to remain civil", "expects them to become")?"""
    if k + 1 < e and toks[k].text.lower() in OBJECT_PRONOUNS:
        k += 1
    return k + 1 < e and toks[k].text.lower() == "to"


def _word(w: str) -> str:
    """A word as a feature value: lower-case words as they are, names and other capitalised
    words pooled (the model must not learn the names of its training articles)."""
    return "<cap>" if w[:1].isupper() else w.lower()


@lru_cache(maxsize=None)
def model() -> dict:
    path = resources.files("quoteattr.extract").joinpath("fallback.json")
    return json.loads(path.read_text(encoding="utf-8"))


def score_features(features: tuple[str, ...], weights: dict[str, float],
                   word_families: tuple[str, ...] = WORD_FAMILIES) -> float:
    """The linear score of named binary features: the bias and the weight of each feature; a
    word the weights do not know, in one of ``word_families``, counts as its family's "rare"."""
    z = weights.get("bias", 0.0)
    for f in features:
        if f in weights:
            z += weights[f]
        else:
            family = f.split("=", 1)[0]
            if family in word_families:
                z += weights.get(family + "=rare", 0.0)
    return z


def probability(features: tuple[str, ...]) -> float:
    """The model's probability that a loose reading is an attribution."""
    return 1.0 / (1.0 + math.exp(-score_features(features, model()["weights"])))


def fallback_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """The loose readings the model keeps (probability at least the model's threshold)."""
    threshold = model()["threshold"]
    return [c.frame for c in candidates(att, frames) if probability(c.features) >= threshold]
