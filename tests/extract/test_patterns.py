"""Every attribution pattern of DESIGN.md on real news sentences (rules engine)."""

from __future__ import annotations

import pytest

import quoteattr

NLP = quoteattr.Pipeline("rules")


def quotes(text: str):
    return NLP.extract(text).quotes


def only(text: str, kind: str | None = None):
    qs = [q for q in quotes(text) if kind is None or q.kind == kind]
    assert len(qs) == 1, [(q.kind, q.text) for q in quotes(text)]
    return qs[0]


@pytest.mark.parametrize(
    "text, content, kind, name, mention, cue",
    [
        # "Q," X said
        ('"Any truce, seven days, three days, would be senseless", Lavrov said.',
         "Any truce, seven days, three days, would be senseless", "direct", "Lavrov", "Lavrov", "said"),
        # X said: "Q"
        ('Lavrov however said Tuesday: "We are not shirking our responsibility."',
         "We are not shirking our responsibility.", "direct", "Lavrov", "Lavrov", "said"),
        # "Q," said X (inverted), with a role before the name
        ('"I was taking pictures of the party," said wedding photographer Walid Mohammad.',
         "I was taking pictures of the party,", "direct", "Walid Mohammad", "wedding photographer Walid Mohammad",
         "said"),
        # "Q," he told Reuters: Reuters is the addressee
        ('"The regime is finished," the commander told Reuters.',
         "The regime is finished,", "direct", None, "the commander", "told"),
        # according to X, trailing
        ("Around 4,000 people were transported out of east Aleppo on Thursday, according to the International "
         "Committee of the Red Cross.",
         "Around 4,000 people were transported out of east Aleppo on Thursday", "indirect",
         "International Committee of the Red Cross", "the International Committee of the Red Cross", "according to"),
        # According to X, leading
        ("According to the health ministry, 12 people were killed in the blast.",
         "12 people were killed in the blast", "indirect", "health ministry", "the health ministry", "According to"),
        # X accused Y of Z
        ("Foreign Minister Sergei Lavrov accused Washington of backtracking.",
         "Washington of backtracking", "indirect", "Sergei Lavrov", "Foreign Minister Sergei Lavrov", "accused"),
        # X said (that) CLAUSE, past a reporting frame
        ("The ministry said in a statement that the convoy had been attacked.",
         "the convoy had been attacked", "indirect", "ministry", "The ministry", "said"),
        # CLAUSE, X said
        ("The offensive would continue until the city was retaken, army officials said.",
         "The offensive would continue until the city was retaken", "indirect", None, "army officials", "said"),
        # an aside between speaker and cue
        ("Russian President Vladimir Putin, whose country has been blamed for much of the carnage, claimed on "
         "Friday that talks would resume.",
         "talks would resume", "indirect", "Vladimir Putin", "Russian President Vladimir Putin", "claimed"),
        # X urged Y to Z
        ("The government has urged people to avoid positions held by rebels.",
         "people to avoid positions held by rebels", "indirect", "government", "The government", "urged"),
        # a transcript line
        ("PENCE: Well, look, the American people have an important choice to make.",
         "Well, look, the American people have an important choice to make", "direct", "PENCE", "PENCE", ":"),
    ],
)
def test_attribution_patterns(text, content, kind, name, mention, cue):
    q = only(text)
    assert q.text == content
    assert text[q.start:q.end] == content
    assert q.kind == kind
    assert q.speaker is not None and q.speaker.mention == mention and q.speaker.name == name
    assert q.cue is not None and q.cue.text == cue


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("United Nations peace envoy Staffan de Mistura said the talks had failed.",
         "Staffan de Mistura", "United Nations peace envoy"),
        ("The deputy US envoy to the United Nations, Michele Sison, suggested there was no deal.",
         "Michele Sison", "deputy US envoy to the United Nations"),
        ("White House spokesman Josh Earnest told reporters the patience had run out.",
         "Josh Earnest", "White House spokesman"),
        ("Syrian state news agency SANA reported that six people died.", "SANA", "Syrian state news agency"),
        ("Yasser al-Youssef of the leading Nureddin al-Zinki faction said the proposal was unacceptable.",
         "Yasser al-Youssef", "of the leading Nureddin al-Zinki faction"),
        ("The Syrian Observatory for Human Rights, a monitoring group, said regime forces were advancing.",
         "Syrian Observatory for Human Rights", "monitoring group"),
    ],
)
def test_roles_from_titles_appositions_and_of_phrases(text, name, role):
    q = only(text)
    assert q.speaker.name == name
    assert q.speaker.role == role


def test_anonymous_source_keeps_its_description():
    q = only('"Handarat has fallen", an official with one of the main Aleppo rebel groups said.')
    assert q.speaker.name is None
    assert q.speaker.type == "anonymous"
    assert q.speaker.role == "official with one of the main Aleppo rebel groups"


def test_partial_quote_inside_indirect_speech():
    text = 'The Syrian Observatory said rebel forces will be reduced to a "war of attrition" with the army.'
    kinds = {q.kind: q for q in quotes(text)}
    assert kinds["mixed"].text == 'rebel forces will be reduced to a "war of attrition" with the army'
    assert kinds["partial"].text == "war of attrition"
    assert kinds["partial"].speaker.name == kinds["mixed"].speaker.name


def test_mostly_quoted_content_is_the_partial_quote():
    q = only('De Mistura said the talks were "long, painful and disappointing".')
    assert (q.kind, q.text) == ("partial", "long, painful and disappointing")


