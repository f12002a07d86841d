"""The stanza engine end to end: a real stanza.Pipeline on the small English models in
../shared/models/stanza-en (no NER, a weak parser).  These tests check behaviour that holds with
any reasonable parser (offsets, sentence boundaries, layers, batching, the output contract), not
the models' accuracy.  The pipeline is built once per session."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import quoteattr
from quoteattr.nlp.base import DEPS, ENTITIES, LEMMAS, POS, SENTENCES, TOKENS
from quoteattr.nlp.rules import RulesEngine
from tests.conftest import ARTICLES, ROOT, SHARED, seed_text

MODELS = SHARED / "models" / "stanza-en"
pytestmark = pytest.mark.skipif(
    not (MODELS / "resources.json").is_file(),
    reason=f"needs the small stanza models at {MODELS} (they come with ../shared; absent in a plain clone)",
)
SEEDS = sorted(p.stem for p in ARTICLES.glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    return quoteattr.Pipeline("stanza", models_dir=MODELS)


@pytest.fixture(scope="session")
def seed_doc(nlp):
    return nlp.annotate(seed_text(SEEDS[4]))


def test_provides_what_the_installed_models_give(nlp):
    engine = nlp.engine
    assert nlp.engine_name == "stanza"
    assert engine.provides == {TOKENS, SENTENCES, LEMMAS, POS, DEPS}  # no NER model here
    assert ENTITIES not in engine.provides
    assert set(engine.packages) == {"tokenize", "pos", "lemma", "depparse"}  # mwt: nothing to expand


def test_tokens_and_sentences_are_the_rules_engines_with_raw_offsets(seed_doc):
    text = seed_doc.text
    rules = RulesEngine().annotate(text)
    assert [(t.start, t.end) for t in seed_doc.tokens] == [(t.start, t.end) for t in rules.tokens]
    assert [(s.start, s.end, s.first, s.last) for s in seed_doc.sentences] == \
        [(s.start, s.end, s.first, s.last) for s in rules.sentences]
    assert all(text[t.start:t.end] == t.text for t in seed_doc.tokens)


def test_every_token_is_tagged_and_heads_stay_in_their_sentence(seed_doc):
    for si, s in enumerate(seed_doc.sentences):
        for i in s.token_range():
            t = seed_doc.tokens[i]
            assert t.sent == si and t.upos and t.deprel and t.lemma is not None
            assert t.head is None or s.first <= t.head < s.last
        assert any(seed_doc.tokens[i].head is None for i in s.token_range())  # a root


def test_a_quotation_is_never_split_from_its_attribution(seed_doc):
    for q in seed_doc.quotes:
        if q.depth or q.close is None:
            continue
        if seed_doc.paragraph_of(q.open) != seed_doc.paragraph_of(q.close):
            continue  # quotations running over paragraphs
        assert seed_doc.sentence_of(q.open) == seed_doc.sentence_of(q.close)


@pytest.mark.parametrize("doc_id", SEEDS)
def test_seed_articles_give_the_output_contract(nlp, doc_id):
    text = seed_text(doc_id)
    r = nlp.extract(text, doc_id=doc_id)
    assert r.engine == "stanza" and r.quotes
    d = r.to_dict()
    assert d["doc_id"] == doc_id
    for q in d["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"] and q["kind"] in ("direct", "partial", "indirect", "mixed")
        if q["cue"]:
            assert text[q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"]
        if q["speaker"] and q["speaker"]["start"] is not None:
            assert 0 <= q["speaker"]["start"] < q["speaker"]["end"] <= len(text)
        assert 0 <= q["confidence"] <= 1


def test_stream_in_batches_matches_one_at_a_time(nlp):
    texts = [seed_text(d)[:1500] for d in SEEDS[:3]] + ["", "Advertisement"]
    batched = [r.to_dict() for r in nlp.stream(texts, batch_size=2)]
    single = [nlp.extract(t, doc_id=f"doc{n}").to_dict() for n, t in enumerate(texts)]
    assert batched == single


def test_empty_and_boilerplate_only_texts(nlp):
    assert nlp.extract("").quotes == ()
    assert nlp.annotate("   \n\n").tokens == ()


def test_stanzas_own_tokenizer_keeps_raw_offsets():
    from quoteattr.nlp.stanza_engine import StanzaEngine

    engine = StanzaEngine(models_dir=MODELS, tokenizer="stanza")
    long_word = "x" * 700  # past the tokenizer's maximum: stanza writes <UNK>
    text = f'"We didn\'t agree," he said. Then {long_word} ended.\n\nShe said the talks had failed.'
    doc = engine.annotate(text)
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert any(t.text == long_word for t in doc.tokens) and not any(t.text == "<UNK>" for t in doc.tokens)
    assert [text[s.start:s.end] for s in doc.sentences] == [
        '"We didn\'t agree," he said.', f"Then {long_word} ended.", "She said the talks had failed."]
    assert {"did", "n't"} <= {t.text for t in doc.tokens}  # a multi-word token keeps word offsets


def test_auto_picks_stanza_when_models_are_installed(no_neural_runtime):
    nlp = quoteattr.Pipeline("auto", models_dir=MODELS)
    assert nlp.engine_name == "stanza" and str(MODELS) in nlp.note
    assert nlp.extract('"We will not back down," the minister said.').engine == "stanza"


@pytest.mark.slow
def test_cli_extract_with_the_stanza_engine():
    out = subprocess.run(
        [sys.executable, "-m", "quoteattr", "extract", "--engine", "stanza", "--models-dir", str(MODELS),
         str(ARTICLES)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["doc_id"] for r in recs] == SEEDS
    assert all(r["quotes"] for r in recs)


@pytest.mark.parametrize(
    "text",
    [
        '"The plant will close," the company said, "and nobody will be paid."',
        "Higher rates, the governor said, are the only tool the bank has left.",
        "The villagers said they risked being shot if they refused to leave their homes.",
        "Finance Minister Ana Costa was quoted as saying that the budget would be balanced by 2026.",
        "He hit back, saying: 'We never agreed to that.\n\n'We will not pay a penny more.'",
        "Strike will go ahead, says union boss\n\nThe council met on Monday evening to discuss the plan.",
        "'We will rebuild every home' - Becker vows after the flood\n\nThe council met on Monday evening.",
        'Fire chief Dana Ruiz said that the blaze had been contained overnight.\n\n'
        '"Our crews worked for fourteen hours without a break and saved the whole street."',
    ],
)
def test_spans_and_parts_as_the_rules_engine_reads_them(nlp, text):
    """Split quotations, headlines, continuations and conditions come out of the parse-driven
    path exactly as out of the surface rules: the parse checks frames, it does not remake them."""
    def spans(r):
        return [(q.text, q.kind, q.part, q.n_parts, q.speaker and q.speaker.mention) for q in r.quotes]

    assert spans(nlp.extract(text)) == spans(quoteattr.Pipeline("rules").extract(text))
