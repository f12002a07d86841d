"""Learned content ends: where the reported words of a content right of its cue stop.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr.extract import ends
from quoteattr.extract.attribution import Attributor, strict_frames
from quoteattr.extract.fallback import fallback_frames
from quoteattr.extract.sources import is_verbish
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.base import Token
from quoteattr.nlp.rules import RulesEngine
from tests.strategies import clause

NLP = quoteattr.Pipeline("rules")
VOCAB = Vocabulary.for_lang("en")
RULES_ALONE = {"threshold": 1.01, "weights": {}}


def contents(text: str) -> list[str]:
    return [q.text for q in NLP.extract(text).quotes if q.kind != "partial"]


@pytest.fixture
def rules_alone(monkeypatch):
    """The rules engine with the learned ends switched off (no boundary reaches the threshold)."""
    monkeypatch.setattr(ends, "model", lambda: RULES_ALONE)


def frames_of(text: str):
    att = Attributor(RulesEngine().annotate(text), VOCAB)
    frames = strict_frames(att)
    return att, frames + fallback_frames(att, frames)


CUT = [
    # a comment on the reported clause, after a dash: the reporter's, not the speaker's
    ("The chairman said the merger was “off the table” — a reversal that stunned investors.",
     "the merger was “off the table”",
     "the merger was “off the table” — a reversal that stunned investors"),
    # an apposition to the whole clause ("a forecast that ...") describes it
    ("The agency said the drought would last into spring, a forecast that worried farmers across the region.",
     "the drought would last into spring",
     "the drought would last into spring, a forecast that worried farmers across the region"),
    # after an object, a dash opens the reporter's gloss
    ("The council condemned the closure of the clinic — a decision taken without any consultation.",
     "the closure of the clinic",
     "the closure of the clinic — a decision taken without any consultation"),
    ("The union accused the owners of breaking the pay deal — a charge the company denies.",
     "the owners of breaking the pay deal",
     "the owners of breaking the pay deal — a charge the company denies"),
]


@pytest.mark.parametrize("text, learned, rules", CUT)
def test_the_model_ends_a_content_the_rules_run_on(text, learned, rules):
    assert learned in contents(text)
    assert rules not in contents(text)


@pytest.mark.parametrize("text, learned, rules", CUT)
def test_without_the_model_the_rules_run_to_the_sentence_end(text, learned, rules, rules_alone):
    assert rules in contents(text)


@pytest.mark.parametrize(
    "text, content",
    [
        # a relative clause that continues the speaker's own reasoning stays
        ("The judge said the company had broken the law, which would mean fines of up to a million dollars.",
         "the company had broken the law, which would mean fines of up to a million dollars"),
        # a concession with a subject of its own, still the envoy's words
        ("The envoy said talks would resume next week, though no date has been set.",
         "talks would resume next week, though no date has been set"),
        # a contrast with a new subject: the rules end it, and the model does not move the end
        ("The minister said the reform would cut waiting lists, but his critics were not convinced by the figures.",
         "the reform would cut waiting lists"),
    ],
)
def test_contents_the_model_leaves_as_the_rules_end_them(text, content):
    assert content in contents(text)


def test_a_cut_never_falls_inside_quotation_marks():
    text = "The mayor said “the budget, which we fought for, is a disgrace, and everyone knows it” at the meeting."
    att, frames = frames_of(text)
    (f,) = [f for f in frames if ends.readable(att, f)]
    k, e = ends.readable(att, f)
    open_at = text.index("“")
    close_at = text.index("”")
    for b in ends.boundaries(att.toks, k, e, f.cue.frame, VOCAB):
        assert not open_at < att.toks[b.j - 1].end <= close_at


def test_direct_quotes_and_contents_left_of_their_cue_are_not_read():
    att, frames = frames_of('"The vote was rigged, and everyone knows it," the candidate said. '
                            "Prices will fall, the minister said, once the harvest is in.")
    assert frames and not any(ends.readable(att, f) for f in frames)


@settings(max_examples=60, deadline=None)
@given(a=clause, b=clause, sep=st.sampled_from([", ", " — ", ", which ", ", but ", " as ", " and "]),
       cue=st.sampled_from(["said", "told reporters", "warned", "accused the council of", "described the plan as"]))
def test_a_learned_content_is_the_rules_content_cut_short(a, b, sep, cue):
    text = f"The minister {cue} {a}{sep}{b}."
    att, frames = frames_of(text)
    for f in frames:
        g = ends.learned_end(att, f)
        assert g.content[0] == f.content[0] and g.content[1] <= f.content[1]
        assert text[g.content[0]:g.content[1]].strip() == text[g.content[0]:g.content[1]]
        if ends.readable(att, f) is None:
            assert g == f


def test_the_shipped_model_is_fitted_and_knows_no_names():
    m = ends.model()
    assert m["fitted_on"] == "PolNeAR train" and m["threshold_tuned_on"] == "PolNeAR dev"
    assert 0.0 < m["threshold"] < 1.0 and all(0.0 < t < 1.0 for t in m["thresholds"].values())
    assert m["dev"]["overlap50_f1"] > m["dev_rules_alone"]["overlap50_f1"]
    # capitalised words are pooled as <cap>: no feature names a person, a place or an outlet
    words = [f.split("=", 1)[1].split("|")[-1] for f in m["weights"] if f.split("=", 1)[0] in ends.WORD_FAMILIES]
    assert words and not any(w[:1].isupper() for w in words)


def test_word_features_the_model_does_not_know_are_pooled_as_rare():
    w = ends.model()["weights"]
    z = w["bias"] + w.get("next=rare", 0.0) + w.get("frame=clause", 0.0)
    assert ends.probability(("next=zzyzx", "frame=clause")) == pytest.approx(1 / (1 + 2.718281828459045 ** -z))


def naive_first_end(att, f, k, e, weights, threshold):
    """The oracle: every boundary's features named, scored by the generic scorer."""
    for b in ends.boundaries(att.toks, k, e, f.cue.frame, VOCAB):
        if ends.probability(b.features, weights) >= threshold:
            return b.j
    return None