def test_split_quote_is_two_parts_of_one_utterance():
    text = '"The vote was rigged," he said, "and everyone knows it."'
    first, second = quotes(text)
    assert (first.text, second.text) == ("The vote was rigged,", "and everyone knows it.")
    assert first.utterance_id == second.utterance_id is not None
    assert (first.part, second.part, first.n_parts) == (1, 2, 2)
    assert first.speaker == second.speaker and first.speaker.mention == "he"


def test_frame_inside_the_sentence_is_not_content():
    text = "Acts of protest, Mr. Obama said, are acts of patriotism."
    first, second = quotes(text)
    assert (first.text, second.text) == ("Acts of protest", "are acts of patriotism")
    assert first.utterance_id == second.utterance_id and first.speaker.name == second.speaker.name == "Obama"


def test_continuation_paragraph_keeps_the_speaker():
    text = ('The deputy US envoy to the United Nations, Michele Sison, suggested there was no deal.\n'
            '"We will not let Russia string along the Security Council," she said.\n'
            '"We will continue bilateral negotiations."')
    qs = quotes(text)
    assert [q.kind for q in qs] == ["indirect", "direct", "direct"]
    assert qs[2].cue is None
    assert {q.speaker.name for q in qs} == {"Michele Sison"}
    assert qs[1].speaker.mention == "she" and qs[1].speaker.role == "deputy US envoy to the United Nations"


def test_continuation_across_boilerplate():
    text = ('"Today we will intensify our talks," Cavusoglu said at a press conference.\nAlso Read\n'
            '"Our efforts continue in particular for civilians."')
    qs = quotes(text)
    assert [q.text for q in qs] == ["Today we will intensify our talks,",
                                    "Our efforts continue in particular for civilians."]
    assert qs[1].speaker.name == "Cavusoglu"


def test_headline_quote():
    q = only("Putin 'seeking Syria-wide ceasefire' after levelling of Aleppo\n\nThe war goes on.")
    assert (q.kind, q.text, q.speaker.name, q.cue) == ("partial", "seeking Syria-wide ceasefire", "Putin", None)


def test_coordinated_verb_shares_the_subject():
    text = 'Mr Kerry met Mr Lavrov again on Friday and said there had been "a little bit of progress".'
    q = only(text, "partial")
    assert q.text == "a little bit of progress"
    assert q.speaker.mention == "Mr Kerry"


def test_participle_inherits_the_speaker():
    text = "UN rights chief Zeid Ra'ad Al Hussein decried the violence, saying 100 children had been killed."
    q = next(q for q in quotes(text) if q.cue.text == "saying")
    assert q.text == "100 children had been killed"
    assert q.speaker.name == "Zeid Ra'ad Al Hussein"


@pytest.mark.parametrize(
    "text",
    [
        'The civil defence organisation known as the "White Helmets" was overwhelmed.',
        'The so-called "Islamic State" group claimed the attack.',
        'She starred in "Gone With the Wind" and later retired.',
        'The film "Selma" opened in cinemas on Friday.',
        "The rebels' positions and Kazakhstan's capital were quiet.",
    ],
)
def test_scare_quotes_names_and_apostrophes_are_not_quotations(text):
    assert quotes(text) == ()


def test_a_noun_is_not_a_cue():
    assert quotes("The claims were dismissed and the reports were ignored.") == ()
    assert quotes("Personal attacks have defined his campaign.") == ()


def test_passive_report_is_not_attributed_to_its_subject():
    assert quotes("He was told to leave the building.") == ()


def test_unresolved_pronoun_says_so():
    q = only('"We will not back down," he said.')
    assert q.speaker.mention == "he"
    assert q.speaker.name is None


def test_dash_byline_signs_a_quotation():
    q = only('"You walk down the street and you get shot." ― Julie A. Diaz Martinez.')
    assert (q.kind, q.speaker.name, q.cue.text) == ("direct", "Julie A. Diaz Martinez", "―")


def test_noun_cue_with_a_possessive_source():
    text = "Politifact examined Trump’s claim that there have been thousands of shootings in Chicago."
    q = next(q for q in quotes(text) if q.cue.text == "claim")
    assert q.text == "there have been thousands of shootings in Chicago"
    assert q.speaker.mention == "Trump"


def test_quoted_words_belong_to_the_innermost_reported_speech():
    text = 'Politifact seized on Trump’s claim that there have been “thousands of shootings” in Chicago this year.'
    q = only(text, "partial")
    assert (q.text, q.speaker.mention, q.cue.text) == ("thousands of shootings", "Trump", "claim")


@pytest.mark.parametrize(
    "text, content, mention",
    [
        ('"No," she said.', "No,", "she"),
        ('"Never!" said Mr Jones, the harbour master.', "Never!", "Mr Jones"),
        ('"Absolutely," the spokeswoman told reporters.', "Absolutely,", "the spokeswoman"),
    ],
)
def test_one_word_quote_is_a_quotation(text, content, mention):
    q = only(text)
    assert (q.text, q.kind, q.speaker.mention) == (content, "direct", mention)
    assert text[q.start:q.end] == content


@pytest.mark.parametrize("text", ['The "No" campaign said it would appeal.', 'Officials said the word "no" was missing.'])
def test_one_quoted_word_without_its_own_frame_is_not_a_quotation(text):
    assert not [q for q in quotes(text) if q.kind == "direct"]
