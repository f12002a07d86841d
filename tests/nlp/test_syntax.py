"""Syntax-aware attribution on exact parses: stanza Documents built from CoNLL-U, converted to an
AnnotatedDoc, then read by quoteattr.extract.syntax and the whole extractor.

Each parse is written out by hand (the way UD English annotates it), so these tests pin down
what the syntax rules do with a correct parse, whatever a given model would produce."""

from __future__ import annotations

import pytest

pytest.importorskip("stanza")

from stanza.utils.conll import CoNLL

from quoteattr.extract import syntax
from quoteattr.extract.attribution import Attributor, find_frames
from quoteattr.extract.cues import find_cues
from quoteattr.extract.quotes import extract_quotes
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.base import DEPS, ENTITIES, LEMMAS, POS, SENTENCES, TOKENS
from quoteattr.nlp.stanza_engine import convert
from quoteattr.text.segment import segment

VOCAB = Vocabulary.for_lang("en")
PARSED = frozenset({TOKENS, SENTENCES, LEMMAS, POS, DEPS})


def conllu(text: str, *sentences: list[tuple]) -> str:
    """CoNLL-U for ``text`` from rows ``(form, lemma, upos, head, deprel[, ner])``; each token's
    ``start_char``/``end_char`` are found by scanning the text left to right."""
    out, pos = [], 0
    for rows in sentences:
        for i, row in enumerate(rows, 1):
            form, lemma, upos, head, deprel = row[:5]
            start = text.index(form, pos)
            pos = start + len(form)
            misc = f"start_char={start}|end_char={pos}" + (f"|ner={row[5]}" if len(row) > 5 else "")
            out.append(f"{i}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{deprel}\t_\t{misc}")
        out.append("")
    return "\n".join(out) + "\n"


def annotated(text: str, *sentences: list[tuple], provides=PARSED):
    sdoc = CoNLL.conll2doc(input_str=conllu(text, *sentences))
    return convert(text, segment(text), sdoc, provides=provides)


def frames_of(doc):
    return find_frames(doc, VOCAB)


def cue_named(att: Attributor, form: str):
    return next(c for c in find_cues(att.doc, vocab=VOCAB) if c.form == form)


def text_of(doc, span):
    return doc.text[span[0]:span[1]]


# "Foreign Minister Sergei Lavrov said that the talks had failed."
SAID_THAT = ("Foreign Minister Sergei Lavrov said that the talks had failed.", [
    ("Foreign", "foreign", "ADJ", 2, "amod"), ("Minister", "minister", "PROPN", 4, "compound"),
    ("Sergei", "Sergei", "PROPN", 4, "compound"), ("Lavrov", "Lavrov", "PROPN", 5, "nsubj"),
    ("said", "say", "VERB", 0, "root"), ("that", "that", "SCONJ", 10, "mark"),
    ("the", "the", "DET", 8, "det"), ("talks", "talk", "NOUN", 10, "nsubj"),
    ("had", "have", "AUX", 10, "aux"), ("failed", "fail", "VERB", 5, "ccomp"), (".", ".", "PUNCT", 5, "punct"),
])


def test_conversion_keeps_raw_offsets_and_document_level_heads():
    doc = annotated(*SAID_THAT)
    assert doc.provides == PARSED
    assert [t.text for t in doc.tokens][:5] == ["Foreign", "Minister", "Sergei", "Lavrov", "said"]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)
    said = doc.tokens[4]
    assert (said.deprel, said.head, said.lemma) == ("root", None, "say")
    assert doc.tokens[3].head == 4 and doc.tokens[9].head == 4  # Lavrov <- said -> failed


def test_x_said_that_s():
    doc = annotated(*SAID_THAT)
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "said")
    m, _, _ = syntax.syntactic_source(att, cue)
    assert (m.name, m.role, m.type) == ("Sergei Lavrov", "Foreign Minister", "person")
    a, b = syntax.content_span(syntax.parse_of(att), cue.first, cue)
    assert doc.text[doc.tokens[a].start:doc.tokens[b - 1].end] == "the talks had failed"
    [f] = frames_of(doc)
    assert text_of(doc, f.content) == "the talks had failed"
    assert f.source.name == "Sergei Lavrov" and f.kind == "indirect"


