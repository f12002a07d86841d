"""Reading a source phrase: name, role and speaker type."""

from __future__ import annotations

import pytest

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
