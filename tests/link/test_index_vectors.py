"""The claim index keeps each claim unit's vector in a compact form and reuses it: adding an
article embeds that article's units only, and links as linking the corpus at once does."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.link import ClaimIndex, Corpus
from quoteattr.link.packed import pack, unpack, unpack_many

from .helpers import article

np = pytest.importorskip("numpy")


def _unit(rng_seed: int, dim: int):
    v = np.random.default_rng(rng_seed).normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), other=st.integers(0, 2**32 - 1), dim=st.integers(2, 512))
def test_packed_vectors_keep_their_cosines(seed, other, dim):
    a, b = _unit(seed, dim), _unit(other, dim)
    pa, pb = pack(a), pack(b)
    assert len(pa) == 4 + dim  # a float32 scale and one byte a component
    ua, ub = unpack(pa), unpack(pb)
    assert ua.dtype == np.float32 and ua.shape == (dim,)
    assert abs(float(np.linalg.norm(ua)) - 1.0) < 1e-5
    assert float(ua @ a) > 0.999
    assert abs(float(ua @ ub) - float(a @ b)) < 0.01


def test_a_vector_with_one_large_component_and_the_zero_vector():
    spike = np.zeros(384, dtype=np.float32)
    spike[7] = 1.0
    assert float(unpack(pack(spike)) @ spike) == pytest.approx(1.0)
    assert not np.any(unpack(pack(np.zeros(16, dtype=np.float32))))


def test_packed_vectors_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="different lengths"):
        unpack_many([pack(_unit(1, 8)), pack(_unit(2, 9))])


class Counting:
    """An embedder that records every text it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.texts = inner, []
        self.model_name = inner.model_name

    @property
    def dim(self):
        return self.inner.dim

    def encode(self, texts, progress=False):
        self.texts.extend(texts)
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def embedder():
    from quoteattr.link.embed import load_embedder

    emb = load_embedder(None)
    if emb is None:
        pytest.skip("no embedder installed (sentence-transformers or the exported ONNX model)")
    return emb


def coverage():
    """A two-statement quotation, a paraphrase of its second statement by another outlet, a
    verbatim repeat of that statement, and unrelated quotations (sentences written for this test)."""
    return [
        article("herald-1", [("The new bridge will open to traffic in March. Tolls on the old crossing will be "
                              "abolished next year", "Jane Ortiz"),
                             ("We have had enough of the delays on the ring road", "Mark Bell")],
                date="2024-03-01", outlet="herald"),
        article("post-1", [("tolls on the old crossing would be scrapped next year", "Jane Ortiz", "indirect"),
                           ("The council will publish its budget on Friday", "Ann Lee")],
                date="2024-03-02", outlet="post"),
        article("times-1", [("Tolls on the old crossing will be abolished next year", "Ortiz"),
                            ("Our farmers need rain more than anything this spring", "Tom Reed")],
                date="2024-03-03", outlet="times"),
    ]


def _clusters(results):
    out: dict[str, set[str]] = {}
    for r in results:
        for i, q in enumerate(r.quotes):
            out.setdefault(q.claim_id, set()).add(f"{r.doc_id}#{i}")
    return {frozenset(v) for v in out.values()}


def test_each_unit_is_stored_packed_and_read_back(tmp_path, embedder):
    from quoteattr.link.graph import unit_text

    herald = coverage()[0]
    with ClaimIndex(tmp_path / "claims.db", embedder=embedder) as idx:
        idx.add(herald)
    db = sqlite3.connect(tmp_path / "claims.db")
    rows = db.execute('SELECT idx, k, start, "end", vector FROM units ORDER BY idx, k').fetchall()
    db.close()
    assert [(r[0], r[1]) for r in rows] == [(0, 0), (0, 1), (1, 0)]  # two statements, then one
    first = herald.quotes[0]
    assert rows[0][2] == first.start and rows[1][3] == first.end
    assert herald.text[rows[1][2]:rows[1][3]].startswith("Tolls on the old crossing")
    from quoteattr.link.claims import make_claim

    claim = make_claim("herald-1", 0, first, entity=None, known=False, order=0, metadata={})
    fresh = embedder.encode([unit_text(u) for u in claim.units])
    stored = unpack_many([r[4] for r in rows[:2]])
    assert len(rows[0][4]) == 4 + fresh.shape[1]
    assert np.all((stored * fresh).sum(axis=1) > 0.999)


def test_adding_to_a_stored_index_embeds_only_the_new_article(tmp_path, embedder):
    first, *later = coverage()
    with ClaimIndex(tmp_path / "claims.db", embedder=embedder) as idx:
        idx.add(first)
    counting = Counting(embedder)
    with ClaimIndex(tmp_path / "claims.db", embedder=counting) as idx:
        post = idx.add(later[0])
        herald = idx.get("herald-1")
    assert counting.texts and not any("bridge" in t.lower() or "ring road" in t.lower() for t in counting.texts)
    assert {t.lower() for t in counting.texts} == {
        "tolls on the old crossing would be scrapped next year", "the council will publish its budget on friday"}
    # the paraphrase of the stored quotation's second statement links to it, through that unit
    assert post.quotes[0].claim_id == herald.quotes[0].claim_id