def test_quote_then_x_said():
    text = '"The truce is over," Lavrov said.'
    doc = annotated(text, [
        ('"', '"', "PUNCT", 5, "punct"), ("The", "the", "DET", 3, "det"), ("truce", "truce", "NOUN", 5, "nsubj"),
        ("is", "be", "AUX", 5, "cop"), ("over", "over", "ADV", 0, "root"), (",", ",", "PUNCT", 5, "punct"),
        ('"', '"', "PUNCT", 5, "punct"), ("Lavrov", "Lavrov", "PROPN", 9, "nsubj"),
        ("said", "say", "VERB", 5, "parataxis"), (".", ".", "PUNCT", 5, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "said")
    a, b = syntax.content_span(syntax.parse_of(att), cue.first, cue)
    assert doc.text[doc.tokens[a].start:doc.tokens[b - 1].end] == "The truce is over"
    quotes, _ = extract_quotes(doc, vocab=VOCAB)
    [q] = quotes
    assert q.kind == "direct" and q.text.startswith("The truce is over")
    assert q.speaker.name == "Lavrov" and q.cue.text == "said"


def test_told_object_is_the_addressee_not_the_speaker():
    text = "Cavusoglu told Reuters that Turkey would act."
    doc = annotated(text, [
        ("Cavusoglu", "Cavusoglu", "PROPN", 2, "nsubj"), ("told", "tell", "VERB", 0, "root"),
        ("Reuters", "Reuters", "PROPN", 2, "obj"), ("that", "that", "SCONJ", 7, "mark"),
        ("Turkey", "Turkey", "PROPN", 7, "nsubj"), ("would", "would", "AUX", 7, "aux"),
        ("act", "act", "VERB", 2, "ccomp"), (".", ".", "PUNCT", 2, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "told")
    p = syntax.parse_of(att)
    assert {doc.tokens[i].text for i in syntax.addressees(p, cue.first, cue.lemma)} == {"Reuters"}
    m, _, _ = syntax.syntactic_source(att, cue)
    assert m.text == "Cavusoglu"
    [f] = frames_of(doc)
    assert f.source.text == "Cavusoglu" and text_of(doc, f.content) == "Turkey would act"


def test_accused_y_of_z():
    text = "Lavrov accused Washington of backtracking on the deal."
    doc = annotated(text, [
        ("Lavrov", "Lavrov", "PROPN", 2, "nsubj"), ("accused", "accuse", "VERB", 0, "root"),
        ("Washington", "Washington", "PROPN", 2, "obj"), ("of", "of", "SCONJ", 5, "mark"),
        ("backtracking", "backtrack", "VERB", 2, "advcl"), ("on", "on", "ADP", 8, "case"),
        ("the", "the", "DET", 8, "det"), ("deal", "deal", "NOUN", 5, "obl"), (".", ".", "PUNCT", 2, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "accused")
    assert cue.frame == "obj_of"
    a, b = syntax.content_span(syntax.parse_of(att), cue.first, cue)
    assert doc.text[doc.tokens[a].start:doc.tokens[b - 1].end] == "backtracking on the deal"
    assert syntax.syntactic_source(att, cue)[0].text == "Lavrov"
    [f] = frames_of(doc)
    assert f.source.text == "Lavrov" and "backtracking on the deal" in text_of(doc, f.content)


def test_relative_clause_subject_is_the_antecedent():
    text = "Lavrov, who said the truce was over, left Geneva."
    doc = annotated(text, [
        ("Lavrov", "Lavrov", "PROPN", 10, "nsubj"), (",", ",", "PUNCT", 4, "punct"),
        ("who", "who", "PRON", 4, "nsubj"), ("said", "say", "VERB", 1, "acl:relcl"),
        ("the", "the", "DET", 6, "det"), ("truce", "truce", "NOUN", 8, "nsubj"), ("was", "be", "AUX", 8, "cop"),
        ("over", "over", "ADV", 4, "ccomp"), (",", ",", "PUNCT", 4, "punct"), ("left", "leave", "VERB", 0, "root"),
        ("Geneva", "Geneva", "PROPN", 10, "obj"), (".", ".", "PUNCT", 10, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "said")
    p = syntax.parse_of(att)
    assert doc.tokens[syntax.subject(p, cue.first)].text == "Lavrov"
    assert syntax.syntactic_source(att, cue)[0].text == "Lavrov"


def test_conjoined_verb_shares_the_subject():
    text = "Kerry met Lavrov in Geneva and said progress had been made."
    doc = annotated(text, [
        ("Kerry", "Kerry", "PROPN", 2, "nsubj"), ("met", "meet", "VERB", 0, "root"),
        ("Lavrov", "Lavrov", "PROPN", 2, "obj"), ("in", "in", "ADP", 5, "case"),
        ("Geneva", "Geneva", "PROPN", 2, "obl"), ("and", "and", "CCONJ", 7, "cc"),
        ("said", "say", "VERB", 2, "conj"), ("progress", "progress", "NOUN", 11, "nsubj:pass"),
        ("had", "have", "AUX", 11, "aux"), ("been", "be", "AUX", 11, "aux:pass"),
        ("made", "make", "VERB", 7, "ccomp"), (".", ".", "PUNCT", 2, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    cue = cue_named(att, "said")
    assert syntax.syntactic_source(att, cue)[0].text == "Kerry"
    [f] = frames_of(doc)
    assert f.source.text == "Kerry" and text_of(doc, f.content) == "progress had been made"


def test_passive_cue_has_no_speaker():
    text = "Reuters was told that the talks had failed."
    doc = annotated(text, [
        ("Reuters", "Reuters", "PROPN", 3, "nsubj:pass"), ("was", "be", "AUX", 3, "aux:pass"),
        ("told", "tell", "VERB", 0, "root"), ("that", "that", "SCONJ", 8, "mark"), ("the", "the", "DET", 6, "det"),
        ("talks", "talk", "NOUN", 8, "nsubj"), ("had", "have", "AUX", 8, "aux"), ("failed", "fail", "VERB", 3, "ccomp"),
        (".", ".", "PUNCT", 3, "punct"),
    ])
    p = syntax.Parse.of(doc)
    assert syntax.subject(p, 2) is None


def test_parse_finds_the_speaker_the_surface_patterns_miss():
    # the parenthetical party tag stops the surface patterns; the parse sees the subject
    text = "Sen. David Perdue (R-Ga.) said he did not believe those characterizations."
    doc = annotated(text, [
        ("Sen.", "Sen.", "PROPN", 3, "compound"), ("David", "David", "PROPN", 3, "compound"),
        ("Perdue", "Perdue", "PROPN", 8, "nsubj"), ("(", "(", "PUNCT", 5, "punct"),
        ("R-Ga", "R-Ga", "PROPN", 3, "appos"), (".", ".", "PUNCT", 5, "punct"), (")", ")", "PUNCT", 5, "punct"),
        ("said", "say", "VERB", 0, "root"), ("he", "he", "PRON", 12, "nsubj"), ("did", "do", "AUX", 12, "aux"),
        ("not", "not", "PART", 12, "advmod"), ("believe", "believe", "VERB", 8, "ccomp"),
        ("those", "that", "DET", 14, "det"), ("characterizations", "characterization", "NOUN", 12, "obj"),
        (".", ".", "PUNCT", 8, "punct"),
    ])
    said = next(f for f in frames_of(doc) if f.cue is not None and f.cue.form == "said")
    assert said.source.name == "David Perdue"
    assert text_of(doc, said.content).startswith("he did not believe")


def test_apposition_gives_the_role():
    text = "Rami Abdel Rahman, the Observatory head, said the toll had risen."
    doc = annotated(text, [
        ("Rami", "Rami", "PROPN", 9, "nsubj"), ("Abdel", "Abdel", "PROPN", 1, "flat"),
        ("Rahman", "Rahman", "PROPN", 1, "flat"), (",", ",", "PUNCT", 7, "punct"), ("the", "the", "DET", 7, "det"),
        ("Observatory", "Observatory", "PROPN", 7, "compound"), ("head", "head", "NOUN", 1, "appos"),
        (",", ",", "PUNCT", 7, "punct"), ("said", "say", "VERB", 0, "root"), ("the", "the", "DET", 11, "det"),
        ("toll", "toll", "NOUN", 13, "nsubj"), ("had", "have", "AUX", 13, "aux"), ("risen", "rise", "VERB", 9, "ccomp"),
        (".", ".", "PUNCT", 9, "punct"),
    ])
    att = Attributor(doc, VOCAB)
    p = syntax.parse_of(att)
    (a, b), appos = syntax.source_span(p, 0)
    assert doc.text[doc.tokens[a].start:doc.tokens[b - 1].end] == "Rami Abdel Rahman"
    assert doc.text[doc.tokens[appos[0]].start:doc.tokens[appos[1] - 1].end] == "the Observatory head"
    m, role, _ = syntax.syntactic_source(att, cue_named(att, "said"))
    assert (m.name, role) == ("Rami Abdel Rahman", "the Observatory head")


def test_entity_types_settle_person_or_organisation():
    text = "Morgan Stanley said the markets would fall."
    rows = [
        ("Morgan", "Morgan", "PROPN", 2, "compound", "B-ORG"), ("Stanley", "Stanley", "PROPN", 3, "nsubj", "E-ORG"),
        ("said", "say", "VERB", 0, "root", "O"), ("the", "the", "DET", 5, "det", "O"),
        ("markets", "market", "NOUN", 7, "nsubj", "O"), ("would", "would", "AUX", 7, "aux", "O"),
        ("fall", "fall", "VERB", 3, "ccomp", "O"), (".", ".", "PUNCT", 3, "punct", "O"),
    ]
    plain = annotated(text, rows)
    with_ner = annotated(text, rows, provides=PARSED | {ENTITIES})
    assert [(e.start, e.end, e.type) for e in with_ner.entities] == [(0, 14, "ORG")]
    assert not plain.entities
    att = Attributor(with_ner, VOCAB)
    m = syntax.syntactic_source(att, cue_named(att, "said"))[0]
    assert m.type == "organization"


def test_a_noun_cue_is_not_framed():
    text = "His warning was ignored by the rebels."
    doc = annotated(text, [
        ("His", "he", "PRON", 2, "nmod:poss"), ("warning", "warning", "NOUN", 4, "nsubj:pass"),
        ("was", "be", "AUX", 4, "aux:pass"), ("ignored", "ignore", "VERB", 0, "root"), ("by", "by", "ADP", 7, "case"),
        ("the", "the", "DET", 7, "det"), ("rebels", "rebel", "NOUN", 4, "obl"), (".", ".", "PUNCT", 4, "punct"),
    ])
    assert syntax._nominal(syntax.Parse.of(doc), 1)
    assert not frames_of(doc)


def test_stanza_sentences_inside_one_quotation_are_merged():
    text = '"Stop. Now," he said.'
    doc = annotated(text, [
        ('"', '"', "PUNCT", 2, "punct"), ("Stop", "stop", "VERB", 0, "root"), (".", ".", "PUNCT", 2, "punct"),
    ], [
        ("Now", "now", "ADV", 0, "root"), (",", ",", "PUNCT", 1, "punct"), ('"', '"', "PUNCT", 1, "punct"),
        ("he", "he", "PRON", 5, "nsubj"), ("said", "say", "VERB", 1, "parataxis"), (".", ".", "PUNCT", 1, "punct"),
    ])
    assert len(doc.sentences) == 1 and doc.sentences[0].token_range() == range(9)
    assert [t.head for t in doc.tokens] == [1, None, 1, None, 3, 3, 7, 3, 3]
    assert {t.sent for t in doc.tokens} == {0}


def test_surface_view_drops_tags_and_keeps_the_rest():
    doc = annotated(*SAID_THAT)
    view = syntax.surface_view(doc)
    assert view.provides == frozenset({TOKENS, SENTENCES})
    assert [(t.text, t.start, t.end) for t in view.tokens] == [(t.text, t.start, t.end) for t in doc.tokens]
    assert all(t.upos is None and t.head is None for t in view.tokens)
    assert syntax.surface_view(view) is view
