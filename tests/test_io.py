"""Serialization: the output contract, round trips, reading articles from disk."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from quoteattr import InputError, Result
from quoteattr.io import read_text, result_from_dict, result_to_dict
from quoteattr.model import Cue, Entity, Quote, Span, Speaker
from tests.strategies import results

TEXT = '"Any truce would be senseless", Lavrov said.'


def sample() -> Result:
    sp = Speaker("Sergei Lavrov", "Lavrov", 32, 38, "Foreign Minister", "person", "doc#e1")
    q = Quote(1, 29, TEXT[1:29], "direct", Cue(39, 43, "said", "say"), sp, 0.93)
    ent = Entity("doc#e1", "Sergei Lavrov", "person", (Span(32, 38, "Lavrov"),), ("Foreign Minister",))
    return Result("doc", (q,), (ent,), "rules", TEXT, {"outlet": "x"}, ("a warning",))


def test_contract_shape():
    d = sample().to_dict()
    assert d["doc_id"] == "doc"
    q = d["quotes"][0]
    assert set(q) >= {"start", "end", "text", "kind", "cue", "speaker", "confidence", "claim_id"}
    assert q["cue"] == {"text": "said", "start": 39, "end": 43, "lemma": "say"}
    assert q["speaker"]["name"] == "Sergei Lavrov" and q["speaker"]["type"] == "person"
    assert TEXT[q["start"]:q["end"]] == q["text"]
    assert "text" not in d  # the article text only on request
    json.dumps(d)  # JSON-ready


def test_round_trip_exact():
    r = sample()
    assert Result.from_dict(r.to_dict(include_text=True)) == r
    d = r.to_dict()
    assert result_to_dict(result_from_dict(d)) == d


def test_not_a_record_is_a_clear_error():
    with pytest.raises(InputError, match="doc_id"):
        result_from_dict({"text": "x"})


def test_quote_rejects_bad_kind_and_confidence():
    with pytest.raises(ValueError):
        Quote(0, 1, "x", "rumour")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Quote(0, 1, "x", "direct", confidence=1.5)
    with pytest.raises(ValueError):
        Quote(5, 1, "x", "direct")


def test_read_text_keeps_newlines_and_drops_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffLine one\r\nLine two\n".encode("utf-8"))
    assert read_text(p) == "Line one\r\nLine two\n"


def test_read_text_rejects_latin1_with_advice(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes("Caf\xe9 said".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8.*iconv"):
        read_text(p)


@settings(max_examples=150)
@given(results())
def test_round_trip_property(r):
    d = r.to_dict(include_text=True)
    back = Result.from_dict(json.loads(json.dumps(d)))
    assert back == r


def test_nan_and_infinity_in_metadata_are_written_as_null_with_a_warning():
    from quoteattr.io import dumps

    r = Result("d", metadata={"score": float("nan"), "n": [1, float("-inf")]})
    line = dumps(r.to_dict())
    back = json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} in the output"))
    assert back["metadata"] == {"score": None, "n": [1, None]}
    assert len(back["warnings"]) == 2 and "metadata.score" in back["warnings"][0]


def test_lone_surrogates_are_replaced_and_the_record_warns():
    from quoteattr.io import dumps

    text = 'Caf\udce9 "we won," he said.'
    r = Result("caf\udce9", metadata={"outlet": "x\ud800"}, text=text)
    back = json.loads(dumps(r.to_dict(include_text=True)).encode("utf-8"))
    assert back["doc_id"] == "caf\ufffd" and back["metadata"]["outlet"] == "x\ufffd"
    assert len(back["text"]) == len(text)  # one character for one: offsets still hold
    assert any("doc_id" in w for w in back["warnings"])


def test_metadata_that_is_not_json_data_is_written_as_text_with_a_warning():
    import datetime

    from quoteattr.io import dumps

    back = json.loads(dumps(Result("d", metadata={"when": datetime.date(2016, 12, 13)}).to_dict()))
    assert back["metadata"]["when"] == "2016-12-13" and "metadata.when" in back["warnings"][0]


def test_iter_articles_gives_unique_doc_ids(tmp_path):
    from quoteattr.inputs import iter_articles

    for rel in ("a/story.txt", "a/2016/story.txt", "b/story.txt", "b/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Text.", encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    ids = [doc_id for _, doc_id in iter_articles([a, b, b / "story.txt", "-"])]
    assert ids == ["2016/story", "story", "notes", (b / "story").as_posix(), (b / "story").as_posix() + "-2",
                   "stdin"]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("text, content, form", [
    ('"We will rebuild the bridge," the mayor said.', "We will rebuild the bridge,", "quote"),
    ("The mayor said the bridge would reopen in May.", "the bridge would reopen in May", "clause"),
    ("The union condemned the closure of the plant.", "the closure of the plant", "phrase"),
])
def test_form_says_whether_a_content_is_quoted_words_a_clause_or_a_phrase(text, content, form):
    import quoteattr

    r = quoteattr.Pipeline("rules").extract(text)
    assert [(q.text, q.form) for q in r.quotes if q.text == content] == [(content, form)]
    assert [q["form"] for q in r.to_dict()["quotes"] if q["text"] == content] == [form]