def test_incremental_adds_link_as_the_corpus_linked_at_once(tmp_path, embedder):
    batch = Corpus.from_results(coverage()).link(embedder=embedder)
    with ClaimIndex(tmp_path / "claims.db", embedder=embedder) as idx:
        added = [idx.add(r) for r in coverage()]
    assert _clusters(added) == _clusters(batch.results)
    assert {"herald-1#0", "post-1#0", "times-1#0"} in _clusters(added)  # a paraphrase among them
    # the two-statement quotation says which of its parts the others reported
    assert added[0].quotes[0].claim_parts == batch.results[0].quotes[0].claim_parts


def test_an_index_of_schema_1_is_upgraded_and_its_quotations_embedded_when_read(tmp_path, embedder):
    path = tmp_path / "claims.db"
    first, *later = coverage()
    with ClaimIndex(path, embedder=embedder) as idx:
        idx.add(first)
    db = sqlite3.connect(path)  # what schema 1 was: no units table
    db.executescript("DROP TABLE units; PRAGMA user_version = 1;")
    db.close()
    counting = Counting(embedder)
    with ClaimIndex(path, embedder=counting) as idx:
        post = idx.add(later[0])
        assert post.quotes[0].claim_id == idx.get("herald-1").quotes[0].claim_id
    assert any("bridge" in t.lower() for t in counting.texts)  # the stored quotation, embedded for this add
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM units WHERE doc_id = 'post-1'").fetchone()[0] == 2
    # and kept: the next add reads its units instead of embedding it again
    assert db.execute("SELECT COUNT(*) FROM units WHERE doc_id = 'herald-1' AND vector IS NOT NULL").fetchone()[0] >= 2
    db.close()
    again = Counting(embedder)
    with ClaimIndex(path, embedder=again) as idx:
        idx.add(later[1])
    assert not any("bridge" in t.lower() for t in again.texts)


def test_a_schema_1_whole_text_vector_finds_its_quotation_until_units_are_stored(tmp_path, embedder):
    from quoteattr.link.claims import build_nodes, make_claim

    path = tmp_path / "claims.db"
    first = coverage()[0]
    with ClaimIndex(path, embedder=embedder) as idx:
        idx.add(first)
    whole = embedder.encode([first.quotes[1].text])[0].astype(np.float16).tobytes()
    db = sqlite3.connect(path)  # schema 1: no units, one float16 vector of the whole text
    db.execute("DELETE FROM units")
    db.execute("UPDATE quotes SET embedding = ? WHERE doc_id = 'herald-1' AND idx = 1", (whole,))
    db.commit()
    db.close()
    probe = article("probe-1", [("We have had enough of the delays on the ring road", "Mark Bell")], date="2024-03-02")
    with ClaimIndex(path, embedder=embedder) as idx:
        node = build_nodes([make_claim("probe-1", 0, probe.quotes[0], entity=None, known=False, order=0,
                                        metadata=probe.metadata)], idx.config)[0]
        vecs = embedder.encode([node.rep.text])
        assert ("herald-1", 1) in idx._block_hits(node, vecs, None)


class Hashing:
    """A stand-in model: each text's vector comes from its hash, and each text run is counted."""

    def __init__(self, limit):
        from quoteattr.link.embed import CachedEmbedder

        class _Model(CachedEmbedder):
            dim = 8
            cache_limit = limit

            def __init__(self):
                self._cache, self.runs = {}, 0

            def _vectors(self, todo):
                self.runs += len(todo)
                if todo:
                    yield todo, np.stack([_unit(sum(map(ord, t)), 8) for t in todo])

        self.model = _Model()


def test_the_cache_keeps_small_calls_and_not_a_corpus_sized_one():
    model = Hashing(limit=4).model
    first = model.encode(["one", "two", "one"])
    assert model.runs == 2 and len(model._cache) == 2  # each distinct text run once, and kept
    again = model.encode(["two", "one"])
    assert model.runs == 2 and np.array_equal(again, first[[1, 0]])  # from the cache
    big = model.encode(["a", "b", "c", "d", "one"])
    assert model.runs == 6  # the four new texts: 2 + 4 would pass the limit of 4, none is kept
    assert len(model._cache) == 2 and np.array_equal(big[4], first[0])
    assert np.array_equal(model.encode(["c"])[0], big[2])  # computed again, the same vector
    assert model.runs == 7 and len(model._cache) == 3


class PlainEncode:
    """An embedder of the simplest kind: ``encode(texts)`` and nothing else, float32 rows."""

    dim = 8
    model_name = "plain"

    def encode(self, texts):
        return np.stack([_unit(sum(map(ord, t)), 8) for t in texts])


@pytest.mark.parametrize("make", [lambda: Hashing(limit=100).model, PlainEncode], ids=["cached", "plain"])
def test_unit_vectors_are_held_in_half_precision_and_compared_in_float32(make):
    from quoteattr.link.config import LinkConfig
    from quoteattr.link.corpus import prepare_nodes
    from quoteattr.link.graph import node_vectors
    from quoteattr.link.packed import cosines

    results = coverage()
    _, _, nodes = prepare_nodes(results, LinkConfig())
    embedder = make()
    vectors = node_vectors(nodes, embedder)
    assert vectors.matrix.dtype == np.float16  # written so by the cached embedder, converted otherwise
    full = np.stack([_unit(sum(map(ord, t)), 8) for t in embedder_texts(nodes)])
    got = cosines(vectors.matrix, vectors.matrix)
    assert got.dtype == np.float32
    assert np.abs(got - full @ full.T).max() < 2e-3


def embedder_texts(nodes):
    from quoteattr.link.graph import unit_text

    return [unit_text(u) for n in nodes for u in n.units]
