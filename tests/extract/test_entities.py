"""The entity layer on sentences written for these tests: descriptions resolved to the person or
organisation they name, metonymy and organisation names, mentions cut to the speaker, joint
speakers, and the fullest role."""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr.extract.descriptions import fits, read_description
from quoteattr.extract.words import Vocabulary

NLP = quoteattr.Pipeline("rules")
VOCAB = Vocabulary.for_lang("en")


def speaker_of(text: str, mention: str):
    """The speaker of the quotation whose mention is ``mention``."""
    found = [q.speaker for q in NLP.extract(text).quotes if q.speaker and q.speaker.mention == mention]
    assert found, f"no quotation attached to {mention!r} in {[q.speaker for q in NLP.extract(text).quotes]}"
    return found[0]


# -- descriptions resolved to the person or organisation they name ----------------------------
@pytest.mark.parametrize(
    "text, mention, name",
    [
        ("Russian President Ivan Petrov met the envoy on Friday. The Russian leader said the talks had been useful.",
         "The Russian leader", "Ivan Petrov"),
        ("Health Minister Anna Berg visited the ward. The minister said more beds were needed.",
         "The minister", "Anna Berg"),
        ("Tom Reyes, 54, won the sculling race on Monday. The 54-year-old told reporters he would race again.",
         "The 54-year-old", "Tom Reyes"),
        ("Jens Hart praised his players after the final.\n"
         '"We never gave up, not once," the Rovers manager said.', "the Rovers manager", "Jens Hart"),
        ("Pieter Smit came off the bench to score twice.\n"
         '"I wanted to show the coach he was wrong," the Dutchman said.', "the Dutchman", "Pieter Smit"),
        ("Central bank governor Maria Lopez spoke after the vote. Lopez said rates would stay high. "
         "The bank chief added that inflation was falling.", "The bank chief", "Maria Lopez"),
    ],
)
def test_description_resolves_to_the_person_it_describes(text, mention, name):
    assert speaker_of(text, mention).name == name


def test_description_takes_the_nearest_person_whose_role_fits():
    text = ("Finance Minister Anna Berg and Labour Secretary Tom Reyes met the unions on Tuesday. "
            "Reyes said wages would rise. The minister said the budget could not stretch further.")
    assert speaker_of(text, "The minister").name == "Anna Berg"


def test_description_named_by_a_role_keeps_that_role():
    text = ("Jens Hart praised his players after the final.\n"
            '"We never gave up, not once," the Rovers manager said.')
    assert speaker_of(text, "the Rovers manager").role == "Rovers manager"


def test_spokesman_of_someone_else_is_not_that_someone():
    text = ("Opposition spokesman Tom Reyes attacked the plan. "
            "The prime minister's spokesman said the plan was sound.")
    sp = speaker_of(text, "The prime minister's spokesman")
    assert sp.name is None and sp.type == "anonymous"


def test_monitor_resolves_to_the_monitoring_group():
    text = ("The Mountain Rights Observatory, a monitoring group, said 12 people had died. "
            "The monitor said the toll was likely to rise.")
    assert speaker_of(text, "The monitor").name == "Mountain Rights Observatory"


@pytest.mark.parametrize(
    "phrase, kind, head",
    [("the Rovers manager", "role", "manager"), ("the Dutchman", "nationality", "dutchman"),
     ("the German", "nationality", "german"), ("the 54-year-old", "age", "54-year-old"),
     ("the head of the World Health Organization", "role", "head")],
)
def test_read_description(phrase, kind, head):
    d = read_description(phrase, VOCAB)
    assert d is not None and (d.kind, d.head) == (kind, head)


@pytest.mark.parametrize("phrase", ["a spokesman", "the officials", "Anna Berg", "the ministry"])
def test_not_a_person_description(phrase):
    assert read_description(phrase, VOCAB) is None


def test_role_fit_needs_the_same_office_and_shared_qualifiers():
    d = read_description("the WHO chief", VOCAB)
    assert fits(d, ["Director-General of the WHO"], VOCAB) > 0
    assert fits(d, ["Rovers manager"], VOCAB) < 0
    assert fits(read_description("the Russian leader", VOCAB), ["French President"], VOCAB) < 0


