"""Evidential frames: the writer's hedged claims (``X appears to ...``, ``X is expected to ...``),
PolNeAR's attributions without a source.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest

from quoteattr.extract.attribution import Attributor, strict_frames
from quoteattr.extract.evidential import evidential_frames
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.rules import RulesEngine

from .helpers import NLP, read

VOCAB = Vocabulary.for_lang("en")


@pytest.mark.parametrize(
    "text, content, cue",
    [
        ("The harbour board appears to be losing patience with the council.",
         "The harbour board appears to be losing patience with the council", "appears"),
        ("By the spring the ferry service seemed to have run out of money.",
         "the ferry service seemed to have run out of money", "seemed"),
        ("The mayor is expected to sign the harbour bill next week.",
         "The mayor is expected to sign the harbour bill next week", "is expected"),
        # a relative clause set off by commas is the content, up to its closing comma
        ("The new quay, which is expected to cost millions, has stalled.",
         "which is expected to cost millions", "is expected"),
    ],
)
def test_a_hedged_claim_is_the_whole_clause_with_no_source(text, content, cue):
    assert read(text) == [(content, cue, None)]


@pytest.mark.parametrize(
    "text",
    [
        "The ferry appeared on the horizon at dawn.",  # no infinitive: being seen, not a claim
        "The councillors appeared to the court in person.",  # "to" opens a noun phrase
        "The plan seemed to him a poor one.",  # an experiencer, not an infinitive
    ],
)
def test_seeming_without_an_infinitive_reports_nothing(text):
    assert read(text) == []


def test_a_hedge_inside_reported_words_stays_part_of_them():
    # the clause is what the mayor said; the hedge is hers, not a new attribution
    text = "The mayor said the ferry appears to be running late again."
    assert read(text) == [("the ferry appears to be running late again", "said", "The mayor")]


def test_a_hedge_in_quotation_marks_is_the_speakers_not_the_writers():
    text = '"The board appears to be losing patience with all of us. It is a shame."'
    assert [q.cue for q in NLP.extract(text).quotes] == [None]


def test_evidential_frames_never_repeat_a_strict_frame():
    text = "The harbour board appears to be losing patience, the mayor said."
    att = Attributor(RulesEngine().annotate(text), VOCAB)
    strict = strict_frames(att)
    assert evidential_frames(att, strict) == []
