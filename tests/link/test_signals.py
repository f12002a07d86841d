"""The link score's signals and vetoes, claim units, and the ONNX embedder, on pairs written here."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.link.claims import build_nodes, make_claim, score_pair
from quoteattr.link.config import LinkConfig
from quoteattr.link.corpus import Corpus
from quoteattr.link.graph import link_context, node_vectors
from quoteattr.link.normalize import analyse, negation_flip, veto
from quoteattr.link.signals import (
    FEATURES,
    Idf,
    LinkModel,
    affiliation_keys,
    default_model,
    government_of,
    phrase_overlap,
    quoted_feature,
    quoted_keywords,
    speaker_features,
    time_feature,
    unit_features,
)
from quoteattr.link.speakers import SpeakerLinker
from quoteattr.link.units import split_units
from tests.link.helpers import article

CONFIG = LinkConfig()


def nodes_of(*parts, dates=None):
    """One node per quotation ``(content, speaker, kind, type, role)``, each in its own article."""
    results = [article(f"d{k}", [p], **({"date": dates[k]} if dates else {})) for k, p in enumerate(parts)]
    linker = SpeakerLinker()
    ids = linker.link(results)
    claims = [make_claim(r.doc_id, 0, r.quotes[0], entity=ids.get((r.doc_id, 0)),
                         known=linker.is_known(ids.get((r.doc_id, 0))), order=k, metadata=r.metadata)
              for k, r in enumerate(results)]
    nodes = build_nodes(claims, CONFIG)
    assert len(nodes) == len(parts)
    return nodes


# -- claim units ------------------------------------------------------------------------------
def test_a_quotation_of_several_statements_splits_into_units():
    text = ("The bridge will close for repairs in March. Ferries will run every hour instead; "
            "fares stay the same, the mayor said.")
    units = [text[a:b] for a, b in split_units(text)]
    assert units == ["The bridge will close for repairs in March.", "Ferries will run every hour instead;",
                     "fares stay the same, the mayor said."]


@pytest.mark.parametrize("text", [
    "Mr. Okafor told Dr. Lund the U.S. office would reopen soon.",  # abbreviations end no sentence
    "It is over. Truly.",  # a unit too small to be a statement joins its neighbour
    "We will rebuild the harbour",
])
def test_one_statement_stays_one_unit(text):
    assert split_units(text) == ((0, len(text)),)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["The river rose overnight.", "Schools stay closed today.", "Help is coming;",
                                 "Mr. Berg spoke.", "Farmers lost their crops", "wow."]), min_size=1, max_size=5))
def test_units_tile_the_text_in_order(pieces):
    text = " ".join(pieces)
    spans = split_units(text)
    assert spans[0][0] == 0 and all(a < b for a, b in spans)
    assert all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))
    assert text[spans[-1][0]:spans[-1][1]].rstrip() == text[spans[-1][0]:].rstrip()


def test_a_short_report_links_to_the_unit_it_reports():
    """Units: the report meets the sentence it reports, not the whole speech diluted by others."""
    long, short = nodes_of(
        ("Our factory in Leeds will close next spring. We are also raising wages for every nurse in the county. "
         "The budget for roads doubles.", "Ilse Varga"),
        ("wages for nurses in the county would go up", "Ilse Varga", "indirect"))
    ctx = link_context([long, short])
    f_whole = unit_features(long.analysis, short.analysis, 0.0, ctx.idf)
    f_unit = unit_features(long.units[1].analysis, short.analysis, 0.0, ctx.idf)
    assert len(long.units) == 3
    assert f_unit["idf_large"] > f_whole["idf_large"]


# -- signals ----------------------------------------------------------------------------------
def test_idf_overlap_counts_rare_shared_words_more():
    common = [analyse(f"people said the economy was {w}") for w in ("fine", "weak", "slow", "strong", "bad")]
    idf = Idf(common + [analyse("people welcome desalination")])
    query = analyse("people welcome desalination")
    rare_shared = idf.overlap(query, analyse("desalination delayed"))
    common_shared = idf.overlap(query, analyse("people delayed"))
    assert rare_shared[0] > common_shared[0] and rare_shared[1] > common_shared[1]
    assert idf.overlap(analyse("harbour tunnel"), analyse("harbour tunnel")) == (1.0, 1.0)


def test_person_speaks_for_the_organisation_in_their_role():
    spokeswoman = affiliation_keys("Dana Whitfield", "Harbor Authority spokeswoman", "person")
    authority = affiliation_keys("the Harbor Authority", None, "organization")
    assert spokeswoman & authority
    assert not affiliation_keys("Dana Whitfield", "senior analyst", "person")  # a role naming no organisation
    assert not (affiliation_keys("Omar Pell", "Tideway Bank economist", "person") & authority)


def test_an_acronym_speaks_for_the_organisation_it_abbreviates():
    director = affiliation_keys("Fatima Orr", "IEA executive director", "person")
    agency = affiliation_keys("the International Energy Agency", None, "organization")
    assert director & agency
    # an acronym spelling a function word is still a name: ``WHO`` is not ``who``
    assert affiliation_keys("Ana Ruiz", "WHO regional director", "person") & affiliation_keys(
        "World Health Organization", None, "organization")
    # two organisations of one kind are not one speaker
    assert not (affiliation_keys("Tideway Bank", None, "organization")
                & affiliation_keys("Harbor Savings Bank", None, "organization")) - {"bank"}


@pytest.mark.parametrize("text, whole, country", [
    ("Oslo", True, "norwegian"),                      # a capital standing for its government
    ("the Norwegian foreign ministry", True, "norwegian"),
    ("Kenyan government", True, "kenyan"),
    ("No 10", True, "british"),                       # a seat of government
    ("Norwegian Air", True, None),                    # a company of the country is not its government
    ("the Oslo chamber of commerce", True, None),
    ("Oslo", False, None),                            # a role mentioning the capital is not the capital
    ("spokesman for the Kenyan foreign ministry", False, "kenyan"),
])
def test_government_a_speaker_stands_for(text, whole, country):
    assert government_of(text, whole) == country


def test_a_capital_and_its_ministry_are_affiliated():
    capital = affiliation_keys("Oslo", None, "organization")
    ministry = affiliation_keys("Norwegian foreign ministry", None, "organization")
    other = affiliation_keys("Nairobi", None, "organization")
    assert capital & ministry and not (capital & other)


def test_a_one_word_name_that_is_no_first_name_is_an_affiliation():
    club = affiliation_keys("Harbourside", None, "person")  # a club credited as a person
    manager = affiliation_keys("Jon Pike", "Harbourside manager", "person")
    assert club & manager
    assert not affiliation_keys("Maria", None, "person")  # a first name alone names no body


def test_phrase_overlap_counts_kept_phrases_not_topic_words():
    quote = analyse("We will widen the coastal road and build a new sea wall before winter")
    report = analyse("the council plans a new sea wall and a wider coastal road")
    # hard negative: the same topic words, no phrase of the quotation
    other = analyse("Road works on the coast will cost the council more than the wall")
    assert phrase_overlap(quote, report) == 0.5  # (new, sea), (sea, wall), (coastal, road) of six
    assert phrase_overlap(quote, other) == 0.0
    assert phrase_overlap(analyse("walls"), quote) == 0.0  # no pair of content words: no signal


def test_quoted_phrase_signal():
    assert quoted_keywords("the mayor warned of 'painful' delays and \"a tough harvest\" ahead") == (
        frozenset({"painful"}), frozenset({"tough", "harvest"}))
    reported, quote, other = nodes_of(
        ("the harbour works would bring 'painful' delays for shippers", "Dana Whitfield", "indirect"),
        ("The next months will be painful for everyone who ships through the port", "Dana Whitfield"),
        # hard negative: the same speaker on the same subject, without the quoted word
        ("Shippers will get a new terminal next year", "Dana Whitfield"))
    idf = link_context([reported, quote, other]).idf
    assert quoted_feature(reported, quote, idf) == 1.0
    assert quoted_feature(quote, reported, idf) == 1.0  # symmetric
    assert quoted_feature(reported, other, idf) == 0.0
    assert quoted_feature(quote, other, idf) == 0.0  # neither puts anything in quote marks


def test_speaker_agreement_signals():
    same_a, same_b, org, other = nodes_of(
        ("The ferry fares will not rise this year", "Dana Whitfield", "direct", "person", "Harbor Authority spokeswoman"),
        ("ferry fares would stay frozen", "Whitfield", "indirect"),
        ("Fares are frozen for the year", "the Harbor Authority", "direct", "organization"),
        ("Fares must rise to pay for repairs", "Omar Pell"))
    assert speaker_features(same_a, same_b)["same_speaker"] == 1.0
    assert speaker_features(same_a, org)["affiliated"] == 1.0
    assert speaker_features(same_a, other)["other_speaker"] == 1.0
    assert speaker_features(org, other)["affiliated"] == 0.0


def test_a_spokesman_and_his_organisation_meet_in_one_block():
    from quoteattr.link.blocking import speaker_blocks

    chief, agency, stranger = nodes_of(
        ("Oil demand will peak before the decade ends", "Fatima Orr", "direct", "person", "IEA executive director"),
        ("oil demand would peak within the decade", "the International Energy Agency", "indirect", "organization"),
        ("Oil demand will keep growing", "Omar Pell", "direct", "person", "Tideway Bank economist"))
    together = [ids for ids in speaker_blocks([chief, agency, stranger]).values() if len(ids) > 1]
    assert together == [[0, 1]]
    assert speaker_features(chief, agency)["affiliated"] == 1.0


def test_a_quoted_phrase_makes_a_candidate_pair_in_its_block():
    from quoteattr.link.blocking import quoted_pairs, speaker_blocks

    nodes = nodes_of(
        ("Cheap Rail", "Ana Ruiz"),  # a headline of one content word
        ("the fares would make the network 'cheap' for years", "Ana Ruiz", "indirect"),
        ("Tickets will stay cheap on every line", "Omar Pell"),  # another speaker: another block
        ("The network will stay open on Sundays", "Ana Ruiz"))  # the block, without the quoted word
    assert quoted_pairs(nodes, speaker_blocks(nodes), CONFIG) == {(0, 1)}


def test_time_proximity():
    a, b, c = nodes_of(("The dam holds", "Ana Ruiz"), ("The dam is holding", "Ana Ruiz"), ("The dam still holds", "Ana Ruiz"),
                       dates=["2021-03-01", "2021-03-02", "2021-04-20"])
    assert time_feature(a, b) > time_feature(a, c) > 0.0
    undated = nodes_of(("The dam holds", "Ana Ruiz"), ("The dam is holding", "Ana Ruiz"))
    assert time_feature(*undated) == 0.0


def test_containment_and_shared_numbers():
    idf = Idf()
    f = unit_features(analyse("a historic vote for the new constitution"),
                      analyse("Tonight was a historic vote for the new constitution and for 12 million voters"), 0.5, idf)
    assert f["contained"] == 1.0
    g = unit_features(analyse("12 million people voted"), analyse("turnout reached 12 million"), 0.5, idf)
    assert g["numbers"] == 1.0 and g["entities"] == 0.0


def test_model_is_monotone_in_agreement():
    m = default_model()
    base = dict.fromkeys(FEATURES, 0.0) | {"cosine": 0.5, "idf_small": 0.4, "idf_large": 0.3, "short": 0.1}
    p = m.probability(base)
    assert m.probability(base | {"cosine": 0.8}) > p
    assert m.probability(base | {"same_speaker": 1.0}) > p
    assert m.probability(base | {"other_speaker": 1.0}) <= p  # never for a link (unrelated speakers are blocked)
    assert 0.0 < p < 1.0
    # a link weaker than the clustering threshold could never join two claims on its own
    assert 0.0 < m.link_min <= CONFIG.cluster_min
    assert LinkModel({"cosine": 1.0}, 0.0).probability({"cosine": 0.0}) == pytest.approx(0.5)
    assert not math.isnan(LinkModel({"cosine": 1e6}, 0.0).probability({"cosine": 1.0}))


# -- vetoes -----------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, flips", [
    ("The pipeline talks have failed", "The pipeline talks have not failed", True),
    ("We will not sign the treaty", "We will sign the treaty", True),
    # the negated predicate is another word: ``seeking`` is asserted on both sides
    ("The council has not given up on seeking a new stadium", "The council is still seeking a new stadium", False),
    ("Officials did not say the bridge would close", "The bridge would close", False),
])
def test_negation_veto_needs_the_same_predicate_to_flip(a, b, flips):
    assert negation_flip(analyse(a), analyse(b)) is flips


@pytest.mark.parametrize("a, b, why", [
    ("Rents in the city rose 8 percent", "Rents in the city rose 18 percent", "numbers"),
    ("We will open new talks with Norway and others", "We will open new talks with Chile and others", "entities"),
    ("The mine will not reopen", "The mine will reopen", "negation"),
])
def test_hard_negatives_vetoed(a, b, why):
    assert veto(analyse(a), analyse(b)) == why


# -- the embedder and end-to-end paraphrase links -------------------------------------------------
@pytest.fixture(scope="module")
def embedder():
    from quoteattr.link.embed import load_embedder

    try:
        emb = load_embedder(required=True)
        emb.load()
    except Exception as exc:  # neither an exported ONNX model nor sentence-transformers
        pytest.skip(f"no embedder for the paraphrase tier: {exc}")
    return emb


def linked_pair(embedder, a, b):
    na, nb = nodes_of(a, b)
    node_vectors([na, nb], embedder)
    return score_pair(na, nb, CONFIG, None, link_context([na, nb]))


def test_reported_speech_links_to_its_quote(embedder):
    s = linked_pair(embedder,
                    ("We are raising the minimum wage for every care worker in the region from April", "Ilse Varga"),
                    ("the minimum wage of care workers in the region will rise in April", "Ilse Varga", "indirect"))
    assert s.type == "paraphrase" and s.score >= 0.5


@pytest.mark.parametrize("a, b", [
    # same speaker, same subject, a different statement (hard negatives)
    (("We are raising the minimum wage for every care worker in the region from April", "Ilse Varga"),
     ("Care homes in the region will get no new money this year", "Ilse Varga")),
    (("The new harbour tunnel opens to traffic on Friday", "Dana Whitfield"),
     ("The old harbour tunnel will be closed for two years of repairs", "Dana Whitfield")),
])
def test_same_speaker_other_statement_does_not_link(embedder, a, b):
    assert not linked_pair(embedder, a, b).linked


def test_a_report_keeping_the_quoted_words_links_to_the_quote(embedder):
    s = linked_pair(embedder,
                    ("The toll rise will cause some pain to families who drive to work every day", "Dana Whitfield"),
                    ("drivers face 'some pain' as the harbour toll goes up", "Dana Whitfield", "indirect"))
    assert s.type == "paraphrase"


def test_a_one_word_headline_links_only_as_the_phrase_the_report_quotes(embedder):
    headline = ("Darkest Hour", "Ana Ruiz")  # one content word: no statement on its own
    report = ("the closure marked the port's 'darkest hour' in a century", "Ana Ruiz", "indirect")
    other = ("The darkest winters are behind the port", "Ana Ruiz")  # no quote marks: no link
    assert linked_pair(embedder, headline, report).type == "paraphrase"
    assert not linked_pair(embedder, headline, other).linked


def test_an_agency_and_its_chief_link_across_entities(embedder):
    s = linked_pair(embedder,
                    ("Global oil demand will peak before the end of this decade", "Fatima Orr", "direct", "person",
                     "IEA executive director"),
                    ("global oil demand would peak before the decade is out", "the International Energy Agency",
                     "indirect", "organization"))
    assert s.type == "paraphrase"


def test_long_quote_parts_say_where_they_link(embedder):
    speech = ("The new harbour tunnel opens to traffic on Friday. Tolls for lorries will double next year, "
              "and the ferry service ends in June.")
    arts = [article("a1", [(speech, "Dana Whitfield")]),
            article("a2", [("lorry tolls in the harbour tunnel would double next year", "Dana Whitfield", "indirect")]),
            article("a3", [("the harbour tunnel opens to traffic on Friday", "Dana Whitfield", "indirect")])]
    linked = Corpus.from_results(arts).link(embedder=embedder)
    q = linked.results[0].quotes[0]
    parts = {linked.results[0].text[p.start:p.end]: p.claim_id for p in q.claim_parts}
    assert len(parts) == 2
    tolls = next(cid for text, cid in parts.items() if "Tolls" in text)
    opens = next(cid for text, cid in parts.items() if "opens" in text)
    assert tolls == linked.results[1].quotes[0].claim_id
    assert opens == linked.results[2].quotes[0].claim_id
    assert tolls != opens  # the two reports are different statements: no chaining through the speech


def test_onnx_int8_agrees_with_the_float_model(onnx_model):
    from quoteattr.link import onnx_embed

    pytest.importorskip("sentence_transformers", reason="the float reference needs sentence-transformers")
    got = onnx_embed.agreement()
    assert got["min_cosine_agreement"] >= 0.97
    assert got["pairwise_max_abs_diff"] <= 0.06


def test_dask_embedding_matches_local(onnx_model):
    from quoteattr.link import onnx_embed

    distributed = pytest.importorskip("distributed", reason="the Dask embedding needs dask.distributed")
    texts = ["The tunnel opens on Friday", "Fares stay frozen this year", "the TUNNEL opens on friday"]
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        remote = onnx_embed.DaskEmbedder(client, chunk=2).encode(texts)
    local = onnx_embed.OnnxEmbedder().encode(texts)
    assert remote.shape == (3, 384)
    assert abs(remote - local).max() < 1e-5
    assert abs(remote[0] - remote[2]).max() < 1e-6  # MiniLM folds case: one text, embedded once


def test_approximate_search_finds_the_exact_neighbours(monkeypatch):
    """Above the exact-search size the faiss HNSW index stands in for undated queries (which no
    time window bounds): it finds what exact search finds."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("faiss", reason="the approximate index needs faiss-cpu")
    from quoteattr.link import blocking

    rng = np.random.default_rng(7)
    centres = rng.normal(size=(60, 32))
    vecs = np.repeat(centres, 5, axis=0) + 0.05 * rng.normal(size=(300, 32))  # 60 families of 5
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    days = [None] * 300
    ids = list(range(300))
    exact = blocking.vector_pairs(vecs, days, ids, ids, CONFIG)
    monkeypatch.setattr(blocking, "EXACT_MAX", 10)
    approx = blocking.ann_pairs(vecs, days, ids, ids, CONFIG)
    close = {p for p, s in exact.items() if s > 0.9}
    assert close and len(close & set(approx)) >= 0.95 * len(close)
    assert all(abs(approx[p] - exact[p]) < 1e-4 for p in set(approx) & set(exact))


def test_dated_queries_are_searched_exactly_within_their_window(monkeypatch):
    """A dated query meets only the targets of its time window, however big the corpus: exact
    search over that window, with no index, at any corpus size."""
    np = pytest.importorskip("numpy")
    from quoteattr.link import blocking

    rng = np.random.default_rng(11)
    vecs = rng.normal(size=(400, 16))
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    days = [k // 4 for k in range(400)]  # 100 days, 4 a day
    ids = list(range(400))
    monkeypatch.setattr(blocking, "EXACT_MAX", 10)
    found = blocking.ann_pairs(vecs, days, ids, ids, CONFIG)
    assert found == blocking.vector_pairs(vecs, days, ids, ids, CONFIG)
    assert found and all(abs(days[a] - days[b]) <= CONFIG.window_days for a, b in found)
