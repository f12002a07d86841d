"""Speaker entities across articles."""

from __future__ import annotations

import pytest

from quoteattr.link.speakers import SpeakerLinker, org_key, person_words
from tests.link.helpers import article


def entity_ids(results):
    linker = SpeakerLinker()
    ids = linker.link(results)
    return linker, [[ids.get((r.doc_id, i)) for i in range(len(r.quotes))] for r in results]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Foreign Minister Sergei Lavrov", ["Sergei", "Lavrov"]),
        ("Russian counterpart Sergei Lavrov", ["Sergei", "Lavrov"]),
        ("US Secretary of State John Kerry", ["John", "Kerry"]),
        ("Mr Lavrov", ["Lavrov"]),
        ("Staffan de Mistura", ["Staffan", "de", "Mistura"]),
        ("Observatory head Rami Abdel Rahman", ["Rami", "Abdel", "Rahman"]),
    ],
)
def test_person_words_drop_titles(name, expected):
    assert person_words(name) == expected


def test_org_key_folds_the_and_demonyms():
    assert org_key("The Syrian Observatory for Human Rights") == "syria observatory for human rights"
    assert org_key("Russia's foreign ministry") == org_key("Russian foreign ministry")


def test_lavrov_forms_in_three_articles_are_one_entity():
    results = [
        article("a1", [("Any truce would be senseless", "Lavrov"), ("We have no other choice", "Mr Lavrov")]),
        article("a2", [("Washington is backtracking", "Foreign Minister Sergei Lavrov", "indirect", "person", "Foreign Minister"),
                       ("It looks like an attempt to buy time", "Lavrov")]),
        article("a3", [("We are not shirking our responsibility", "Russian counterpart Sergei Lavrov"),
                       ("Everybody's patience has run out", "US Secretary of State John Kerry"),
                       ("a little bit of progress", "Kerry", "partial")]),
        article("a4", [("We're evaluating some mutual ideas", "Kerry")]),
    ]
    linker, ids = entity_ids(results)
    lavrov = {ids[0][0], ids[0][1], ids[1][0], ids[1][1], ids[2][0]}
    kerry = {ids[2][1], ids[2][2], ids[3][0]}
    assert len(lavrov) == 1 and len(kerry) == 1 and lavrov != kerry
    ent = linker.entities[lavrov.pop()].record()
    assert ent.name == "Sergei Lavrov"
    assert ent.articles == ("a1", "a2", "a3")
    assert ent.roles == (("Foreign Minister", ("a2",)),)


def test_people_sharing_a_surname_are_not_merged_without_evidence():
    results = [
        article("b1", [("We will build a wall", "Hillary Clinton", "direct", "person", "Secretary of State")]),
        article("b2", [("It depends on what the meaning of is is", "Bill Clinton", "direct", "person", "former President")]),
        article("b3", [("The economy is strong", "Clinton")]),
        article("b4", [("I did not have relations", "Clinton", "direct", "person", "former President")]),
        article("b5", [("We are stronger together", "Clinton"), ("The campaign goes on", "Hillary Clinton")]),
    ]
    _, ids = entity_ids(results)
    hillary, bill = ids[0][0], ids[1][0]
    assert hillary != bill
    assert ids[2][0] not in (hillary, bill)  # bare surname, two candidates, no evidence
    assert ids[3][0] == bill  # the role says which
    assert ids[4][0] == hillary  # the article names her in full


def test_different_first_names_never_merge_but_initials_do():
    results = [article("c1", [("a statement here", "John Smith")]), article("c2", [("another one here", "Jane Smith")]),
               article("c3", [("a third one here", "J. Smith")])]
    _, ids = entity_ids(results)
    assert ids[0][0] != ids[1][0]
    assert ids[2][0] not in (None, ids[0][0], ids[1][0])  # J. fits both: no evidence, no merge


def test_anonymous_sources_are_never_merged_across_articles():
    results = [article("d1", [("Handarat has fallen", "an official with one of the rebel groups", "direct", "anonymous")]),
               article("d2", [("Handarat has fallen", "an official with one of the rebel groups", "direct", "anonymous")])]
    _, ids = entity_ids(results)
    assert ids[0][0] and ids[1][0] and ids[0][0] != ids[1][0]


def test_organisations_match_by_name_and_acronym_generic_ones_stay_per_article():
    results = [
        article("e1", [("forces executed dozens of civilians", "UN", "indirect", "organization"),
                       ("people must avoid rebel positions", "The government", "indirect", "organization")]),
        article("e2", [("two million people are without water", "the United Nations", "indirect", "organization"),
                       ("exit points would be opened", "the government", "indirect", "organization")]),
    ]
    _, ids = entity_ids(results)
    assert ids[0][0] == ids[1][0]
    assert ids[0][1] != ids[1][1]


def test_entity_ids_do_not_depend_on_article_order():
    results = [
        article("f1", [("Any truce would be senseless", "Lavrov")]),
        article("f2", [("We are not shirking our responsibility", "Sergei Lavrov")]),
        article("f3", [("abandoning the pursuit of peace", "John Kerry", "partial")]),
    ]
    _, forward = entity_ids(results)
    _, backward = entity_ids(results[::-1])
    assert forward == backward[::-1]
    assert forward[0][0] == forward[1][0]


def test_an_initial_joins_the_one_person_it_fits():
    results = [article("g1", [("a statement here", "John Smith")]), article("g2", [("another one here", "J. Smith")])]
    _, ids = entity_ids(results)
    assert ids[0][0] == ids[1][0]


def test_a_person_called_by_given_name_alone_is_the_one_person_with_that_given_name():
    results = [article("p1", [("The harvest will be late", "Mekonnen Alemu Tadesse")]),
               article("p2", [("Rains came too early", "Mekonnen")]),
               article("p3", [("Prices will rise", "Mekonnen"), ("Prices will fall", "Tadesse")])]
    linker = SpeakerLinker()
    ids = linker.link(results)
    assert ids[("p1", 0)] == ids[("p2", 0)] == ids[("p3", 0)] == ids[("p3", 1)]


def test_a_given_name_shared_by_two_people_stays_apart():
    results = [article("q1", [("The harvest will be late", "Mekonnen Alemu"), ("Rain is due", "Mekonnen Bekele")]),
               article("q2", [("Rains came too early", "Mekonnen")])]
    ids = SpeakerLinker().link(results)
    assert ids[("q2", 0)] not in (ids[("q1", 0)], ids[("q1", 1)])
