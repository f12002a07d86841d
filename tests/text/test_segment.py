"""Paragraphs, sentences and tokens: news abbreviations, quotes never split, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given

from quoteattr.text import is_boilerplate, segment, tokenize
from tests.strategies import any_text


def sentences(text: str) -> list[str]:
    seg = segment(text)
    return [text[a:b] for a, b in seg.sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Kerry met Mr. Lavrov. They talked.", ["Mr. Kerry met Mr. Lavrov.", "They talked."]),
        ("Rebel groups backed by the U.S. must separate. The deal is off.",
         ["Rebel groups backed by the U.S. must separate.", "The deal is off."]),
        ("It happened on Sept. 11 in New York. Gen. Smith left.",
         ["It happened on Sept. 11 in New York.", "Gen. Smith left."]),
        ("J. Edgar Hoover ran the bureau. He died in 1972.", ["J. Edgar Hoover ran the bureau.", "He died in 1972."]),
        # a quotation of several sentences stays with its attribution
        ('"We tried. We failed. We will try again," she said. Then she left.',
         ['"We tried. We failed. We will try again," she said.', "Then she left."]),
        ('"Is it over?" he asked. Nobody answered.', ['"Is it over?" he asked.', "Nobody answered."]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_paragraph_per_line_and_hard_wrapped_lines_joined():
    text = "Russia is seeking a ceasefire with Turkey, \nRussian President Vladimir Putin claimed.\nNew paragraph."
    seg = segment(text)
    paras = [text[p.start:p.end] for p in seg.paragraphs]
    assert paras == ["Russia is seeking a ceasefire with Turkey, \nRussian President Vladimir Putin claimed.",
                     "New paragraph."]


@pytest.mark.parametrize("line", ["Also Read", "Advertisement", "Share", "[do_widget_area inner_adsbar]",
                                  "Disclaimer: No Business Standard Journalist was involved in creation of this content",
                                  "Comments are closed.", "2 min read"])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["Share prices fell sharply on Monday.", "Also read the report, he said.",
                                  "Advertisements for the rally ran all week, officials said."])
def test_real_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_boilerplate_contributes_no_sentences():
    text = '"Today we talk," he said.\nAdvertisement\nThe end.'
    assert sentences(text) == ['"Today we talk," he said.', "The end."]


def tok(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def test_tokens_split_clitics_and_keep_abbreviations():
    assert tok("Kazakhstan’s capital") == ["Kazakhstan", "’s", "capital"]
    assert tok("Syria\\’s war") == ["Syria", "\\’s", "war"]
    assert tok("Mr. Lavrov isn't here") == ["Mr.", "Lavrov", "is", "n't", "here"]
    assert tok("the U.S. and 4,000 people") == ["the", "U.S.", "and", "4,000", "people"]
    assert tok("al-Assad and Ra’ad") == ["al-Assad", "and", "Ra’ad"]
    assert tok("''Hi,'' he said") == ["''", "Hi", ",", "''", "he", "said"]


def test_non_breaking_spaces_are_spaces():
    text = "Hillary Clinton\u00a0was headed to an emergency room."
    assert tok(text)[:3] == ["Hillary", "Clinton", "was"]


@given(any_text)
def test_segmentation_offsets_are_valid_and_ordered(text):
    seg = segment(text)
    last = 0
    for a, b in seg.sentences:
        assert last <= a < b <= len(text)
        last = b
    for a, b in seg.tokens:
        assert 0 <= a < b <= len(text)
        assert text[a:b].strip()


@given(any_text)
def test_each_sentence_knows_where_its_tokens_start(text):
    seg = segment(text)
    firsts = seg.sentence_tokens
    assert len(firsts) == len(seg.sentences) + 1 and firsts[-1] == len(seg.tokens)
    for (a, b), first, last in zip(seg.sentences, firsts, firsts[1:]):
        assert first <= last
        assert all(a <= s < e <= b for s, e in seg.tokens[first:last])
