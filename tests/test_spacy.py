"""The spaCy component on spacy.blank("en"): quotations, speakers and cues as spans, displacy,
batching, config and serialisation.  No model is downloaded."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLES, DATA

spacy = pytest.importorskip("spacy", reason="the spaCy component needs the 'spacy' extra")
from spacy import displacy  # noqa: E402

import quoteattr  # noqa: E402
from quoteattr.spacy import QuoteattrComponent, displacy_options  # noqa: E402

SEEDS = sorted(ARTICLES.glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("quoteattr")
    return nlp


def labels_in_html(html: str) -> list[str]:
    """The span labels displacy drew (one per span, at its first token)."""
    return [m.strip() for m in re.findall(r"z-index: 10[^>]*>\s*([^<]+?)\s*</span>", html)]


def test_quotes_speakers_and_cues_become_spans(nlp):
    doc = nlp('"We will not back down," the minister said. "Absolutely," Maria Lopez told reporters.')
    assert [(s.text, s.label_) for s in doc.spans["quotes"]] == [
        ("We will not back down,", "[the minister]"), ("Absolutely,", "Maria Lopez")]
    assert [(s.text, s.label_) for s in doc.spans["quotes_speakers"]] == [
        ("the minister", "SPEAKER"), ("Maria Lopez", "SPEAKER")]
    assert [(s.text, s.label_) for s in doc.spans["quotes_cues"]] == [("said", "CUE"), ("told", "CUE")]
    q = doc._.quotes[1]
    assert (q.kind, q.speaker.name, q.cue.text) == ("direct", "Maria Lopez", "told")
    assert 0 < q.confidence <= 1
    assert doc._.quoteattr["quotes"][1]["speaker"]["name"] == "Maria Lopez"
    assert isinstance(doc._.quoteattr_result, quoteattr.Result) and len(doc._.quoteattr_result) == 2


def test_a_quotation_ending_inside_a_token_widens_to_whole_tokens(nlp):
    text = "\"We won't stop,\"she said."  # spaCy reads `stop,"she` as one token
    doc = nlp(text)
    [q] = doc._.quotes
    assert text[q.start:q.end] == "We won't stop,"
    [span] = doc.spans["quotes"]
    assert span.start_char <= q.start and span.end_char >= q.end
    assert span.text == 'We won\'t stop,"she'


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([
    '"No," she said.', '"We won\'t stop,"she said.', "The mayor said the cuts were \"a dis-grace\"-like move.",
    'Officials said it was "wrong"—and illegal.', '"It\'s over", said Mr.Smith.', "Nothing was said.",
    "According to the ministry, 40 people died.", "\n\n", "  ", "«Jamais», a dit le ministre.",
]), min_size=1, max_size=6))
def test_every_quotation_has_a_span_covering_it(texts):
    nlp = spacy.blank("en")
    nlp.add_pipe("quoteattr")
    doc = nlp(" ".join(texts))
    spans = list(doc.spans["quotes"])
    assert len(spans) == len(doc._.quotes)
    for q, s in zip(doc._.quotes, spans):
        assert s.start_char <= q.start and q.end <= s.end_char and len(s) > 0


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_displacy_shows_the_seed_quotations(nlp, path):
    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    expected = quoteattr.Pipeline("rules").extract(text)
    assert [(q.start, q.end) for q in doc._.quotes] == [(q.start, q.end) for q in expected.quotes]
    assert len(doc._.quotes) > 5
    page = displacy.render(doc, style="span", options=displacy_options(doc), page=False)
    assert labels_in_html(page) == [s.label_ for s in doc.spans["quotes"]]
    text_only = re.sub(r"<span[^>]*z-index: 10[^>]*>[^<]*</span>", " ", page)  # labels out
    shown = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text_only)))
    for s in doc.spans["quotes"]:  # every quotation's words are on the page, in order
        words = [t.text for t in s if not t.is_space][:8]
        assert " ".join(words) in shown, s.text[:60]
    colours = displacy_options(doc)["colors"]
    assert len(set(colours.values())) == len(colours)  # one colour per speaker


def test_seed_quotations_match_the_expected_output(nlp):
    expected = {d["doc_id"]: d for d in map(json.loads, (DATA / "seeds.expected.jsonl").read_text().splitlines())}
    for path in SEEDS:
        doc = nlp(path.read_text(encoding="utf-8"))
        want = [(q["start"], q["end"], q["kind"]) for q in expected[path.stem]["quotes"]]
        assert [(q.start, q.end, q.kind) for q in doc._.quotes] == want


def test_pipe_batches_give_what_single_calls_give(nlp):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] + ['"No," she said.', "No quotes at all."]
    batched = list(nlp.pipe(texts, batch_size=3))
    single = [nlp(t) for t in texts]
    assert [[(s.start_char, s.end_char, s.label_) for s in d.spans["quotes"]] for d in batched] == \
           [[(s.start_char, s.end_char, s.label_) for s in d.spans["quotes"]] for d in single]
    assert len(batched[-1].spans["quotes"]) == 0 and len(batched[-2].spans["quotes"]) == 1


def test_threshold_leaves_out_less_confident_quotations():
    text = SEEDS[3].read_text(encoding="utf-8")
    everything = spacy.blank("en")
    everything.add_pipe("quoteattr")
    confident = spacy.blank("en")
    confident.add_pipe("quoteattr", config={"threshold": 0.8})
    all_q, some_q = everything(text)._.quotes, confident(text)._.quotes
    assert some_q and len(some_q) < len(all_q)
    assert all(q.confidence >= 0.8 for q in some_q)
    assert len(confident(text).spans["quotes"]) == len(some_q)


def test_config_survives_to_disk_and_spacy_load(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("quoteattr", config={"threshold": 0.75, "spans_key": "q"})
    nlp.to_disk(tmp_path / "pipe")
    assert json.loads((tmp_path / "pipe" / "quoteattr" / "cfg.json").read_text())["threshold"] == 0.75
    loaded = spacy.load(tmp_path / "pipe")
    comp = loaded.get_pipe("quoteattr")
    assert isinstance(comp, QuoteattrComponent)
    assert comp.cfg == {"engine": "rules", "threshold": 0.75, "spans_key": "q", "models_dir": None}
    doc = loaded('"We will not back down," the minister said.')
    assert [s.text for s in doc.spans["q"]] == ["We will not back down,"]
    again = spacy.blank("en").add_pipe("quoteattr")
    again.from_bytes(comp.to_bytes())
    assert again.cfg == comp.cfg


def test_docs_with_quotations_serialise(nlp):
    from spacy.tokens import Doc, DocBin

    doc = nlp('"No," she said.')
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [q.text for q in back._.quotes] == ["No,"]
    bin_ = DocBin(store_user_data=True, docs=[doc])
    [restored] = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert [s.text for s in restored.spans["quotes"]] == ["No,"]


def test_bad_config_says_what_is_wrong():
    with pytest.raises(ValueError, match="threshold"):
        spacy.blank("en").add_pipe("quoteattr", config={"threshold": 2})
    with pytest.raises(ValueError, match="unknown engine"):
        spacy.blank("en").add_pipe("quoteattr", config={"engine": "nope"})("text")


@pytest.mark.skipif(not entry_points(group="spacy_factories", name="quoteattr"),
                    reason="the installed quoteattr metadata has no spacy_factories entry point; "
                           "reinstall with `pip install -e .`")
def test_add_pipe_finds_the_component_through_its_entry_point():
    code = ("import spacy; nlp = spacy.blank('en'); nlp.add_pipe('quoteattr'); "
            "doc = nlp('\"No,\" she said.'); print([s.text for s in doc.spans['quotes']])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "['No,']"


def test_pipe_over_two_processes_brings_the_quotations_back(nlp):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    docs = list(nlp.pipe(texts, batch_size=2, n_process=2))  # docs travel back serialised
    assert [[(q.start, q.end) for q in d._.quotes] for d in docs] == \
           [[(q.start, q.end) for q in nlp(t)._.quotes] for t in texts]
    assert [len(d.spans["quotes"]) for d in docs] == [len(d._.quotes) for d in docs]
