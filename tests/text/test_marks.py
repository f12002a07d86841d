"""The quote-mark scanner on real news sentences."""

from __future__ import annotations

import pytest
from hypothesis import given

from quoteattr.text.marks import scan
from tests.strategies import any_text


def quoted(text: str, depth: int | None = 0) -> list[str]:
    return [text[q.start:q.end] for q in scan(text).quotes if depth is None or q.depth == depth]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Any truce would be senseless", Lavrov said.', ["Any truce would be senseless"]),
        ("“Handarat has fallen”, an official said.", ["Handarat has fallen"]),
        ("Putin 'seeking Syria-wide ceasefire' after levelling of Aleppo", ["seeking Syria-wide ceasefire"]),
        ("He called it «une tragédie» on Friday.", ["une tragédie"]),
        ("„Wir schaffen das“, sagte sie.", ["Wir schaffen das"]),
        ("civilians will be 'permitted' to return home.", ["permitted"]),
        # apostrophes are not quote marks
        ("Astana, Kazakhstan’s capital, and Zeid Ra’ad Al Hussein.", []),
        ("the rebels' positions and the rebels’ gains", []),
        ("It isn't over, it's the ’90s again.", []),
        # scraped escapes: Syria\’s is an apostrophe
        ('Washington\\’s decision did not mean it was "abandoning the pursuit of peace".',
         ["abandoning the pursuit of peace"]),
        ("the regime and its supporters' responsibility is obvious", []),
    ],
)
def test_pairs_marks(text, expected):
    assert quoted(text) == expected


def test_nested_quote_is_kept_at_depth_one():
    text = "\"He told me 'no way' twice,\" she said."
    assert quoted(text, 0) == ["He told me 'no way' twice,"]
    assert quoted(text, 1) == ["no way"]


def test_possessive_inside_single_quotes_closes_the_quote():
    text = "He said 'the rebels' and left."
    assert quoted(text) == ["the rebels"]


def test_unclosed_quote_at_paragraph_end_reopened_next_paragraph():
    text = '"In an illustration of the lack of enthusiasm.\n\n"Without this network, she is stuck."'
    qs = scan(text).quotes
    assert [text[q.start:q.end] for q in qs] == ["In an illustration of the lack of enthusiasm.",
                                                   "Without this network, she is stuck."]
    assert qs[0].continued and qs[0].close is None
    assert not scan(text).warnings


def test_unclosed_quote_warns_and_carries_on():
    text = 'The minister said "we will fight on.\nThe next paragraph has no mark.'
    res = scan(text)
    assert [text[q.start:q.end] for q in res.quotes] == ["we will fight on."]
    assert any("not closed" in w for w in res.warnings)


def test_stray_closing_mark_is_ignored_with_a_warning():
    text = "The vote” was close, officials said."
    res = scan(text)
    assert res.quotes == ()
    assert res.warnings


def test_boilerplate_between_quote_and_continuation_is_skipped():
    text = '"Today we will talk," he said.\nAlso Read\n"Our efforts continue."'
    paras = [(0, 30), (31, 40), (41, len(text))]
    res = scan(text, paras, skip=[(31, 40)])
    assert [text[q.start:q.end] for q in res.quotes] == ["Today we will talk,", "Our efforts continue."]


@given(any_text)
def test_offsets_always_valid_and_content_between_marks(text):
    res = scan(text)
    for q in res.quotes:
        assert 0 <= q.open < q.start <= q.end <= len(text)
        assert q.close is None or (q.end == q.close and q.close < len(text))


@given(any_text)
def test_scan_is_deterministic(text):
    assert scan(text) == scan(text)


def test_unclosed_single_quote_reopened_next_paragraph():
    text = "He hit back, saying: 'We never agreed to that.\n\n'We will not pay a penny more.'"
    qs = scan(text).quotes
    assert [(text[q.start:q.end], q.continued) for q in qs] == [
        ("We never agreed to that.", True), ("We will not pay a penny more.", False)]


def test_unclosed_single_mark_without_a_reopening_is_an_apostrophe():
    text = "The rebels' positions held.\n\nThe army did not advance."
    assert scan(text).quotes == ()
