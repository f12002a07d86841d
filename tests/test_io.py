"""Serialization: the output contract, round trips, reading articles from disk."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr import InputError, Result
from quoteattr.io import read_text, result_from_dict, result_to_dict
from quoteattr.model import Cue, Entity, Quote, Span, Speaker

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


speakers = st.one_of(st.none(), st.builds(
    Speaker, st.one_of(st.none(), st.text(max_size=10)), st.one_of(st.none(), st.text(max_size=10)),
    st.one_of(st.none(), st.integers(0, 100)), st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.text(max_size=10)), st.sampled_from(["person", "organization", "group", "anonymous"]),
    st.one_of(st.none(), st.text(max_size=5))))


@st.composite
def results(draw):
    text = draw(st.text(max_size=80))
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        cue = draw(st.one_of(st.none(), st.builds(lambda s: Cue(s, s, "", None), st.integers(0, 5))))
        quotes.append(Quote(a, b, text[a:b], draw(st.sampled_from(["direct", "partial", "indirect", "mixed"])),
                            cue, draw(speakers), draw(st.floats(0, 1)), draw(st.one_of(st.none(), st.text(max_size=6)))))
    return Result(draw(st.text(min_size=1, max_size=10)), tuple(quotes), (), "rules", text,
                  draw(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)))


@settings(max_examples=150)
@given(results())
def test_round_trip_property(r):
    d = r.to_dict(include_text=True)
    back = Result.from_dict(json.loads(json.dumps(d)))
    assert back == r


def test_iter_articles_gives_unique_doc_ids(tmp_path):
    from quoteattr.io import iter_articles

    for rel in ("a/story.txt", "a/2016/story.txt", "b/story.txt", "b/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Text.", encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    ids = [doc_id for _, doc_id in iter_articles([a, b, b / "story.txt", "-"])]
    assert ids == ["2016/story", "story", "notes", (b / "story").as_posix(), (b / "story").as_posix() + "-2",
                   "stdin"]
    assert len(set(ids)) == len(ids)
