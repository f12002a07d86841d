"""The conventions people bring from spaCy and stanza: a callable pipeline with ``pipe``, a result
that is a sequence of its quotations, ``result.speakers`` as a list of entities."""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr.io import entity_to_dict
from tests.conftest import ARTICLES

SEEDS = sorted(ARTICLES.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]


@pytest.fixture(scope="module")
def nlp():
    return quoteattr.Pipeline("rules")


def test_the_pipeline_is_callable(nlp):
    r = nlp('"We will not back down," the minister said.', doc_id="a1")
    assert r.doc_id == "a1" and [q.text for q in r] == ["We will not back down,"]
    assert nlp(TEXTS[0]) == nlp.extract(TEXTS[0])


@pytest.mark.parametrize("batch_size, n_process", [(1, 1), (2, 1), (32, 1), (2, 2)])
def test_pipe_gives_what_single_calls_give_in_input_order(nlp, batch_size, n_process):
    items = [(p.stem, t) for p, t in zip(SEEDS, TEXTS)]
    piped = list(nlp.pipe(items, batch_size=batch_size, n_process=n_process, progress=False))
    assert [r.doc_id for r in piped] == [p.stem for p in SEEDS]
    assert [r.quotes for r in piped] == [nlp(t, doc_id=d).quotes for d, t in items]


def test_pipe_keeps_going_past_a_bad_item(nlp):
    errors: list = []
    out = list(nlp.pipe(["Fine text.", 42, '"No," she said.'], on_error="skip", errors=errors, progress=False))
    assert [len(r) for r in out] == [0, 1] and errors and errors[0][0] == "#1"
    with pytest.raises(quoteattr.InputError):
        list(nlp.pipe(["Fine text.", 42], on_error="raise", progress=False))


def test_pipe_shows_progress_when_asked(nlp, capsys):
    list(nlp.pipe(TEXTS[:3], progress=True))
    err = capsys.readouterr().err
    assert "extract" in err and "3/3" in err
    list(nlp.pipe(TEXTS[:3], progress=False))
    assert capsys.readouterr().err == ""


def test_a_result_is_a_sequence_of_its_quotations(nlp):
    r = nlp(TEXTS[3])
    assert len(r) == len(r.quotes) > 10
    assert list(r) == list(r.quotes) and [q.start for q in r] == sorted(q.start for q in r)
    empty = nlp("Nothing was reported.")
    assert len(empty) == 0 and list(empty) == []


def test_speakers_are_entities_as_in_the_output_and_in_linking(nlp):
    r = nlp(TEXTS[3], doc_id="seed3")
    assert isinstance(r.speakers, list) and all(isinstance(e, quoteattr.Entity) for e in r.speakers)
    assert [entity_to_dict(e) for e in r.speakers] == r.to_dict()["speakers"]
    assert "Sergei Lavrov" in {e.name for e in r.speakers}
    grouped = r.by_speaker()
    assert sum(map(len, grouped.values())) == len(r) and len(grouped["Sergei Lavrov"]) >= 2
