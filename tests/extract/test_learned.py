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


def _contents(text: str, *learned: LearnedAttribution) -> list[str]:
    return [c for c, _ in _frames(text, *learned)]


def test_a_rules_partial_quote_stays_when_the_learned_clause_around_it_is_not_kept():
    # the rules read only the quoted words; an unsure learned clause around them is not kept
    text = "The envoy said Thursday’s failed talks were “long, painful and disappointing” and warned of more violence."
    la = LearnedAttribution(_span(text, "Thursday’s failed talks were “long, painful and disappointing” and warned"),
                            _span(text, "said"), _span(text, "The envoy"), 0.5)
    assert _contents(text, la) == ["long, painful and disappointing"]


def test_a_rules_partial_quote_keeps_its_own_speaker_inside_a_learned_content():
    text = "The spokesman denied Acme’s claim that the depot was “unsafe for workers”."
    la = LearnedAttribution(_span(text, "Acme’s claim that the depot was “unsafe for workers”"),
                            _span(text, "denied"), _span(text, "The spokesman"), 0.97)
    found = dict(_frames(text, la))
    assert found["Acme’s claim that the depot was “unsafe for workers”"].mention == "The spokesman"
    assert found["unsafe for workers"].mention == "Acme"


def test_a_learned_content_takes_the_source_of_the_closest_rules_clause():
    # two rules clauses overlap the learned content by half or more: the one it matches best
    # (the same clause, "according to") gives the source, not the wider "point to" reading
    text = "Though surveys point to easing prices, the bank will keep rates high, according to its governor Ana Lopez."
    la = LearnedAttribution(_span(text, "the bank will keep rates high"), _span(text, "according to"), None, 0.97)
    found = dict(_frames(text, la))
    assert found["the bank will keep rates high"].name == "Ana Lopez"


@pytest.mark.parametrize("probability, expected", [
    (0.88, ["the port would reopen on Monday", "the drivers for calm"]),  # each clause under half of it
    (0.95, ["the port would reopen on Monday, as she asked the drivers for calm"]),
])
def test_an_unsure_learned_boundary_across_a_rules_clause_leaves_the_clause(probability, expected):
    text = "The harbour master said the port would reopen on Monday, as she asked the drivers for calm."
    la = LearnedAttribution(_span(text, "the port would reopen on Monday, as she asked the drivers for calm"),
                            _span(text, "said"), _span(text, "The harbour master"), probability)
    assert _contents(text, la) == expected


@pytest.mark.parametrize("text, cue, content", [
    ("The agency reported a sharp rise in arrivals at the border.", "reported", "a sharp rise in arrivals at the border"),
    ("The union has long resisted the new shift rota at the depot.", "resisted", "the new shift rota at the depot"),
])
def test_a_reported_clause_the_rules_did_not_find_needs_more_probability_than_an_object(text, cue, content):
    # "reported" reads a clause (where the rules are strong), "resisted" an object (where they are not)
    la = LearnedAttribution(_span(text, content), _span(text, cue), _span(text, "The " + text.split()[1]), 0.9)
    kept = content in _contents(text, la)
    assert kept == (cue == "resisted")
    assert content in _contents(text, attrs.evolve(la, probability=0.97))


def test_a_rules_clause_holding_a_quotation_in_marks_stays_beside_it():
    text = "Prosecutors claimed that Ms Reyes once said: “Nobody reads the small print.”"
    la = LearnedAttribution(_span(text, "that Ms Reyes once said:"), _span(text, "claimed"),
                            _span(text, "Prosecutors"), 0.5)
    found = dict(_frames(text, la))
    assert found["Ms Reyes once said: “Nobody reads the small print.”"].mention == "Prosecutors"
    assert found["Nobody reads the small print."].mention == "Ms Reyes"


def test_a_rules_clause_where_the_model_saw_no_content_is_dropped():
    text = "The harbour master said the port would reopen on Monday. The union said the strike would go on."
    said = text.index("said the strike")
    la = LearnedAttribution(_span(text, "the strike would go on"), (said, said + 4), _span(text, "The union"), 0.97)
    assert _contents(text, la) == ["the strike would go on"]
