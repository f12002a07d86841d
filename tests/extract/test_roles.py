"""Reading a source phrase: name, role and speaker type."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.extract import roles
from quoteattr.extract.roles import read_mention
from quoteattr.extract.words import Vocabulary
from quoteattr.text import tokenize

VOCAB = Vocabulary.for_lang("en")


def read(phrase: str):
    return read_mention(phrase, tokenize(phrase), VOCAB)


@pytest.mark.parametrize(
    "phrase, name, role, type_",
    [
        ("Foreign Minister Sergei Lavrov", "Sergei Lavrov", "Foreign Minister", "person"),
        ("US Secretary of State John Kerry", "John Kerry", "US Secretary of State", "person"),
        ("United Nations peace envoy Staffan de Mistura", "Staffan de Mistura", "United Nations peace envoy", "person"),
        ("Syrian President Bashar al-Assad", "Bashar al-Assad", "Syrian President", "person"),
        ("Observatory head Rami Abdel Rahman", "Rami Abdel Rahman", "Observatory head", "person"),
        ("wedding photographer Walid Mohammad", "Walid Mohammad", "wedding photographer", "person"),
        ("Mr Kerry", "Kerry", None, "person"),
        ("Syrian state news agency SANA", "SANA", "Syrian state news agency", "organization"),
        ("The Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", None, "organization"),
        ("the International Committee of the Red Cross", "International Committee of the Red Cross", None,
         "organization"),
        ("Russia\\’s foreign ministry", "Russian foreign ministry", None, "organization"),
        ("The Turkish foreign ministry", "Turkish foreign ministry", None, "organization"),
        ("The Islamic State (IS) group", "Islamic State group", None, "organization"),
        ("an official with one of the main Aleppo rebel groups", None,
         "official with one of the main Aleppo rebel groups", "anonymous"),
        ("A high-ranking military source", None, "high-ranking military source", "anonymous"),
        ("AFP\\’s correspondent in Aleppo", None, "AFP’s correspondent in Aleppo", "anonymous"),
        ("Forces loyal to Assad", "Forces loyal to Assad", None, "group"),
        ("Moscow", "Moscow", None, "organization"),
    ],
)
def test_read_mention(phrase, name, role, type_):
    m = read(phrase)
    assert (m.name, m.role, m.type) == (name, role, type_)


@pytest.mark.parametrize("phrase, gender", [("Mr Lavrov", "m"), ("Ms Sison", "f"), ("spokeswoman Maria Zakharova", "f"),
                                            ("Hillary Clinton", "f"), ("John Kerry", "m")])
def test_gender_from_honorifics_roles_and_first_names(phrase, gender):
    assert read(phrase).gender == gender


def test_pronoun_mention():
    m = read("she")
    assert m.is_pronoun and m.gender == "f" and not m.plural
    assert read("they").plural


@settings(max_examples=80, deadline=None)
@given(phrase=st.sampled_from(["Foreign Minister Anna Berg", "the spokesperson for Finance Minister Anna Berg",
                               "Acme and its rivals", "a senior official with the Northern Rail Authority",
                               "Tom Reyes of the Morning Post", "she", "The Daily Herald", "MPs"]),
       before=st.text(alphabet=st.sampled_from("ab ,.\n"), max_size=30),
       after=st.text(alphabet=st.sampled_from("ab ,.\n"), max_size=30))
def test_a_phrase_reads_the_same_wherever_it_stands(phrase, before, after):
    text = f"{before} {phrase} {after}"
    base = len(before) + 1
    alone = roles._read_phrase(phrase, tokenize(phrase), VOCAB)  # the reading itself, not remembered
    there = read_mention(text, [(s + base, e + base) for s, e in tokenize(phrase)], VOCAB)
    assert alone is not None and there is not None
    span = alone.name_span and (alone.name_span[0] + base, alone.name_span[1] + base)
    assert there == attrs.evolve(alone, start=alone.start + base, end=alone.end + base, name_span=span)
    assert text[there.start:there.end] == phrase == there.text
    assert read_mention(phrase, tokenize(phrase), VOCAB) == alone


def test_no_tokens_read_as_no_mention():
    assert read_mention("Anna Berg", [], VOCAB) is None
