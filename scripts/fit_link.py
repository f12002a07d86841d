#!/usr/bin/env python3
"""Fit the link score (src/quoteattr/link/link_weights.json) on a development set, with folds by story.

Every pair of claim nodes whose quotations both match gold quotations (the scorer's overlap50
matching) is labelled: linked when the gold puts them in one claim cluster, apart otherwise.
Its features are those of its best-matching pair of claim units (highest cosine plus IDF
overlap; :mod:`quoteattr.link.signals`).  A logistic regression (L2) is fitted on them.

Stories are the connected groups of articles that share a gold cluster.  The figure reported
is cross-validated: each story is linked with weights fitted without it (a pair across two
stories with weights fitted without both), the whole corpus is linked with those weights, and
the output is scored like ``quoteattr link`` output.  The weights written are fitted on all.

    python scripts/fit_link.py --texts ../shared/eval/newsdev \\
        --gold ../shared/eval/newsdev/newsdev.gold.jsonl --clusters ../shared/eval/newsdev/newsdev.clusters.json
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from quoteattr.evaluate import load_clusters, load_docs, match_spans, score, trim
from quoteattr.link.config import LinkConfig
from quoteattr.link.corpus import link_results, prepare_nodes
from quoteattr.link.embed import load_embedder
from quoteattr.link.graph import link_context, node_vectors
from quoteattr.link.signals import FEATURES, LinkModel, best_units

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "quoteattr" / "link" / "link_weights.json"


def labelled_pairs(nodes, results, gold_path, clusters_path):
    gold = load_docs(gold_path)
    clusters = load_clusters(clusters_path)
    cl_of: dict[str, set[str]] = {}
    for c in clusters:
        if not c.get("near_miss"):
            for m in c["members"]:
                cl_of.setdefault(m, set()).add(c["cluster"])
    by_doc = {r.doc_id: r for r in results}
    pred_gold: dict[str, str] = {}
    for doc_id, gd in gold.items():
        r = by_doc.get(doc_id)
        if r is None:
            continue
        gq = gd["quotes"]
        gspans = [trim(r.text, q["start"], q["end"]) for q in gq]
        pspans = [trim(r.text, q.start, q.end) for q in r.quotes]
        for gi, pi in match_spans(gspans, pspans, "overlap50"):
            pred_gold[f"{doc_id}#{pi}"] = gq[gi].get("id", f"{doc_id}:{gq[gi]['start']}")
    node_clusters = []
    for n in nodes:
        gids = [pred_gold[c.key] for c in n.claims if c.key in pred_gold]
        node_clusters.append((bool(gids), set().union(*(cl_of.get(g, set()) for g in gids)) if gids else set()))
    pairs = []
    for i, j in itertools.combinations(range(len(nodes)), 2):
        (mi, ci), (mj, cj) = node_clusters[i], node_clusters[j]
        if mi and mj:
            pairs.append((i, j, int(bool(ci & cj))))
    # stories: articles joined by a gold cluster
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for c in clusters:
        docs = sorted({m.split("#")[0] for m in c["members"]})
        for d in docs[1:]:
            parent[find(d)] = find(docs[0])
    story = {r.doc_id: find(r.doc_id) for r in results}
    return pairs, story


def pair_features(nodes, pairs, context):
    """Features of the best unit pair of each labelled pair, by cosine plus IDF overlap."""
    probe = LinkModel({"cosine": 1.0, "idf_small": 1.0}, 0.0)
    X = []
    for i, j, _ in pairs:
        a, b = nodes[i], nodes[j]
        _, _, _, f = best_units(a, b, context.idf, probe, a.vectors @ b.vectors.T)
        X.append([f[k] for k in FEATURES])
    return np.asarray(X)


# The direction each signal may push: agreement never counts against a link, and the conflict
# signals never for it.  A weight fitted against its direction (small, noisy development sets do
# that) is dropped and the rest refitted.
NEGATIVE = frozenset({"other_speaker", "short"})


def fit(X, y, c: float, link_min: float = 0.5):
    from sklearn.linear_model import LogisticRegression

    keep = list(range(len(FEATURES)))
    while True:
        lr = LogisticRegression(C=c, max_iter=2000)
        lr.fit(X[:, keep], y)
        coef = dict(zip((FEATURES[k] for k in keep), map(float, lr.coef_[0])))
        wrong = [f for f, w in coef.items() if (w < 0) != (f in NEGATIVE) and w != 0]
        if not wrong:
            break
        worst = max(wrong, key=lambda f: abs(coef[f]))
        keep = [k for k in keep if FEATURES[k] != worst]
    weights = {f: coef.get(f, 0.0) for f in FEATURES}
    return LinkModel(weights, float(lr.intercept_[0]), link_min)


class FoldModel(LinkModel):
    """Weights chosen by the stories of the two nodes: fitted without either of them."""

    def __init__(self, models, story):
        object.__setattr__(self, "models", models)
        object.__setattr__(self, "story", story)
        first = next(iter(models.values()))
        super().__init__(first.weights, first.bias, first.link_min)

    def probability(self, features, a=None, b=None):
        key = frozenset({self.story[a.rep.doc_id], self.story[b.rep.doc_id]})
        return self.models[key].probability(features)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", required=True, help="folder of DOC_ID.txt articles")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--clusters", required=True)
    ap.add_argument("--results", help="extraction JSONL with text (quoteattr extract --include-text); else extracted here")
    ap.add_argument("--c", type=float, default=3.0,
                    help="inverse L2 strength (3: the best of 0.1, 0.3, 1, 3, 10 on the same folds)")
    ap.add_argument("--link-min", type=float, default=0.35,
                    help="probability a paraphrase link needs (0.35: 0.3 to 0.4 give the same "
                         "cross-validated figure; at 0.5 one link fewer; links are votes in the clustering)")
    ap.add_argument("--cluster-min", type=float, default=LinkConfig().cluster_min,
                    help="mean link score clusters need to merge (LinkConfig.cluster_min)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--cv-out", help="write the cross-validated link output (JSONL) here")
    a = ap.parse_args()
    from quoteattr.io import read_results
    from quoteattr.link.corpus import Corpus

    if a.results:
        results = list(read_results(a.results))
    else:
        results = list(Corpus.from_paths(a.texts).results)
    config = LinkConfig(cluster_min=a.cluster_min)
    _, _, nodes = prepare_nodes(results, config)
    embedder = load_embedder(required=True)
    node_vectors(nodes, embedder)
    context = link_context(nodes)
    pairs, story = labelled_pairs(nodes, results, a.gold, a.clusters)
    X, y = pair_features(nodes, pairs, context), np.asarray([p[2] for p in pairs])
    pair_story = [frozenset({story[nodes[i].rep.doc_id], story[nodes[j].rep.doc_id]}) for i, j, _ in pairs]
    stories = sorted(set(story.values()))
    print(f"{len(pairs)} labelled pairs, {int(y.sum())} linked, {len(stories)} stories")
    models = {}
    for s1, s2 in itertools.combinations_with_replacement(stories, 2):
        held = {s1, s2}
        keep = np.asarray([not (ps & held) for ps in pair_story])
        models[frozenset(held)] = fit(X[keep], y[keep], a.c, a.link_min)
    cv = link_results(results, config=config, embedder=embedder, model=FoldModel(models, story))
    out = a.cv_out or "/dev/null"
    with open(out, "w", encoding="utf-8") as f:
        cv.to_jsonl(f)
    from quoteattr.io import result_to_dict

    scores = score(a.gold, [result_to_dict(r) for r in cv.results], text_dir=a.texts, clusters=a.clusters)
    cp = scores.claim_pairwise
    print(f"cross-validated by story: claim pairwise P/R/F1 = {cp.precision:.3f}/{cp.recall:.3f}/{cp.f1:.3f} "
          f"({cp}), near-miss linked: {scores.near_miss}")
    final = fit(X, y, a.c, a.link_min)
    data = {"weights": {k: round(v, 4) for k, v in final.weights.items()}, "bias": round(final.bias, 4),
            "link_min": a.link_min,
            "fitted_on": f"{len(pairs)} labelled pairs ({int(y.sum())} linked) in {len(stories)} stories",
            "cross_validated_claim_pairwise": str(scores.claim_pairwise),
            "cross_validated_f1": round(scores.claim_pairwise.f1, 4)}
    Path(a.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print("wrote", a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
