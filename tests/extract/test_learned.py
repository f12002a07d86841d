"""The combination of a learned model's spans with the rules' frames, on spans given by hand
(no model needed): what each side keeps and how a learned source is read."""

from __future__ import annotations

import attrs
import pytest

from quoteattr.extract.learned import split_apposition
from quoteattr.extract.quotes import attribute
from quoteattr.nlp.base import ATTRIBUTIONS, LearnedAttribution
from quoteattr.nlp.rules import RulesEngine


def _span(text: str, words: str) -> tuple[int, int]:
    a = text.index(words)
    return a, a + len(words)


def _frames(text: str, *learned: LearnedAttribution):
    doc = RulesEngine().annotate(text)
    doc = attrs.evolve(doc, provides=doc.provides | {ATTRIBUTIONS}, attributions=learned)
    frames, speakers, _ = attribute(doc)
    return [(text[f.content[0]:f.content[1]], s) for f, s in zip(frames, speakers)]


@pytest.mark.parametrize("source, name, role", [
    ("Dr Chidike Obasanjo Emeka, the Director-General of the WHO", "Chidike Obasanjo Emeka",
     "Director-General of the WHO"),
    ("Maria Ortega, the head of the port authority", "Maria Ortega", "head of the port authority"),
])
def test_a_learned_source_with_an_apposition_names_the_person_and_takes_the_role(source, name, role):
    # no rules frame here ("chided ... for" is not a rules cue): the learned source alone decides
    text = f"Yesterday {source}, chided governments for their complacency."
    la = LearnedAttribution(_span(text, "governments for their complacency"), _span(text, "chided"),
                            _span(text, source), 0.95)
    [(content, speaker)] = [f for f in _frames(text, la) if "complacency" in f[0]]
    assert speaker.name == name
    assert speaker.mention == source.split(",")[0]
    assert speaker.role == role


@pytest.mark.parametrize("source, head, role", [
    ("Maria Ortega, the head of the port authority", "Maria Ortega", "the head of the port authority"),
    ("Critics of the program, like Senator Ann Roe,", "Critics of the program", None),
    ("The ministry", "The ministry", None),
])
def test_split_apposition(source, head, role):
    span, apposition = split_apposition(source, (0, len(source)))
    assert source[span[0]:span[1]] == head
    assert apposition == role


def test_a_learned_content_the_rules_do_not_support_needs_a_confident_model():
    text = "The union has long resisted the new shift rota at the depot."
    content = _span(text, "the new shift rota at the depot")
    cue, source = _span(text, "resisted"), _span(text, "The union")
    unsure = LearnedAttribution(content, cue, source, 0.3)
    sure = LearnedAttribution(content, cue, source, 0.95)
    assert not [c for c, _ in _frames(text, unsure) if "shift rota" in c]
    assert [c for c, _ in _frames(text, sure) if "shift rota" in c]


def test_the_rules_quotation_in_marks_keeps_its_exact_span():
    text = '"We are not leaving," the striking drivers told a rally outside the depot.'
    # a learned content that runs past the closing mark is the same quotation, not a new one
    la = LearnedAttribution(_span(text, 'We are not leaving," the'), _span(text, "told"),
                            _span(text, "the striking drivers"), 0.9)
    found = _frames(text, la)
    assert [c for c, _ in found] == ["We are not leaving,"]
    assert found[0][1].mention == "the striking drivers"