# -- metonymy and organisation names --------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, name",
    [
        ("Moscow said the strikes would continue.", "Moscow", "Moscow"),
        ("No 10 said the remarks were unhelpful.", "No 10", "Downing Street"),
        ("The Kremlin said the claims were baseless.", "The Kremlin", "Kremlin"),
        ("The WHO said the vaccine trial would resume in May.", "The WHO", "World Health Organization"),
        ("Britain-based Mountain Rights Observatory said the raid had killed 20 people.",
         "Britain-based Mountain Rights Observatory", "Mountain Rights Observatory"),
        ("The Northern Rail Safety Board published its report on Monday. "
         "The NRSB said the signals had failed.", "The NRSB", "Northern Rail Safety Board"),
        ("Norway's foreign ministry condemned the raid, saying it broke the truce. "
         "Later the Foreign Ministry said talks would go on.", "the Foreign Ministry", "Norwegian foreign ministry"),
    ],
)
def test_metonymy_and_organisation_names(text, mention, name):
    sp = speaker_of(text, mention)
    assert (sp.name, sp.type) == (name, "organization")


# -- mentions carry only the speaker --------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, name",
    [
        ("Foreign Minister Anna Berg on Monday said the talks had stalled.", "Foreign Minister Anna Berg", "Anna Berg"),
        ("Addressing the media from a podium, Anna Berg said the talks had stalled.", "Anna Berg", "Anna Berg"),
        ('Speaking on state radio Mr Jansen called the plan "a disgrace to the nation".', "Mr Jansen", "Jansen"),
        ("The plan will fail, writes Anna Berg in The Daily Herald.", "Anna Berg in The Daily Herald", "Anna Berg"),
        ("The talks had failed, said Karel van der Berg.", "Karel van der Berg", "Karel van der Berg"),
        ("The ceasefire had collapsed, said Omar bin Laden.", "Omar bin Laden", "Omar bin Laden"),
    ],
)
def test_mention_holds_the_speaker_alone(text, mention, name):
    assert speaker_of(text, mention).name == name


def test_dateline_is_not_a_speaker():
    qs = NLP.extract("MOSCOW: The ministry said the talks had stalled.").quotes
    assert [q.speaker.mention for q in qs] == ["The ministry"]


# -- joint speakers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, members",
    [
        ("Acme and Globex said they would appeal the ruling.", "Acme and Globex", ("Acme", "Globex")),
        ("Damascus and its steadfast ally Moscow warned that the ceasefire would not hold.",
         "Damascus and its steadfast ally Moscow", ("Damascus", "Moscow")),
        ("Lisbon and its regions said on Monday they would share the cost of the new trains.",
         "Lisbon and its regions", ("Lisbon", "regions")),
        ("Globex and their suppliers said the strike had cost them millions.",
         "Globex and their suppliers", ("Globex", "suppliers")),
    ],
)
def test_joint_speakers_keep_every_member(text, mention, members):
    sp = speaker_of(text, mention)
    assert (sp.name, sp.type, sp.members) == (members[0], "group", members)


def test_one_name_with_and_is_no_joint_speaker():
    sp = speaker_of("The Food and Drug Administration said the drug was safe.", "The Food and Drug Administration")
    assert (sp.name, sp.members) == ("Food and Drug Administration", ())


def test_joint_speaker_round_trips_through_json():
    r = NLP.extract("Acme and Globex said they would appeal the ruling.")
    d = r.to_dict()
    assert d["quotes"][0]["speaker"]["members"] == ["Acme", "Globex"]
    assert quoteattr.io.result_from_dict(d, text=r.text).quotes[0].speaker.members == ("Acme", "Globex")


