"""Where a content ends (extract/content.py): the fast path over plain words against the full
reading of every token."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.extract import content
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.rules import RulesEngine
from tests.strategies import clause

VOCAB = Vocabulary.for_lang("en")
ENGINE = RulesEngine()
FRAMES = ["clause", "obj", "obj_of", "obj_to", "obj_for", "obj_as", "np", "according_to"]
JOINS = [", ", "; ", ", but the ", ", according to officials, ", " and warned ", " during ", " as ",
         ", adding ", " “", "” ", ", which ", " — "]


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.tuples(clause, st.sampled_from(JOINS)), min_size=1, max_size=4),
       frame=st.sampled_from(FRAMES), skip=st.integers(0, 3))
def test_plain_words_are_passed_over_as_the_full_reading_passes_them(parts, frame, skip):
    text = "".join(c + j for c, j in parts) + "."
    doc = ENGINE.annotate(text)
    toks = doc.tokens
    s = doc.sentences[0]
    k = min(s.first + skip, s.last - 1)
    fast = content.clause_end(toks, k, s.last, VOCAB, frame)
    # every token a turn: the loop reads each one in full
    with mock.patch.object(content, "_CLAUSE_TURNS", frozenset(t.text.lower() for t in toks)):
        assert fast == content.clause_end(toks, k, s.last, VOCAB, frame)
