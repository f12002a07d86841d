"""Relative-pronoun sources: the quotation is attached to the pronoun that is its cue's subject
(``Ann Roe, who said ...``), the speaker named by its antecedent.

Every sentence here is written for the test; none comes from the evaluation sets.
"""

from __future__ import annotations

import pytest

import quoteattr

NLP = quoteattr.Pipeline("rules")


def speakers(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(q.text, q.speaker.name if q.speaker else None, q.speaker.mention if q.speaker else None,
             text[q.speaker.start:q.speaker.end] if q.speaker and q.speaker.start is not None else "")
            for q in NLP.extract(text).quotes]


@pytest.mark.parametrize(
    "text, content, name",
    [
        ("The council hired Ann Roe, who said the harbour wall was unsafe.",
         "the harbour wall was unsafe", "Ann Roe"),
        ("The plan was drawn up by Ann Roe, who has long argued that the quay is too small.",
         "the quay is too small", "Ann Roe"),
    ],
)
def test_a_relative_pronoun_is_the_mention_and_its_antecedent_the_name(text, content, name):
    (quote,) = speakers(text)
    assert quote == (content, name, "who", "who")


@pytest.mark.parametrize(
    "text, mention",
    [
        # a capitalised WHO is the organisation, not a pronoun
        ("Ann Roe of the WHO said the outbreak was over.", "Ann Roe of the WHO"),
        # the pronoun is not the cue's subject
        ("Ann Roe, who chairs the board, said the quay was too small.", "Ann Roe"),
    ],
)
def test_other_sources_keep_their_own_mention(text, mention):
    assert [s[2] for s in speakers(text)] == [mention]