# -- roles ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, role",
    [
        ("Security Council President Maria Lopez said the vote would go ahead.",
         "Security Council President Maria Lopez", "Security Council President"),
        ("A senior State Department official said the talks would resume.",
         "A senior State Department official", "senior State Department official"),
        ("Anna Berg, the head of the central bank, said rates would rise.", "Anna Berg", "head of the central bank"),
        ("Bank vice chair and president Tom Reyes said the merger would go ahead.",
         "Bank vice chair and president Tom Reyes", "Bank vice chair and president"),
        ("Finance Minister Anna Berg presented the budget on Monday. Berg said taxes would not rise.",
         "Berg", "Finance Minister"),
        ("Finance Minister Anna Berg met Labour Secretary Tom Reyes on Monday. Reyes said the talks were fruitful.",
         "Reyes", "Labour Secretary"),
        ('"Taxes will not rise," Berg said. Finance Minister Anna Berg presented the budget on Monday.',
         "Berg", "Finance Minister"),
    ],
)
def test_fullest_role_from_titles_appositions_and_earlier_mentions(text, mention, role):
    assert speaker_of(text, mention).role == role


def test_titled_name_inside_organisation_words_is_a_person():
    sp = speaker_of("European Union Council President Jan Novak said the deal was done.",
                    "European Union Council President Jan Novak")
    assert (sp.name, sp.role, sp.type) == ("Jan Novak", "European Union Council President", "person")


def test_given_name_alone_finds_the_full_name():
    text = ("Port authority chief Tedla Gebru Alemu said the harbour would reopen. "
            "Tedla said the ships were already waiting.")
    assert speaker_of(text, "Tedla").name == "Tedla Gebru Alemu"


def test_nationality_speaker_after_a_quote_is_a_person_speaking():
    text = ('Jens Hart could not hide his joy after the final.\n'
            '"We kept the ball well and the press worked for ninety minutes," the German said of his side.')
    assert speaker_of(text, "the German").name == "Jens Hart"


def test_unresolved_nationality_description_stays_anonymous():
    sp = speaker_of('"We kept the ball well all evening," the German said of his side.', "the German")
    assert (sp.name, sp.type) == (None, "anonymous")


def test_headline_description_takes_the_person_the_lead_names():
    text = ("Port chief says harbour will reopen in spring\n"
            '"The dredging is finished and the cranes are back," the port chief told a briefing.\n'
            "Cargo traffic should return to normal by April, Tedla Gebru said.")
    assert speaker_of(text, "the port chief").name == "Tedla Gebru"


@pytest.mark.parametrize(
    "text",
    [
        "Norway's fisheries minister says cod quotas will be cut\n\n"
        "OSLO: Norwegian Fisheries Minister Ingrid Dahl said on Monday that the quota would fall by a fifth.",
        "Norway's fisheries minister says cod quotas will be cut\n\n"
        "OSLO: The fleet is in port. Norwegian Fisheries Minister Ingrid Dahl said on Monday that the quota "
        "would fall by a fifth.",
    ],
)
def test_headline_country_possessive_description_takes_the_person_the_body_names(text):
    sp = speaker_of(text, "Norway's fisheries minister")
    assert (sp.name, sp.role, sp.type) == ("Ingrid Dahl", "Norwegian Fisheries Minister", "person")


def test_headline_description_no_one_in_the_body_fits_stays_unresolved():
    text = ("Norway's fisheries minister says cod quotas will be cut\n\n"
            'OSLO: "We cannot survive another cut," said Lars Eng, who runs a boat in Tromso.')
    assert speaker_of(text, "Norway's fisheries minister").name != "Lars Eng"


def test_according_to_leaves_out_a_concessive_opening():
    text = ("Though the river has fallen, the dam will stay closed all week, according to engineer Anna Berg.")
    qs = [q for q in NLP.extract(text).quotes if q.speaker and q.speaker.name == "Anna Berg"]
    assert [q.text for q in qs] == ["the dam will stay closed all week"]


@pytest.mark.parametrize(
    "phrase", ["the spokesperson for Mayor Anna Berg", "an aide to Governor Tom Reyes"])
def test_person_named_after_a_role_and_for_is_not_the_speaker(phrase):
    sp = speaker_of(f"{phrase[0].upper()}{phrase[1:]} said the claims were false.", f"{phrase[0].upper()}{phrase[1:]}")
    assert (sp.name, sp.type) == (None, "anonymous")


