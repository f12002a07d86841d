"""Extraction does work in proportion to the text: no pattern of input makes it quadratic.

Each growth pattern (``benchmarks/growth_patterns.py``: a unit such as ``'“'`` or ``'said '``
repeated) is extracted at N and at 4N characters, and the work done must grow about 4-fold, not
16-fold.  Work is counted, not timed, so the test does not depend on the machine or its load:
every line of quoteattr's code (and of the methods attrs generates for its classes) that runs,
plus every character that a slice copies out of the document text.  A quadratic path fails fast:
the count stops at the budget.  ``benchmarks/bench_growth.py`` measures the time.

Sentences are cut at ``MAX_SENTENCE_CHARS``; the test lowers the cut to 200 characters so that
its small documents hold many sentences, as long documents do.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr

segment = importlib.import_module("quoteattr.text.segment")  # the module (the package exports the function)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from growth_patterns import PATTERNS, grow, real_units  # noqa: E402

SMALL = 2_000
GROWTH = 4
MAX_WORK_RATIO = 5.5  # linear: 4 (less the fixed costs); quadratic: up to 16
LIBRARY = str(Path(quoteattr.__file__).parent)
NLP = quoteattr.Pipeline("rules")

# What each pattern made quadratic before it was fixed (the test ids name it); "guard" marks the
# patterns that were linear already and are kept so that they stay so.
BROKE = {
    "opening_curly_marks": "open_marks_listed_again_per_mark",
    "closing_curly_marks": "guard",
    "opening_single_marks": "open_marks_listed_again_per_mark",
    "straight_double_marks": "headline_check_split_paragraph_per_quote",
    "straight_quote_then_word": "headline_check_split_paragraph_per_quote",
    "said_repeated": "content_scanned_to_end_of_unbounded_sentence_per_cue",
    "he_said_that_repeated": "content_scanned_to_end_of_unbounded_sentence_per_cue",
    "honorific_repeated": "sentence_splitter_sliced_rest_of_paragraph_per_full_stop",
    "initialism_repeated": "sentence_splitter_sliced_rest_of_paragraph_per_full_stop",
    "html_paragraph_lines": "quotes_scanned_per_frame_and_per_cue",
    "unclosed_quote_lines": "paragraph_of_scanned_all_paragraphs",
    "quote_continued_lines": "guard",
    "words_without_punctuation": "guard",
    "short_paragraphs": "guard",
    "short_quotes_one_line": "quotes_scanned_per_cue",
    "nested_quotes": "headline_check_split_paragraph_per_quote",
    "apostrophes": "guard",
    "dashes": "guard",
    "colon_introductions": "content_scanned_to_end_of_unbounded_sentence_per_cue",
    "according_to_repeated": "content_scanned_to_end_of_unbounded_sentence_per_cue",
    "told_reporters_that": "content_scanned_to_end_of_unbounded_sentence_per_cue",
    "sentences_one_paragraph": "sentence_splitter_sliced_rest_of_paragraph_per_full_stop",
    "headline_quote_lines": "paragraph_of_scanned_all_paragraphs",
    "transcript_lines": "guard",
    "byline_quotes": "guard",
    "noun_claims": "content_scanned_to_end_of_unbounded_sentence_per_cue",
}


class _OverBudget(BaseException):
    """Raised inside the extraction when the work passes the budget (not an Exception, so that
    nothing on the way catches it)."""


class _Counter:
    def __init__(self, budget: float):
        self.work = 0
        self.budget = budget

    def tick(self, n: int = 1) -> None:
        self.work += n
        if self.work > self.budget:
            raise _OverBudget


class _Text(str):
    """The document text, adding the length of every slice taken of it to the work."""

    counter: _Counter

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            self.counter.tick(len(piece))
        return piece


def _counted(code) -> bool:
    name = code.co_filename
    return name.startswith(LIBRARY) or name.startswith("<attrs generated")


def work(text: str, budget: float = float("inf")) -> int:
    """Lines of library code run, plus characters sliced out of ``text``, to extract ``text``."""
    counter = _Counter(budget)
    doc = _Text(text)
    doc.counter = counter

    def local(frame, event, arg):
        if event == "line":
            counter.tick()
        return local

    def trace(frame, event, arg):
        return local if _counted(frame.f_code) else None

    sys.settrace(trace)
    try:
        NLP.extract(doc)
    finally:
        sys.settrace(None)
    return counter.work


@pytest.fixture()
def short_sentences(monkeypatch):
    monkeypatch.setattr(segment, "MAX_SENTENCE_CHARS", 200, raising=False)


@pytest.mark.usefixtures("short_sentences")
@pytest.mark.parametrize("name", list(PATTERNS), ids=[f"{n}-{BROKE[n]}" for n in PATTERNS])
def test_work_grows_linearly_with_the_text(name):
    small = work(grow(PATTERNS[name], SMALL))
    budget = MAX_WORK_RATIO * small
    try:
        large = work(grow(PATTERNS[name], GROWTH * SMALL), budget)
    except _OverBudget:
        pytest.fail(f"{name}: {GROWTH}x the text took over {MAX_WORK_RATIO}x the work ({small:,} at {SMALL:,} "
                    f"characters); suspect: {BROKE[name].replace('_', ' ')}")
    assert large > 2 * small, "the counter must see the extraction's work"  # a counter that sees nothing proves nothing


@pytest.mark.usefixtures("short_sentences")
def test_concatenated_news_work_grows_linearly():
    news = "\n\n".join(t.strip() for t in real_units())
    small = work(grow(news, 4 * SMALL))
    try:
        work(grow(news, GROWTH * 4 * SMALL), MAX_WORK_RATIO * small)
    except _OverBudget:
        pytest.fail("concatenated news: 4x the text took over 5.5x the work")


def test_work_counter_sees_a_quadratic_pass():
    """The counter itself: a pass over the text per character is caught."""

    def quadratic(text: str) -> None:
        for i in range(0, len(text), 10):
            text[i:]

    counts = []
    for n in (SMALL, GROWTH * SMALL):
        t = _Text("x" * n)
        t.counter = _Counter(float("inf"))
        quadratic(t)
        counts.append(t.counter.work)
    assert counts[1] > 12 * counts[0]


def test_long_sentences_are_cut_at_white_space():
    text = "word " * 1000 + "end."
    sents = segment.segment(text).sentences
    assert len(sents) > 1
    assert all(b - a <= segment.MAX_SENTENCE_CHARS for a, b in sents)
    assert all(text[a:b] == text[a:b].strip() and not text[b - 1:b + 1].isalpha() for a, b in sents)


def test_news_sentences_are_not_cut():
    text = "The minister said the talks, which began on Monday, would go on. " * 3
    assert len(segment.segment(text).sentences) == 3


UNITS = [*PATTERNS.values(), "\n", "\n\n", " ", "“", "”", '"', "'"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 40)), min_size=1, max_size=12))
def test_concatenated_patterns_give_valid_offsets(parts):
    text = "".join(unit * n for unit, n in parts)
    r = NLP.extract(text)
    for q in r.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        if q.cue is not None:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.start is not None:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.mention
    for e in r.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
