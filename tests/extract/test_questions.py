"""Question frames: a question reported with a passive ``asked`` (PolNeAR
annotates the question, its asker the source when named), and transcript lines that run on to
the end of their paragraph.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr.extract.attribution import Attributor, find_frames, strict_frames
from quoteattr.extract.questions import question_frames
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.rules import RulesEngine

NLP = quoteattr.Pipeline("rules")
VOCAB = Vocabulary.for_lang("en")


def questions(text: str) -> list[tuple[str, str, str | None]]:
    att = Attributor(RulesEngine().annotate(text), VOCAB)
    return [(text[f.content[0]:f.content[1]], text[f.cue.start:f.cue.end], f.source.text if f.source else None)
            for f in question_frames(att, strict_frames(att))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The harbour master was asked whether the new quay would open before winter.",
         [("whether the new quay would open before winter", "asked", None)]),
        ("The mayor was later asked about the ferry timetable.",
         [("about the ferry timetable", "asked", None)]),
        ("The councillor had been asked again how the budget was balanced.",
         [("how the budget was balanced", "asked", None)]),
        # the asker, when named, is the source
        ("Ms. Reyes was asked by a local reporter if she would stand again.",
         [("if she would stand again", "asked", "a local reporter")]),
    ],
)
def test_a_reported_question_is_its_clause_with_the_asker_as_source(text, expected):
    assert questions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The harbour master was asked to leave the meeting.",  # a request, not a question
        "Asked whether the quay would open, the harbour master said it would.",  # an opener
        "When asked about the ferry, the mayor said it was late.",  # an opener too
        '"No," the mayor said when asked about the ferry.',  # beside its answer
        "The question asked by the panel was a fair one.",  # no question follows
    ],
)
def test_requests_and_openers_are_not_question_frames(text):
    assert questions(text) == []


def test_an_active_ask_stays_a_clause_frame_of_its_own():
    text = "Two councillors asked whether the quay would be finished on time."
    quotes = NLP.extract(text).quotes
    assert [(q.text, q.speaker.mention if q.speaker else None) for q in quotes] == [
        ("whether the quay would be finished on time", "Two councillors")]
    assert questions(text) == []


def test_a_passive_question_is_a_quotation_with_no_speaker():
    text = "The harbour master was asked whether the new quay would open before winter."
    quotes = NLP.extract(text).quotes
    assert [(q.text, q.cue.text, q.speaker) for q in quotes] == [
        ("whether the new quay would open before winter", "asked", None)]
    assert [f.pattern for f in find_frames(RulesEngine().annotate(text), VOCAB)] == ["question"]


def test_question_frames_never_repeat_a_strict_frame():
    text = "The harbour master said he had been asked whether the quay would open."
    att = Attributor(RulesEngine().annotate(text), VOCAB)
    assert question_frames(att, strict_frames(att)) == []


def test_a_transcript_turn_runs_to_the_end_of_its_paragraph():
    text = ("HOST: Will the quay open this winter?\n\n"
            "REYES: Yes, by December. The builders are working late. The cranes arrive in March.\n\n"
            "The interview was recorded on Monday.")
    quotes = [(q.text, q.speaker.mention) for q in NLP.extract(text).quotes if q.speaker]
    assert ("Yes, by December. The builders are working late. The cranes arrive in March", "REYES") in quotes
