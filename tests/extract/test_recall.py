"""Recall of the rules engine on PolNeAR's broad attributions: patterns that used to give no
frame, or the wrong content.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest

from .helpers import NLP, read


# -- a phrasal verb's participle is a participle --------------------------------------------------
def test_phrasal_participle_after_a_quotation_takes_its_speaker():
    text = '"We will look at it again," Ames said, referring to the new harbour rules.'
    assert ("the new harbour rules", "referring to", "Ames") in read(text)


def test_phrasal_participle_after_be_is_not_a_passive():
    assert read("In this case, Ames was referring to the harbour tax.") == [("the harbour tax", "referring to", "Ames")]


def test_phrasal_passive_is_still_a_passive():
    assert read("The harbour tax was pointed out to the visitors.") == []


# -- subjects the patterns could not read ------------------------------------------------------
def test_relative_pronoun_after_a_comma_is_the_subject():
    text = "The ruling came from the commission, which contended that the state undertaxed the firm."
    # the quotation is attached to the pronoun; its antecedent names the speaker
    assert read(text) == [("the state undertaxed the firm", "contended", "which")]
    assert [q.speaker.name for q in NLP.extract(text).quotes] == ["commission"]


def test_which_as_a_determiner_is_not_a_subject():
    assert read("Which notes did the clerk keep?") == []


def test_subject_before_a_long_apposition_speaks():
    text = ("Ann Roe, a retired teacher who has lived in the town for four decades, said the closure "
            "would hurt families.")
    assert read(text) == [("the closure would hurt families", "said", "Ann Roe")]


def test_subject_before_a_dashed_apposition_speaks_past_adverbs():
    text = "Local doctors -- including two surgeons and a nurse -- have long argued that the clinic is too small."
    assert read(text) == [("the clinic is too small", "argued", "Local doctors")]


# -- contents ---------------------------------------------------------------------------------
def test_an_aside_between_the_cue_and_that_is_skipped():
    text = "The mayor said, without offering evidence, that the count was rigged."
    assert read(text) == [("the count was rigged", "said", "The mayor")]


def test_one_word_opener_of_a_parenthetical_frame_is_not_content():
    text = "Still, he said, officials have to decide who gets extra scrutiny."
    assert read(text) == [("officials have to decide who gets extra scrutiny", "said", "he")]


def test_one_word_subject_of_a_parenthetical_frame_is_a_part():
    (first, second) = NLP.extract("Inflation, the governor said, will fall by the spring.").quotes
    assert (first.text, second.text) == ("Inflation", "will fall by the spring")
    assert first.utterance_id == second.utterance_id and (first.part, second.part) == (1, 2)


def test_one_word_object_of_an_object_verb():
    assert read("The senator attacked Okafor.") == [("Okafor", "attacked", "The senator")]


def test_coordinated_verb_reports_its_noun_phrase_object_for_a_person():
    text = "Governor Lee toured the flooded district and announced a new inquiry."
    assert read(text) == [("a new inquiry", "announced", "Governor Lee")]


def test_coordinated_verb_without_an_object_reports_nothing():
    assert read("Governor Lee toured the flooded district and announced.") == []


# -- according to -------------------------------------------------------------------------------
def test_according_to_a_source_the_noun_phrase_reader_does_not_take():
    text = "Turnout was higher than four years ago, according to early results of the exit poll."
    assert read(text) == [("Turnout was higher than four years ago", "according to",
                           "early results of the exit poll")]


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose sharply last year, according to.",  # no source
        "Prices rose sharply across the region, according to the figures released on Monday by the agency "
        "that the finance ministry set up in the spring of last year to count them",  # no source short enough
    ],
)
def test_according_to_without_content_or_source_reports_nothing(text):
    assert read(text) == []


# -- openers ------------------------------------------------------------------------------------
@pytest.mark.parametrize("adverb", ["However", "Meanwhile", "Still"])
def test_a_linking_adverb_before_an_opener_is_not_content(adverb):
    # the opener is not what the ministry reported; a clause verb's noun-phrase object is not either
    assert read(f"{adverb}, over the past few days, the ministry has promised a veto.") == []


def test_a_clause_before_the_source_is_still_content():
    text = "However, the bridge will close in March, the ministry said."
    assert read(text) == [("However, the bridge will close in March", "said", "the ministry")]


# -- seeing as ----------------------------------------------------------------------------------
def test_see_as_reports_a_view():
    text = "Many farmers see the new levy as a tax on bad weather."
    assert read(text) == [("the new levy as a tax on bad weather", "see", "Many farmers")]


@pytest.mark.parametrize(
    "text",
    [
        "Energy prices saw a steep decline as demand for fuel fell.",  # "as" opens a clause
        "The inspectors saw the damage for themselves.",  # seeing, not holding a view
        "Visitors saw the harbour from the old tower.",
    ],
)
def test_seeing_is_not_a_view(text):
    assert read(text) == []


# -- a question or an exclamation ends its own sentence ----------------------------------------
def test_question_quote_takes_the_frame_in_the_next_sentence():
    text = '"How long must the town wait for this bridge?" Ames said. "We were promised it in spring."'
    quotes = NLP.extract(text).quotes
    assert [(q.text, q.kind, q.speaker.mention, q.part) for q in quotes] == [
        ("How long must the town wait for this bridge?", "direct", "Ames", 1),
        ("We were promised it in spring.", "direct", "Ames", 2)]


def test_exclamation_quote_with_an_inverted_frame():
    text = '"We will not close this school!" shouted the headteacher.'
    assert read(text) == [("We will not close this school!", "shouted", "the headteacher")]


def test_a_quotation_inside_a_sentence_does_not_take_the_next_sentence_frame():
    text = 'The sign read "Closed for repairs!" on Monday. Ames said the shop would reopen soon.'
    assert read(text) == [("the shop would reopen soon", "said", "Ames")]


def test_according_to_inside_its_content_splits_it_into_parts():
    quotes = NLP.extract("The firm, according to its lawyers, will appeal the ruling before the summer.").quotes
    assert [(q.text, q.part, q.speaker.mention) for q in quotes] == [
        ("The firm", 1, "its lawyers"), ("will appeal the ruling before the summer", 2, "its lawyers")]


def test_according_to_at_the_end_is_one_piece():
    assert read("Prices rose sharply last year, according to the ministry.") == [
        ("Prices rose sharply last year", "according to", "the ministry")]
