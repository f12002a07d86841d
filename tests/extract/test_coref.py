"""In-document coreference of speakers."""

from __future__ import annotations

import quoteattr

NLP = quoteattr.Pipeline("rules")


def speakers(text: str):
    return [(q.speaker.mention, q.speaker.name) for q in NLP.extract(text).quotes if q.speaker]


def test_pronoun_takes_the_previous_speaker_of_its_gender():
    text = ('US Secretary of State John Kerry said the talks had failed.\n'
            '"We are not abandoning the pursuit of peace," he added.')
    assert speakers(text)[-1] == ("he", "John Kerry")


def test_she_skips_a_male_speaker():
    text = ('Foreign Minister Sergei Lavrov said the deal was close. '
            'Ambassador Samantha Power said it was not. '
            'Mr Lavrov later said the talks would go on.\n'
            '"We will not let Russia string along the Security Council," she said.')
    assert speakers(text)[-1] == ("she", "Samantha Power")


def test_it_refers_to_an_organisation_named_before():
    text = ('Shortly after, the Turkish foreign ministry issued a statement in which it said it was '
            '"horrified and outraged by the massacre of civilians".')
    assert ("it", "Turkish foreign ministry") in speakers(text)


def test_surname_and_honorific_resolve_to_the_full_name():
    text = ('Foreign Minister Sergei Lavrov said the deal was close.\n'
            '"Any truce would be senseless," Lavrov said.\n'
            'Mr Lavrov said the talks would continue.')
    assert [name for _, name in speakers(text)] == ["Sergei Lavrov"] * 3


def test_role_given_once_carries_to_later_mentions():
    text = ('Russian President Vladimir Putin said talks would take place in Astana.\n'
            'Putin said civilians will be permitted to return home.')
    qs = NLP.extract(text).quotes
    assert [q.speaker.role for q in qs] == ["Russian President", "Russian President"]


def test_nominal_mention_with_a_role_resolves_to_the_named_person_later():
    text = ('The UN rights chief called for action to halt the "ghastly avalanche of violence".\n'
            'UN rights chief Zeid Ra\'ad Al Hussein decried the destruction, saying 100 children had been killed.')
    first = NLP.extract(text).quotes[0]
    assert first.speaker.mention == "The UN rights chief"
    assert first.speaker.name == "Zeid Ra'ad Al Hussein"


def test_pronoun_after_an_anonymous_source_keeps_its_description():
    text = ('"Handarat has fallen", an official with one of the main Aleppo rebel groups said.\n'
            '"What is happening now is annihilation", he told Reuters.')
    q = NLP.extract(text).quotes[-1]
    assert (q.speaker.mention, q.speaker.name) == ("he", None)
    assert q.speaker.role == "official with one of the main Aleppo rebel groups"


def test_two_people_with_one_surname_stay_apart():
    text = ('Hillary Clinton said the plan would work.\n'
            'Bill Clinton said the plan would fail.')
    assert [name for _, name in speakers(text)] == ["Hillary Clinton", "Bill Clinton"]


def test_entities_list_every_mention_of_a_speaker():
    text = ('Foreign Minister Sergei Lavrov said the deal was close.\n'
            '"Any truce would be senseless," Lavrov said.')
    r = NLP.extract(text)
    lavrov = [e for e in r.entities if e.name == "Sergei Lavrov"]
    assert len(lavrov) == 1
    assert {m.text for m in lavrov[0].mentions} >= {"Foreign Minister Sergei Lavrov", "Lavrov"}
    assert "Foreign Minister" in lavrov[0].roles
    assert all(q.speaker.entity_id == lavrov[0].id for q in r.quotes)
