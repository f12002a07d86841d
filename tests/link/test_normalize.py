"""Claim normalisation, fragments and the vetoes, on real news sentences."""

from __future__ import annotations

import pytest
from hypothesis import given

from quoteattr.link.normalize import analyse, fragments, strip_frame, veto
from tests.strategies import any_text


@pytest.mark.parametrize(
    "a, b",
    [
        ('Washington\\’s decision to halt talks', "Washington's decision to halt talks"),
        ("“Any truce would be senseless”", '"any truce would be senseless"'),
        ("We’re evaluating some mutual ideas, period.", "We're evaluating some mutual ideas period"),
        ("that the talks were long, painful and disappointing", "The talks were long painful and disappointing"),
        ("Everybody's patience with Russia has run out, he said.", "Everybody's patience with Russia has run out"),
    ],
)
def test_same_norm_after_normalisation(a, b):
    assert analyse(a).norm == analyse(b).norm


@pytest.mark.parametrize(
    "text, expected",
    [
        ('did not mean it was "abandoning the pursuit of peace"', ("abandoning the pursuit of peace",)),
        ("civilians will be 'permitted' to return home", ("permitted",)),
        ("Moscow had the impression that “a serious discussion with our American partners isn’t working out.”",
         ("a serious discussion with our American partners isn't working out.",)),
        ("Russia's foreign ministry said its embassy was hit", ()),
    ],
)
def test_fragments(text, expected):
    assert fragments(text) == expected


def test_strip_frame_drops_complementizer_and_attribution_tail():
    assert strip_frame("that the talks had failed, Lavrov told reporters.") == "the talks had failed"


@pytest.mark.parametrize(
    "a, b, reason",
    [
        # negation flips
        ("The talks have failed", "The talks have not failed", "negation"),
        ("There was a deal", "There was no deal", "negation"),
        ("We will attend the Geneva talks", "We won't attend the Geneva talks", "negation"),
        # different numbers
        ("34 people were killed in the attack", "43 people were killed in the attack", "numbers"),
        ("Around 4,000 people were transported out of east Aleppo", "Around 5,000 people were transported out of east Aleppo", "numbers"),
        ("a seven-day ceasefire", "a three-day ceasefire", "numbers"),
        # a different named entity in the same slot
        ("We will intensify our talks with Russia", "We will intensify our talks with Iran", "entities"),
        ("Putin met Erdogan in Moscow on Friday", "Putin met Rouhani in Moscow on Friday", "entities"),
    ],
)
def test_hard_negatives_are_vetoed(a, b, reason):
    assert veto(analyse(a), analyse(b)) == reason
    assert veto(analyse(b), analyse(a)) == reason


@pytest.mark.parametrize(
    "a, b",
    [
        # both negated, whatever the wording around the negator
        ('Washington’s decision to halt talks did not mean it was "abandoning the pursuit of peace"',
         "We are not abandoning the pursuit of peace, we are not going to leave the multilateral field"),
        # a pronoun in the quote, a name in the report: not an entity swap
        ("Turkey will intensify talks with Russia for a ceasefire",
         "Today, tomorrow, everyday, we will intensify our talks with Russia and other countries"),
        # one claim states a number the other leaves out
        ("Any truce, seven days, three days, would be senseless", "Any truce would be senseless"),
        # different places in different parts of the statement, not one swapped for another
        ("talks with Erdogan will take place in Astana, Kazakhstan's capital on future steps in Syria",
         "the peace talks would take place in Astana, Kazakhstan’s capital, parallel to negotiations through the UN in Geneva"),
    ],
)
def test_compatible_claims_are_not_vetoed(a, b):
    assert veto(analyse(a), analyse(b)) is None


def test_partial_window_ignores_negator_outside_the_quote():
    short = analyse("abandoning the pursuit of peace")
    long = analyse("We are not abandoning the pursuit of peace")
    assert veto(short, long) == "negation"  # whole texts: a flip
    assert veto(short, long, None, (3, 8)) is None  # the aligned window alone: the same words


@given(any_text)
def test_analyse_never_fails_and_is_deterministic(text):
    a, b = analyse(text), analyse(text)
    assert a == b
    assert len(a.tokens) == len(a.scope) == len(a.numbers) == len(a.entities) == len(a.starts)
    assert a.norm == " ".join(a.tokens)
