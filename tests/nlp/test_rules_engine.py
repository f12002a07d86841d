"""The built-in engine's document: tokens by sentence, and the lower-case view the patterns read."""

from __future__ import annotations

import attrs
from hypothesis import given

from quoteattr.nlp.rules import RulesEngine
from tests.strategies import any_text

ENGINE = RulesEngine()


@given(any_text)
def test_tokens_carry_their_sentence_and_nothing_else(text):
    doc = ENGINE.annotate(text)
    for si, s in enumerate(doc.sentences):
        for t in doc.tokens[s.first:s.last]:
            assert t.sent == si and text[t.start:t.end] == t.text and s.start <= t.start < t.end <= s.end
            assert (t.lemma, t.upos, t.head, t.deprel, t.ner) == (None,) * 5


@given(any_text)
def test_the_lower_case_view_is_each_token_lowered(text):
    doc = ENGINE.annotate(text)
    assert doc.lowered() == [t.text.lower() for t in doc.tokens]


def test_a_changed_copy_gets_its_own_lower_case_view():
    doc = ENGINE.annotate("The Minister SAID it. Then the Council met.")
    assert doc.lowered()[:3] == ["the", "minister", "said"]
    fewer = attrs.evolve(doc, tokens=doc.tokens[3:])
    assert fewer.lowered() == [t.text.lower() for t in doc.tokens[3:]]
    assert doc.lowered()[:3] == ["the", "minister", "said"]
