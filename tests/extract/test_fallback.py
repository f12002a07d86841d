"""The fallback filter: loose readings of cues the strict patterns left without a frame.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import math

import pytest

from quoteattr.extract.attribution import Attributor, strict_frames
from quoteattr.extract.cues import find_cues, lexicon_matches
from quoteattr.extract.fallback import candidates, model, probability
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.rules import RulesEngine

from .helpers import NLP, read

VOCAB = Vocabulary.for_lang("en")


def loose(text: str):
    att = Attributor(RulesEngine().annotate(text), VOCAB)
    return list(candidates(att, strict_frames(att)))


@pytest.mark.parametrize(
    "text, content, cue, speaker",
    [
        # a participle after an adverb, its subject the sentence's
        ("The coach complained about the pitch after the match, even suggesting it had been watered on purpose.",
         "it had been watered on purpose", "suggesting", "The coach"),
        # a second coordinated verb after an auxiliary
        ("Ms. Ortiz has criticised the port plan and has called for a full audit of the harbour board.",
         "a full audit of the harbour board", "called for", "Ms. Ortiz"),
    ],
)
def test_kept_loose_readings(text, content, cue, speaker):
    assert (content, cue, speaker) in read(text)
    (c,) = [c for c in loose(text) if c.frame.cue.form == cue]
    assert probability(c.features) >= model()["threshold"]


@pytest.mark.parametrize(
    "text",
    [
        "The army announced a new offensive.",  # a clause verb's bare noun-phrase object
        "The council did not mention the budget for the new bridge.",  # negated
        "The minister laughed off the criticism from the opposition benches.",  # another verb
    ],
)
def test_readings_the_conventions_skip_are_not_candidates(text):
    assert loose(text) == []
    assert read(text) == []


def test_a_cue_inside_another_content_is_not_a_candidate():
    # "warned" sits inside what the mayor said; it is part of her words
    text = "The mayor said the engineers warned that the bridge would not last the winter."
    assert all(c.frame.cue.form != "warned" for c in loose(text))


def test_a_loose_reading_never_swallows_a_strict_frame():
    text = "Ms. Ortiz has criticised the port plan and has called for a full audit of the harbour board."
    strict_cues = {q.cue.start for q in NLP.extract(text).quotes if q.cue}
    for c in loose(text):
        a, b = c.frame.content
        assert not any(a <= s < b for s in strict_cues)


def test_word_features_the_model_does_not_know_are_pooled_as_rare():
    w = model()["weights"]
    known = ("frame=clause", "subject=person")
    base = w.get("bias", 0.0) + sum(w.get(f, 0.0) for f in known)
    z = base + w.get("lemma=rare", 0.0) + w.get("first=rare", 0.0)
    p = probability(known + ("lemma=a-lemma-nobody-uses", "first=zzzz"))
    assert p == pytest.approx(1 / (1 + math.exp(-z)))


def test_names_are_never_word_features():
    # the model must not learn the names in its training articles: capitalised words are pooled
    (c,) = [c for c in loose("Ms. Ortiz has criticised the port plan and has called for Okafor to resign.")
            if c.frame.cue.form == "called for"]
    assert "first=<cap>" in c.features and not any("okafor" in f for f in c.features)


def test_the_shipped_model_is_fitted():
    m = model()
    assert m["fitted_on"] == "PolNeAR train" and 0.0 < m["threshold"] < 1.0 and m["weights"]
    assert not any(f.split("=", 1)[-1][:1].isupper() for f in m["weights"])


# -- lexicon matches the surface checks reject -----------------------------------------------------
@pytest.mark.parametrize(
    "text, form, reason",
    [
        ("The senators were asked whether the harbour bill would pass.", "asked", "passive"),
        ("The new harbour tax is a plan nobody liked.", "plan", "determiner"),
        ("Energy prices fell as demand for fuel fell.", "demand", "bare_base"),
        ("The truce plan for the valley had stalled.", "plan", "compound"),
        ("The Harbour Support Group met on Monday.", "support", "capitalised"),
    ],
)
def test_every_lexicon_match_comes_with_the_check_that_rejects_it(text, form, reason):
    doc = RulesEngine().annotate(text)
    assert (form, reason) in [(c.form, r) for c, r in lexicon_matches(doc, vocab=VOCAB)]
    assert form not in [c.form for c in find_cues(doc, vocab=VOCAB)]


def test_find_cues_is_the_matches_no_check_rejects():
    doc = RulesEngine().annotate("The mayor said the quay was safe, and the harbour plan was dropped.")
    assert list(find_cues(doc, vocab=VOCAB)) == [c for c, r in lexicon_matches(doc, vocab=VOCAB) if r is None]


def test_a_rejected_match_gets_a_loose_reading_named_by_its_check():
    (c,) = loose("The senators were asked whether the harbour bill would pass.")
    assert c.frame.cue.form == "asked" and "check=passive" in c.features
    assert any(f.startswith("subject_check=") and f.endswith("/passive") for f in c.features)


@pytest.mark.parametrize(
    "text",
    [
        "Energy prices fell as demand for fuel fell.",  # a noun with nothing before it
        "The truce plan for the valley had stalled.",  # a noun in a compound
        "The Harbour Support Group met on Monday.",  # a word of a name
        "The inspectors saw the damage for themselves.",  # seeing, not holding a view
    ],
)
def test_nouns_names_and_seeing_get_no_loose_reading(text):
    assert loose(text) == []
    assert read(text) == []


def test_a_clause_verb_with_an_infinitive_is_a_candidate():
    # an infinitive complement is not the bare noun-phrase object the conventions skip
    text = "The protesters, tired and cold, pledged to remain peaceful."
    (c,) = loose(text)
    assert c.frame.cue.form == "pledged" and "first=to" in c.features
    assert ("to remain peaceful", "pledged", "The protesters") in read(text)
