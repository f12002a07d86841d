"""Spans that break attribution: split quotations, quotations with no verb of their own,
headlines and teasers, related-story lists, credit lines, and verbs inside a content.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import quoteattr
from tests.strategies import split_quotes

NLP = quoteattr.Pipeline("rules")


def quotes(text: str):
    return NLP.extract(text).quotes


# -- split quotations ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, parts, mention",
    [
        ('"The plant will close," the company said, "and nobody will be paid."',
         ["The plant will close,", "and nobody will be paid."], "the company"),
        ('"We lost," said coach Mara Ilić. "We lost badly and I take the blame."',
         ["We lost,", "We lost badly and I take the blame."], "coach Mara Ilić"),
        ("“Prices will rise,” she warned on Tuesday. “Then they will fall.” “Nobody knows when.”",
         ["Prices will rise,", "Then they will fall.", "Nobody knows when."], "she"),
        ("Higher rates, the governor said, are the only tool the bank has left.",
         ["Higher rates", "are the only tool the bank has left"], "the governor"),
    ],
)
def test_split_quotation_parts(text, parts, mention):
    qs = quotes(text)
    assert [q.text for q in qs] == parts
    assert [text[q.start:q.end] for q in qs] == parts
    assert len({q.utterance_id for q in qs}) == 1 and qs[0].utterance_id is not None
    assert [q.part for q in qs] == list(range(1, len(parts) + 1))
    assert {q.n_parts for q in qs} == {len(parts)}
    assert {q.speaker.mention for q in qs} == {mention}


def test_a_quotation_in_one_piece_has_no_parts():
    (q,) = quotes('"The plant will close," the company said.')
    assert (q.utterance_id, q.part, q.n_parts) == (None, None, None)


def test_content_before_a_frame_stops_at_the_frame():
    text = ("The port will reopen to grain ships next week, Transport Minister Lena Vogt said on Friday, "
            "as unions accused the government of ignoring safety rules.")
    first = quotes(text)[0]
    assert first.text == "The port will reopen to grain ships next week"
    assert first.part is None


def test_utterances_group_the_parts():
    r = NLP.extract('"Stay home," the mayor said, "and keep warm." Schools will stay shut, she added.')
    assert [[q.text for q in u] for u in r.utterances()] == [["Stay home,", "and keep warm."],
                                                           ["Schools will stay shut"]]


@settings(max_examples=60, deadline=None)
@given(split_quotes())
def test_split_quote_parts_never_include_the_frame(case):
    text, (fa, fb) = case
    qs = quotes(text)
    assert qs, text
    for q in qs:
        assert text[q.start:q.end] == q.text
        assert q.end <= fa or q.start >= fb, (text, q.text)
    parts = [q for q in qs if q.utterance_id is not None]
    if parts:
        assert sorted(q.part for q in parts) == list(range(1, parts[0].n_parts + 1))


def test_parts_round_trip_through_json():
    r = NLP.extract('"The plant will close," the company said, "and nobody will be paid."', doc_id="d1")
    back = quoteattr.Result.from_dict(r.to_dict(include_text=True))
    assert back == r
    assert [q["part"] for q in r.to_dict()["quotes"]] == [1, 2]
    assert r.to_dict()["quotes"][0]["utterance_id"] == "d1#u1"


# -- quotations with no speech verb of their own --------------------------------------------
@pytest.mark.parametrize(
    "text, speaker",
    [
        # a quotation paragraph after indirect speech
        ('Fire chief Dana Ruiz said that the blaze had been contained overnight.\n\n'
         '"Our crews worked for fourteen hours without a break and saved the whole street."', "Dana Ruiz"),
        # after a participle clause
        ('Health Minister Omar Haddad defended the plan, adding that clinics would stay open.\n\n'
         '"No patient will be turned away from any hospital in this country."', "Omar Haddad"),
        # a quotation running over three paragraphs
        ('"We did not expect this," coach Pia Lund told reporters.\n\n"The players were exhausted by the end.\n\n'
         '"Next week we go again and we will be ready for it."', "Pia Lund"),
    ],
)
def test_quotation_paragraph_continues_the_last_speaker(text, speaker):
    last = quotes(text)[-1]
    assert last.cue is None and last.kind == "direct"
    assert last.speaker is not None and last.speaker.name == speaker


@pytest.mark.parametrize(
    "text, content, mention",
    [
        ("Finance Minister Ana Costa was quoted as saying that the budget would be balanced by 2026.",
         "the budget would be balanced by 2026", "Finance Minister Ana Costa"),
        ("The coach was quoted by a local radio station as saying his players had lost their nerve.",
         "his players had lost their nerve", "The coach"),
        ('Ms Costa spoke for an hour. She was quoted as saying: "We are done with austerity."',
         "We are done with austerity.", "She"),
        ("The company cut its forecast on Monday, noting that sales had slowed in every region.",
         "sales had slowed in every region", "The company"),
    ],
)
def test_quoted_as_saying_and_participles_name_their_speaker(text, content, mention):
    q = next(q for q in quotes(text) if q.text == content)
    assert q.speaker.mention == mention


def test_participle_after_a_quotation_continues_the_frame_before_it():
    text = ('Ms Okafor said the border was their "top priority" adding the council had decided in May '
            'that the deal was "not up for debate".\n\n'
            '"We will hold the line on this for as long as it takes."')
    qs = quotes(text)
    said = next(q for q in qs if q.cue is not None and q.cue.text == "said")
    assert said.text == 'the border was their "top priority"'
    adding = next(q for q in qs if q.cue is not None and q.cue.text == "adding" and q.kind != "partial")
    assert adding.text.startswith("the council had decided") and adding.speaker.name == "Okafor"
    assert qs[-1].cue is None and qs[-1].speaker.name == "Okafor"  # not the council


# an opening paragraph, so that the short paragraphs after it are not read as headlines
LEAD = ("The town council voted on Tuesday night to close the old bridge to traffic for at least a year, "
        "after engineers found cracks in two of its three supports. Shops on both banks fear for their "
        "trade, and the bus company has yet to say how its routes will change. The vote was eleven to "
        "four, with two councillors absent. Repairs are expected to cost more than the council spends on "
        "roads in a whole year, and the county has been asked to help.\n\n")


def test_single_marks_over_two_paragraphs():
    text = (LEAD + "The mayor's spokesman hit back, saying: 'I think it is a matter for the council alone.\n\n"
            "'I understand it was a difficult morning for everyone involved.'")
    qs = [q for q in quotes(text) if q.start > len(LEAD)]
    assert [q.text for q in qs] == ["I think it is a matter for the council alone.",
                                    "I understand it was a difficult morning for everyone involved."]
    assert {q.speaker.mention for q in qs} == {"The mayor's spokesman"}


def test_another_speaker_in_between_takes_the_continuation():
    text = ('Fire chief Dana Ruiz said that the blaze had been contained.\n\n'
            'Mayor Tom Becker said the town would pay for the repairs.\n\n'
            '"Every family will be back in its home before the winter comes."')
    assert quotes(text)[-1].speaker.name == "Tom Becker"


# -- headlines and teasers -------------------------------------------------------------------
BODY = "\n\nThe council met on Monday evening to discuss the plan for the town centre."


@pytest.mark.parametrize(
    "headline, content, speaker",
    [
        ("Union boss says strike will go ahead", "strike will go ahead", "Union boss"),
        ("Strike will go ahead, says union boss", "Strike will go ahead", "union boss"),
        ("Strike will go ahead: union boss", "Strike will go ahead", "union boss"),
        ("Bridge must be rebuilt: Mayor Tom Becker says town cannot wait", "Bridge must be rebuilt", "Tom Becker"),
        ("'We will rebuild every home' - Becker vows after the flood", "We will rebuild every home", "Becker"),
        ('Mayor Becker Slams Council Over Delays: "A Disgrace"', "A Disgrace", "Mayor Becker"),
    ],
)
def test_headline_attribution(headline, content, speaker):
    qs = [q for q in quotes(headline + BODY) if q.text == content]
    assert qs, [q.text for q in quotes(headline + BODY)]
    assert speaker in (qs[0].speaker.mention or "")


def test_headline_joining_two_quoted_claims_reports_both():
    qs = quotes("Mayor says the new bridge over the river is a 'scandal' and the council must 'pay' for it" + BODY)
    claims = [q.text for q in qs if q.kind != "partial"]
    assert claims == ["the new bridge over the river is a 'scandal'", "the council must 'pay' for it"]
    assert {q.speaker.mention for q in qs} == {"Mayor"}


def test_title_case_headline_quotes_the_speakers_words():
    qs = quotes("Mayor Becker Says Town Faces 'total chaos' as Works Begin" + BODY)
    partial = [q for q in qs if q.kind == "partial"]
    assert [q.text for q in partial] == ["total chaos"]
    assert partial[0].speaker.mention == "Mayor Becker" and partial[0].cue.text == "Says"


# -- not the article: related-story lists, captions, credit lines ------------------------------
def test_related_story_headlines_are_not_the_articles_quotations():
    text = ('"The water is safe to drink," Mayor Tom Becker said on Monday.\n\n'
            'Related stories\nGovernor: "We will rebuild the dam"\nFlood leaves thousands without power\n'
            '"Never again," residents say after the storm\n\n'
            'Engineers will test the supply again on Friday, the mayor added.')
    qs = quotes(text)
    assert [q.text for q in qs] == ["The water is safe to drink,", "Engineers will test the supply again on Friday"]


@pytest.mark.parametrize(
    "line",
    [
        "Contributing: Ana Costa, Daily Courier",
        "Reporting by Ana Costa; Editing by Lee Park",
        "Additional reporting by Lee Park in Lisbon",
        "(Image credit: Lee Park via Getty.)",
        "Crowds gather outside the court on Friday. Photograph: Lee Park/Agency",
    ],
)
def test_bylines_and_credit_lines_are_not_attributions(line):
    text = '"The ruling is final," the judge said.\n\n' + line
    assert [q.text for q in quotes(text)] == ["The ruling is final,"]


# -- a verb inside a content is not a new cue --------------------------------------------------
@pytest.mark.parametrize(
    "text, content",
    [
        ("The villagers said they risked being shot if they refused to leave their homes.",
         "they risked being shot if they refused to leave their homes"),
        ("The carrier warned that flights would be cancelled if pilots denied the new terms.",
         "flights would be cancelled if pilots denied the new terms"),
    ],
)
def test_verb_in_a_condition_inside_a_content_is_not_a_cue(text, content):
    assert [q.text for q in quotes(text)] == [content]


def test_inverted_frame_holds_the_attribution_inside_its_content():
    text = ("Ministers and senior aides pushed back against claims that the budget was late, says the "
            "Daily Courier.")
    qs = quotes(text)
    outer = next(q for q in qs if q.cue.text == "says")
    assert outer.text == "Ministers and senior aides pushed back against claims that the budget was late"
    assert outer.speaker.mention == "the Daily Courier"
    assert all("says" not in q.text for q in qs)


def test_what_x_described_as_quotes_x_and_the_next_paragraph_continues():
    text = (LEAD + "The MP rose to complain about what she described as a \u201ctotally shameful\u201d remark.\n\n"
            "\u201cI cannot remember a minister insulting this House in such a way, not once in thirty years.\u201d")
    qs = [q for q in quotes(text) if q.start > len(LEAD)]
    assert [(q.kind, q.text) for q in qs][0] == ("partial", "totally shameful")
    assert qs[-1].cue is None and qs[-1].speaker.mention == "she"


def test_continue_with_a_gerund_is_not_a_cue():
    text = ("The governor warned that the bank's patience was wearing thin, and it will continue raising "
            "rates until prices settle.")
    (q,) = quotes(text)
    assert q.text == ("the bank's patience was wearing thin, and it will continue raising rates until "
                      "prices settle")


def test_background_clause_is_not_in_an_according_to_content():
    text = ("Though sales rose in the spring, the chain will close forty stores this year, according to "
            "its chief executive.")
    (q,) = quotes(text)
    assert q.text == "the chain will close forty stores this year"