def test_they_for_a_spokesperson():
    text = ('The spokesperson for the ministry said the report was false. '
            '"The figures in that report were simply wrong," they said.')
    assert speaker_of(text, "they").role == "spokesperson for the ministry"


def test_unnamed_source_takes_the_fullest_description_the_article_gives():
    text = ("The spokesperson for Finance Minister Anna Berg spoke on Monday. "
            "Speaking to reporters, the spokesperson for Ms Berg said the figures were wrong.")
    assert speaker_of(text, "the spokesperson for Ms Berg").role == "spokesperson for Finance Minister Anna Berg"


def test_party_label_after_a_name_is_skipped():
    sp = speaker_of("Sen. Ann Berg (R-Ga.) said the strategy would work.", "Sen. Ann Berg")
    assert (sp.name, sp.role) == ("Ann Berg", "Sen.")


def test_transcript_line_opening_with_a_quote_mark():
    text = 'The partial transcript follows:\n\n"BERG: Well, look, the plan was never going to work, and everyone knew it.'
    qs = NLP.extract(text).quotes
    assert [(q.text, q.speaker.name) for q in qs] == [
        ("Well, look, the plan was never going to work, and everyone knew it", "BERG")]


def test_quotation_nested_in_a_report_keeps_its_own_speaker():
    text = ('In court the prosecutor, Tom Reyes, claimed that Berg once said: '
            '"Nobody will ever check the numbers."')
    qs = NLP.extract(text).quotes
    got = {(q.kind, q.speaker.name) for q in qs}
    assert ("direct", "Berg") in got and ("mixed", "Tom Reyes") in got
    assert not any(q.kind == "partial" and q.speaker.name == "Tom Reyes" for q in qs)


def test_agency_chief_described_by_the_body_the_agency_belongs_to():
    text = ("WHO chief Tedla Gebru Alemu spoke in Geneva on Monday. "
            "The UN health chief said the vaccine stocks would last the winter.")
    assert speaker_of(text, "The UN health chief").name == "Tedla Gebru Alemu"


@pytest.mark.parametrize(
    "text, mention",
    [("Governor Anna Berg steadfastly refused to disclose the figures.", "Governor Anna Berg"),
     ("Attorney General Tom Reyes isn’t saying whether the inquiry is closed.", "Attorney General Tom Reyes")],
)
def test_adverbs_between_speaker_and_cue_are_skipped(text, mention):
    assert speaker_of(text, mention).type == "person"


def test_participle_after_a_passive_by_phrase_takes_the_sentence_subject():
    text = ('And after the match, Mr Jansen was overheard by the cameras telling '
            'Mr Berg: "You owe me a dinner after that result, my friend."')
    assert [q.speaker.name for q in NLP.extract(text).quotes] == ["Jansen"]


# -- the general-knowledge lexicons these rules read ------------------------------------------
@pytest.mark.parametrize("name", ["institutions", "role_classes", "nationality_nouns"])
def test_lexicon_keys_are_lower_case_and_unique(name):
    from quoteattr import lexicons

    keys = [row[0] for row in lexicons.rows(name, "en")]
    assert keys and all(k == k.lower() for k in keys)
    assert len(keys) == len(set(keys)), "a word listed twice would take only its last value"


def test_institution_rows_name_a_canonical_form():
    assert all(canonical for canonical, _ in VOCAB.institutions.values())
    assert VOCAB.institutions["no 10"][0] == "Downing Street"


@pytest.mark.parametrize(
    "text, mention, role",
    [("Acme Chair Says Profits Will Rise\nAcme chair Anna Berg told investors the quarter was strong.",
      "Acme Chair", "Acme chair"),
     ("The hall fell silent when the union lawyer, Tom Reyes, claimed that the firm had lied.",
      "Tom Reyes", "union lawyer")],
)
def test_title_case_offices_and_appositions_mid_sentence(text, mention, role):
    assert speaker_of(text, mention).role == role


def test_the_fed_chair_fits_the_federal_reserve_chairman():
    text = ("Federal Reserve chairman Tom Reyes spoke to lawmakers on Tuesday. "
            "The Fed chair said the banks were sound.")
    assert speaker_of(text, "The Fed chair").name == "Tom Reyes"