@settings(max_examples=60, deadline=None)
@given(a=clause, b=clause, sep=st.sampled_from([", ", " — ", ", which ", ", but ", " as ", " and ", " (", ": "]),
       cue=st.sampled_from(["said", "told reporters", "warned", "accused the council of", "described the plan as"]),
       threshold=st.sampled_from([0.05, 0.3, 0.5, 0.7, 0.9]))
def test_the_fast_scorer_finds_the_end_the_named_features_find(a, b, sep, cue, threshold):
    text = f"The minister {cue} {a}{sep}{b}, the paper reported."
    att, frames = frames_of(text)
    weights = ends.model()["weights"]
    for f in frames:
        span = ends.readable(att, f)
        if span is None:
            continue
        k, e = span
        fast = ends.scorer(weights).first_end(ends._places(att.toks, k, e, VOCAB), f.cue.frame, threshold)
        assert fast == naive_first_end(att, f, k, e, weights, threshold)


def test_the_fast_scorer_sums_the_same_floats_as_the_named_features():
    # at a threshold equal to a boundary's own probability, the boundary is found unless an
    # earlier one reaches it: only equal scores, to the last bit, give the oracle's answer at every one
    text = ("The council said the new road would cut journeys by half, which residents doubt, "
            "and that work would start in May — a date the contractors have not confirmed.")
    att, frames = frames_of(text)
    weights = ends.model()["weights"]
    (f,) = [f for f in frames if ends.readable(att, f)]
    k, e = ends.readable(att, f)
    bs = list(ends.boundaries(att.toks, k, e, f.cue.frame, VOCAB))
    assert len(bs) > 10
    for b in bs:
        p = ends.probability(b.features, weights)
        fast = ends.scorer(weights).first_end(ends._places(att.toks, k, e, VOCAB), f.cue.frame, p)
        assert fast == naive_first_end(att, f, k, e, weights, p)
        assert fast <= b.j


def test_the_scorer_is_built_again_for_new_weights():
    w = {"bias": 5.0}
    assert ends.scorer(w).weights is w
    assert ends.scorer(dict(w)).weights is not w


def test_a_place_reads_each_token_as_the_token_itself_reads():
    text = ("Officials said the 2,000 troops, who arrived on Monday, would stay until the talks — "
            "which both sides called “constructive” — are over, and that more could follow.")
    att, frames = frames_of(text)
    toks = att.toks
    places = [(p, e) for f in frames if ends.readable(att, f)
              for k, e in [ends.readable(att, f)] for p in ends._places(toks, k, e, VOCAB)]
    assert len(places) > 10
    for p, e in places:
        assert p.c0 == ends.word_class(toks[p.j], VOCAB) and p.cp == ends.word_class(toks[p.j - 1], VOCAB)
        assert p.w0 == ends._word(toks[p.j].text) and p.wp == ends._word(toks[p.j - 1].text)
        assert p.verb_after == any(is_verbish(t, VOCAB) for t in toks[p.j + 1:min(e, p.j + 5)])


@given(st.text(min_size=1, max_size=12))
def test_a_remembered_reading_is_the_reading(text):
    readings = ends._readings(VOCAB)
    assert readings[text] == ends._reading(Token(text, 0, len(text)), VOCAB)
    assert readings[text] == readings[text] and ends._readings(VOCAB) is readings


def test_a_tagged_token_is_read_with_its_tag():
    tagged = Token("report", 0, 6, upos="VERB")
    assert ends._reading(tagged, VOCAB)[2] and not ends._readings(VOCAB)["report"][2]
