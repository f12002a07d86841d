"""Corpus linking end to end: ids on every quote, provenance, determinism, order independence."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.link import Corpus, LinkConfig
from tests.link.helpers import article, shared_embedder


def coverage():
    """Four outlets over three days: a Lavrov quote travels, Kerry is quoted in part and in full."""
    return [
        article("reuters-1", [
            ("Any truce, seven days, three days, would be senseless", "Lavrov"),
            ("We are not abandoning the pursuit of peace, we are not going to leave the multilateral field", "US Secretary of State John Kerry"),
        ], date="2016-10-04", outlet="Reuters"),
        article("afp-1", [
            ("abandoning the pursuit of peace", "Kerry", "partial"),
            ("Any truce, seven days, three days, would be senseless", "Foreign Minister Sergei Lavrov"),
            ("Handarat has fallen", "an official with one of the rebel groups", "direct", "anonymous"),
        ], date="2016-10-03", outlet="AFP"),
        article("bbc-1", [
            ("any truce would be senseless", "Sergei Lavrov", "partial"),
            ("At least 34 people were killed in the suicide attack on the wedding", "the local Kurdish government", "indirect", "organization"),
        ], date="2016-10-05", outlet="BBC"),
        article("bbc-2", [
            ("At least 43 people were killed in the suicide attack on the wedding", "the local Kurdish government", "indirect", "organization"),
            ("Handarat has fallen", "a rebel commander", "direct", "anonymous"),
        ], date="2016-10-06", outlet="BBC"),
    ]


def members(linked):
    return {frozenset(m.key for m in c.members) for c in linked.claims}


def test_every_quote_gets_a_claim_id_and_named_speakers_share_entities():
    linked = Corpus.from_results(coverage()).link(paraphrase=False)
    quotes = {f"{r.doc_id}#{i}": q for r in linked.results for i, q in enumerate(r.quotes)}
    assert all(q.claim_id for q in quotes.values())
    lavrov = {quotes[k].speaker.entity_id for k in ("reuters-1#0", "afp-1#1", "bbc-1#0")}
    kerry = {quotes[k].speaker.entity_id for k in ("reuters-1#1", "afp-1#0")}
    assert len(lavrov) == 1 and len(kerry) == 1 and lavrov != kerry
    assert quotes["reuters-1#0"].speaker.name == "Sergei Lavrov"  # the fuller name, found elsewhere
    # anonymous sources: an entity each, never shared across articles
    assert quotes["afp-1#2"].speaker.entity_id != quotes["bbc-2#1"].speaker.entity_id


def test_claims_link_across_outlets_with_provenance():
    linked = Corpus.from_results(coverage()).link(paraphrase=False)
    truce = linked.claim(next(q.claim_id for q in linked.results[0].quotes))
    assert {m.key for m in truce.members} == {"reuters-1#0", "afp-1#1", "bbc-1#0"}
    assert truce.first_seen.doc_id == "afp-1"  # by date, not input order
    assert truce.outlets == ("AFP", "Reuters", "BBC")
    assert {ln.type for ln in truce.links} == {"exact", "partial"}
    peace = {m.key for c in linked.claims for m in c.members if "afp-1#0" in {x.key for x in c.members}}
    assert peace == {"afp-1#0", "reuters-1#1"}
    # different numbers, same wording otherwise: two claims
    wedding = [c for c in linked.claims if any(m.key in ("bbc-1#1", "bbc-2#0") for m in c.members)]
    assert len(wedding) == 2
    # the same words from two anonymous sources in two articles, too short to be one statement
    assert len([c for c in linked.claims if any(m.key in ("afp-1#2", "bbc-2#1") for m in c.members)]) == 2


def test_ids_are_stable_across_runs_and_json_out_carries_them():
    a = Corpus.from_results(coverage()).link(paraphrase=False)
    b = Corpus.from_results(coverage()).link(paraphrase=False)
    assert a.results == b.results
    buf = io.StringIO()
    assert a.to_jsonl(buf) == 4
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert all(q["claim_id"] for r in records for q in r["quotes"])
    assert records[0]["quotes"][0]["speaker"]["entity_id"] == records[1]["quotes"][1]["speaker"]["entity_id"]


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(4)))
def test_clusters_do_not_depend_on_input_order(order):
    arts = coverage()
    base = Corpus.from_results(arts).link(paraphrase=False)
    shuffled = Corpus.from_results([arts[i] for i in order]).link(paraphrase=False)
    assert members(shuffled) == members(base)
    assert {c.id for c in shuffled.claims} == {c.id for c in base.claims}
    assert {s.id for s in shuffled.speakers} == {s.id for s in base.speakers}


def test_without_sentence_transformers_exact_and_partial_still_link(monkeypatch, caplog):
    from quoteattr.link import onnx_embed

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    monkeypatch.setattr(onnx_embed, "available", lambda: False)  # and no exported ONNX model
    with caplog.at_level(logging.WARNING, logger="quoteattr"):
        linked = Corpus.from_results(coverage()).link()
    assert not linked.paraphrase
    assert any("paraphrase linking is off" in r.getMessage() for r in caplog.records)
    assert any(len(c) == 3 for c in linked.claims)
    with pytest.raises(ImportError, match="sentence-transformers"):
        Corpus.from_results(coverage()).link(paraphrase=True)


def test_paraphrase_links_indirect_speech_to_the_quote_it_reports():
    pytest.importorskip("sentence_transformers", reason="paraphrase tier needs sentence-transformers")
    arts = [
        article("aa", [("Today, tomorrow, everyday, we will intensify our talks with Russia and other countries so "
                        "we can find a solution to this humanitarian tragedy", "Mevlut Cavusoglu")], date="2016-12-14"),
        article("bb", [("Turkey will intensify talks with Russia for a ceasefire to end the humanitarian tragedy in "
                        "Aleppo", "Foreign Minister Mevlut Cavusoglu", "indirect"),
                       ("Our efforts continue in particular for civilians to be able to leave", "Cavusoglu")],
                date="2016-12-15"),
    ]
    linked = Corpus.from_results(arts).link(embedder=shared_embedder())
    assert linked.paraphrase
    c = linked.claim(linked.results[0].quotes[0].claim_id)
    assert {m.key for m in c.members} == {"aa#0", "bb#0"}
    assert [ln.type for ln in c.links] == ["paraphrase"]
    assert linked.results[1].quotes[1].claim_id != c.id


def test_from_records_extracts_then_links(rules):
    text = ('"Any truce, seven days, three days, would be senseless," Russian Foreign Minister Sergei Lavrov said on '
            'Tuesday.\n\nLavrov added that Moscow would keep talking to Washington.')
    records = [{"doc_id": "r1", "text": text, "date": "2016-10-04"},
               ("r2", '"Any truce, seven days, three days, would be senseless," Lavrov told reporters.', {"outlet": "X"})]
    linked = Corpus.from_records(records, pipeline=rules).link(paraphrase=False, config=LinkConfig())
    assert [r.doc_id for r in linked.results] == ["r1", "r2"]
    assert all(q.claim_id for r in linked.results for q in r.quotes)
    firsts = [r.quotes[0] for r in linked.results if r.quotes]
    if len(firsts) == 2:
        assert firsts[0].claim_id == firsts[1].claim_id


def test_from_paths_skips_an_unreadable_file_and_says_so(tmp_path, rules):
    (tmp_path / "good.txt").write_text('"We will not back down," the minister said.', encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe not utf-8 \x00")
    errors: list = []
    corpus = Corpus.from_paths(tmp_path, pipeline=rules, on_error="skip", errors=errors)
    assert [r.doc_id for r in corpus.results] == ["good"]
    assert errors and errors[0][0].endswith("bad.txt")


def test_linked_to_pandas_has_a_claim_id_per_quotation():
    pytest.importorskip("pandas")
    from tests.conftest import ARTICLES

    linked = Corpus.from_paths(ARTICLES).link(paraphrase=False)
    df = linked.to_pandas()
    assert len(df) == sum(len(r.quotes) for r in linked.results)
    assert df["claim_id"].notna().all()
