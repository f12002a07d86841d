"""quoteattr.evaluate reproduces ../shared/eval/score.py: hand-computed figures, then the script itself."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from quoteattr.errors import InputError
from quoteattr.evaluate import format_table, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "score.py"
needs_shared_eval = pytest.mark.skipif(
    not (SHARED / "eval").is_dir(),
    reason=f"needs the official scorer and evaluation sets in {SHARED / 'eval'}; absent in a plain clone",
)


# --------------------------------------------------------------------------------------------
# A tiny hand-built evaluation whose figures were worked out by hand

D1 = (
    'Mr. Smith said "We will win." Alan Jones, the Labour leader, said taxes would fall sharply '
    'next year. A spokesman said the plan was dead and buried. "Stay home," the police urged. '
    "The weather was fine."
)
D2 = (
    'The Post reported that the mayor would resign. He said "I am done." Critics argued the move '
    'was overdue. "Nobody asked," it was noted.'
)
D3 = 'John Smith told reporters: "We will win."\n'


def _at(text: str, piece: str) -> dict:
    start = text.index(piece)
    return {"start": start, "end": start + len(piece)}


def tiny_gold() -> list[dict]:
    """Seed-style d1 and d3 (d3's text lives in a file), PolNeAR-style d2, empty d4."""
    d1 = [
        # found exactly once trimmed of its quote marks; surname right, canonical name wrong
        {"id": "d1#0", **_at(D1, '"We will win."'), "kind": "direct", "speaker": "John Smith",
         "mention": "Smith", "role": "Senator"},
        # found with an overlap of 16/24 only; ambiguous, so out of speaker_acc
        {"id": "d1#1", **_at(D1, "taxes would fall"), "kind": "indirect", "speaker": "Alan Jones",
         "mention": "Alan Jones", "role": "Labour leader", "ambiguous": True},
        # touched by a prediction (6/28), so matched at level "any" only
        {"id": "d1#2", **_at(D1, "the plan was dead and buried"), "kind": "indirect",
         "speaker": None, "mention": "A spokesman", "role": None, "anonymous": True},
        # missed
        {"id": "d1#3", **_at(D1, '"Stay home,"'), "kind": "direct", "speaker": "police",
         "mention": "the police", "role": None},
    ]

    def polnear(piece: str, kind: str, speaker: str | None) -> dict:
        quote = {**_at(D2, piece), "kind": kind, "speaker": speaker, "no_source": speaker is None,
                 "speaker_start": None, "speaker_end": None}
        if speaker:
            quote["speaker_start"] = D2.index(speaker)
            quote["speaker_end"] = quote["speaker_start"] + len(speaker)
        return quote

    d2 = [
        polnear("the mayor would resign", "indirect", "The Post"),
        polnear('"I am done."', "direct", "He"),
        polnear("the move was overdue", "indirect", "Critics"),
        polnear('"Nobody asked,"', "direct", None),
    ]
    d3 = [{"id": "d3#0", **_at(D3, "We will win"), "kind": "direct", "speaker": "John Smith",
           "mention": "John Smith", "role": None}]
    return [
        {"doc_id": "d1", "text": D1, "quotes": d1},
        {"doc_id": "d2", "text": D2, "quotes": d2},
        {"doc_id": "d3", "file": "d3.txt", "quotes": d3},
        {"doc_id": "d4", "text": "", "quotes": []},
    ]


def _speaker(name=None, mention=None, role=None, entity_id=None, start=None, end=None) -> dict:
    return {"name": name, "mention": mention, "start": start, "end": end, "role": role,
            "entity_id": entity_id}


def tiny_pred() -> list[dict]:
    critics = D2.index("Critics")
    d1 = [
        {**_at(D1, "We will win"), "kind": "direct", "claim_id": "c1",
         "speaker": _speaker("Smith", "Smith", "senator", "e1")},
        {**_at(D1, "taxes would fall sharply"), "kind": "indirect", "claim_id": "c1",
         "speaker": _speaker("Smith", "Jones", "party chief", "e1")},  # Jones wrongly merged with Smith
        {**_at(D1, "buried"), "kind": "indirect", "speaker": None},
        {**_at(D1, "The weather was fine"), "kind": "indirect", "speaker": None},  # spurious
    ]
    d2 = [
        # a seed-style name for a PolNeAR mention: "The Post" reads as the mention
        {**_at(D2, "the mayor would resign"), "kind": "indirect",
         "speaker": _speaker("The New York Post", "The Post")},
        # a bare pronoun never names a speaker
        {**_at(D2, '"I am done."'), "kind": "direct", "speaker": _speaker("He", "He")},
        # offsets overlapping the gold mention are enough
        {**_at(D2, "the move was overdue"), "kind": "indirect",
         "speaker": _speaker(None, "Critics", start=critics, end=critics + 7)},
        # no source in gold, none predicted
        {**_at(D2, '"Nobody asked,"'), "kind": "direct", "speaker": None},
    ]
    d3 = [{**_at(D3, '"We will win."'), "kind": "direct", "claim_id": "c1",
           "speaker": _speaker("John Smith", "John Smith", None, "e1")}]
    return [
        {"doc_id": "d1", "quotes": d1},
        {"doc_id": "d2", "quotes": d2},
        {"doc_id": "d3", "quotes": d3},
        {"doc_id": "not-in-gold", "quotes": [{"start": 0, "end": 5, "kind": "direct"}]},
    ]


TINY_CLUSTERS = [
    {"cluster": "win", "members": ["d1#0", "d3#0", "d1#3"]},
    {"cluster": "near", "members": ["d1#0", "d1#1", "d1#2"], "near_miss": True},
]

# gold 9 quotes, pred 9 (the document missing from gold is ignored)
TINY_EXPECTED = {
    "docs": 4,
    "docs_missing": 1,
    "exact": {"p": 0.6667, "r": 0.6667, "f1": 0.6667},  # 6 of 9: d1#0, all of d2, d3#0
    "overlap50": {"p": 0.7778, "r": 0.7778, "f1": 0.7778},  # 7: + d1#1
    "any": {"p": 0.8889, "r": 0.8889, "f1": 0.8889},  # 8: + d1#2
    "recall_direct": 0.8,  # d1#0, d2 x2, d3#0 of 5 (d1#3 missed)
    "recall_other": 0.75,  # d1#1, d2 x2 of 4 (d1#2 not at overlap50)
    "speaker_acc": 0.8333,  # 5 of 6 (d1#1 ambiguous): only d2's "He" is wrong
    "canonical_acc": 0.3333,  # d3#0 of d1#0 ("Smith"), d1#1 ("Smith"), d3#0
    "role_acc": 0.5,  # "senator" yes, "party chief" for "Labour leader" no
    # mentions (john smith, e1), (alan jones, e1), (john smith, e1): tp 1, fp 2, fn 0
    "speaker_entity_pairwise": {"p": 0.3333, "r": 1.0, "f1": 0.5},
    # gold pairs 3, of which (d1#0, d3#0) is both found and linked
    "claim_pairwise": {"p": 1.0, "r": 0.3333, "f1": 0.5},
    # near-miss pairs 3; only (d1#0, d1#1) has both quotes found, and it is linked
    "near_miss_linked": 1.0,
}

TINY_TABLE = """\
level           P      R     F1   (gold 9, pred 9)
exact       0.667  0.667  0.667
overlap50   0.778  0.778  0.778
any         0.889  0.889  0.889
recall(direct, overlap50) = 0.8  of 5
recall(other, overlap50) = 0.75  of 4
speaker_acc = 0.8333  over 6 matched quotes
canonical_acc = 0.3333  over 3 matched quotes
role_acc = 0.5  over 2 matched quotes
speaker entity linking pairwise P/R/F1 = 0.333/1.000/0.500
claim linking pairwise P/R/F1 = 1.000/0.333/0.500 (gold pairs 3)
near-miss pairs wrongly linked = 1 of 1 matched (3 in gold)"""


@pytest.fixture
def text_dir(tmp_path: Path) -> Path:
    (tmp_path / "d3.txt").write_text(D3, encoding="utf-8")
    return tmp_path


def test_tiny_figures_by_hand(text_dir):
    scores = score(tiny_gold(), tiny_pred(), text_dir=text_dir, clusters=TINY_CLUSTERS)
    assert scores.to_dict() == TINY_EXPECTED
    assert list(scores.to_dict()) == list(TINY_EXPECTED)  # the scorer's key order
    assert format_table(scores) == TINY_TABLE


def test_tiny_figures_from_jsonl_files(tmp_path, text_dir):
    gold_path, pred_path, clusters_path = tmp_path / "g.jsonl", tmp_path / "p.jsonl", tmp_path / "c.json"
    gold_path.write_text("".join(json.dumps(d) + "\n\n" for d in tiny_gold()), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(d) + "\n" for d in tiny_pred()), encoding="utf-8")
    clusters_path.write_text(json.dumps(TINY_CLUSTERS), encoding="utf-8")
    scores = score(str(gold_path), pred_path, text_dir=str(text_dir), clusters=clusters_path)
    assert scores.to_dict() == TINY_EXPECTED


def test_optional_figures_absent_without_entities_or_clusters(text_dir):
    pred = tiny_pred()
    for doc in pred:
        for quote in doc["quotes"]:
            if quote.get("speaker"):
                quote["speaker"]["entity_id"] = None
    figures = score(tiny_gold(), pred, text_dir=text_dir).to_dict()
    assert "speaker_entity_pairwise" not in figures
    assert "claim_pairwise" not in figures and "near_miss_linked" not in figures
    assert figures["exact"] == TINY_EXPECTED["exact"]


def test_untrimmed_spans_without_text(text_dir):
    """Without text for d3, its quote marks count: the exact match there is lost, as in score.py."""
    gold = [d for d in tiny_gold() if d["doc_id"] == "d3"]
    assert score(gold, tiny_pred(), text_dir=text_dir).to_dict()["exact"]["r"] == 1.0
    assert score(gold, tiny_pred()).to_dict()["exact"]["r"] == 0.0


def test_missing_text_file_names_file_and_option(tmp_path):
    with pytest.raises(InputError, match=r"d3\.txt.*--text-dir"):
        score(tiny_gold(), tiny_pred(), text_dir=tmp_path)


def test_inputs_are_not_mutated(text_dir):
    gold, pred = tiny_gold(), tiny_pred()
    score(gold, pred, text_dir=text_dir, clusters=TINY_CLUSTERS)
    assert gold == tiny_gold() and pred == tiny_pred()


# --------------------------------------------------------------------------------------------
# Against the official scorer on the seed gold and PolNeAR dev


def _run_scorer(gold: Path, pred: Path, *extra: str) -> tuple[str, dict]:
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), *extra],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return proc.stdout, json.loads(proc.stdout.strip().splitlines()[-1])


def _write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line))
                if limit is not None and len(docs) == limit:
                    break
    return docs


@pytest.mark.shared
@needs_shared_eval
def test_tiny_hand_figures_agree_with_score_py(tmp_path, text_dir):
    gold_path = _write_jsonl(tmp_path / "gold.jsonl", tiny_gold())
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", tiny_pred())
    clusters_path = tmp_path / "clusters.json"
    clusters_path.write_text(json.dumps(TINY_CLUSTERS), encoding="utf-8")
    stdout, figures = _run_scorer(
        gold_path, pred_path, "--clusters", str(clusters_path), "--text-dir", str(text_dir)
    )
    assert figures == TINY_EXPECTED
    assert stdout == TINY_TABLE + "\n" + json.dumps(TINY_EXPECTED) + "\n"


def _perturb_seed(gold: list[dict], claim_of: dict[str, str], rng: random.Random) -> list[dict]:
    """A plausible, imperfect prediction from the seed gold."""
    docs = []
    for doc in gold:
        quotes = []
        for quote in doc["quotes"]:
            roll = rng.random()
            if roll < 0.12:
                continue  # dropped
            start, end = quote["start"], quote["end"]
            if roll < 0.3:
                start, end = max(0, start + rng.randint(-4, 4)), end + rng.randint(-4, 4)
            elif roll < 0.38:
                end = start + max(1, (end - start) // 3)  # overlaps too little
            name = quote.get("speaker")
            if rng.random() < 0.1:
                name = rng.choice(["Putin", "Mr Kerry", "UN", "the ministry", "he", "Lavrov"])
            speaker = None
            if rng.random() > 0.15:  # sometimes blanked
                speaker = {
                    "name": name if rng.random() > 0.1 else None,
                    "mention": quote.get("mention"),
                    "start": quote.get("mention_start"),
                    "end": quote.get("mention_end"),
                    "role": quote.get("role") if rng.random() > 0.2 else rng.choice([None, "official"]),
                    "entity_id": None if rng.random() < 0.1 else
                    f"E{(name or 'anon').lower()[:4]}{rng.choice(['', '', '', '2'])}",
                }
            claim = claim_of.get(quote["id"])
            if claim is None or rng.random() < 0.3:
                claim = rng.choice([None, "claim-x", "claim-x", f"c-{quote['id']}"])
            quotes.append({"start": start, "end": end, "kind": quote["kind"], "speaker": speaker,
                           "claim_id": claim})
        quotes.append({"start": 5, "end": 40, "kind": "indirect", "speaker": None})  # spurious
        rng.shuffle(quotes)
        docs.append({"doc_id": doc["doc_id"], "quotes": quotes})
    return docs[1:] if len(docs) > 2 else docs  # one document missing


@pytest.mark.shared
@needs_shared_eval
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_figures_as_score_py_on_seeds(tmp_path, seed):
    gold_path = SHARED / "eval" / "seeds.gold.jsonl"
    clusters_path = SHARED / "eval" / "seeds.clusters.json"
    text_dir = SHARED / "seeds"
    clusters = json.loads(clusters_path.read_text(encoding="utf-8"))
    claim_of = {member: c["cluster"] for c in clusters for member in c["members"]}
    gold = _read_jsonl(gold_path)
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", _perturb_seed(gold, claim_of, random.Random(seed)))

    stdout, expected = _run_scorer(
        gold_path, pred_path, "--clusters", str(clusters_path), "--text-dir", str(text_dir)
    )
    scores = score(gold_path, pred_path, text_dir=text_dir, clusters=clusters_path)
    assert scores.to_dict() == expected
    assert stdout == format_table(scores) + "\n" + json.dumps(expected) + "\n"
    assert "claim_pairwise" in expected and "speaker_entity_pairwise" in expected

    # the seed clusters have no near misses: add some, built across real clusters
    ids = sorted(claim_of)
    near = [{"cluster": f"near-{i}", "members": ids[i::9], "near_miss": True} for i in range(3)]
    near_path = tmp_path / "clusters.json"
    near_path.write_text(json.dumps(clusters + near), encoding="utf-8")
    stdout, expected = _run_scorer(
        gold_path, pred_path, "--clusters", str(near_path), "--text-dir", str(text_dir)
    )
    scores = score(gold_path, pred_path, text_dir=text_dir, clusters=clusters + near)
    assert "near_miss_linked" in expected
    assert scores.to_dict() == expected
    assert stdout == format_table(scores) + "\n" + json.dumps(expected) + "\n"


def _perturb_polnear(gold: list[dict], rng: random.Random) -> list[dict]:
    """A prediction from PolNeAR gold: speakers by offsets, by name only, by pronoun, or none."""
    docs = []
    for doc in gold:
        text = doc["text"]
        quotes = []
        for quote in doc["quotes"]:
            roll = rng.random()
            if roll < 0.1:
                continue
            start, end = quote["start"], quote["end"]
            if roll < 0.3:
                start, end = max(0, start + rng.randint(-6, 6)), end + rng.randint(-6, 6)
            s_start, s_end = quote.get("speaker_start"), quote.get("speaker_end")
            mention = text[s_start:s_end] if s_start is not None else None
            how = rng.random()
            if how < 0.15 or (mention is None and how < 0.7):
                speaker = None
            elif how < 0.45:
                speaker = {"name": quote.get("speaker"), "mention": mention, "start": s_start, "end": s_end}
            elif how < 0.7:
                speaker = {"name": "The " + (mention or "Someone"), "mention": mention}
            elif how < 0.85:
                speaker = {"name": "she", "mention": "she"}
            else:
                speaker = {"name": None, "mention": mention, "start": 0, "end": 3, "role": "spokesman"}
            quotes.append({"start": start, "end": end, "kind": quote.get("kind"), "speaker": speaker})
        if text:  # spurious
            middle = len(text) // 2
            quotes.append({"start": middle, "end": middle + 20, "kind": "direct", "speaker": None})
        docs.append({"doc_id": doc["doc_id"], "quotes": quotes})
    return docs[:-1]  # one document missing


@pytest.mark.shared
@needs_shared_eval
def test_same_figures_as_score_py_on_polnear_dev(tmp_path):
    gold = _read_jsonl(SHARED / "eval" / "polnear" / "dev.jsonl", limit=10)
    gold_path = _write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", _perturb_polnear(gold, random.Random(7)))

    stdout, expected = _run_scorer(gold_path, pred_path)
    scores = score(gold, pred_path)
    assert scores.to_dict() == expected
    assert stdout == format_table(scores) + "\n" + json.dumps(expected) + "\n"
    assert expected["docs_missing"] == 1 and expected["speaker_acc"] is not None


def test_joined_parts_score_a_split_quotation_as_one_span():
    """Against gold that gives a split quotation as one span (PolNeAR), each unjoined part is
    a prediction of its own and only the longer one matches; joined, the utterance matches."""
    import quoteattr

    text = '"We were never told," the nurse said, "about any of the risks the new ward would bring to patients."'
    r = quoteattr.Pipeline("rules").extract(text, doc_id="d")
    assert [q.part for q in r.quotes] == [1, 2]
    whole = {"start": 1, "end": len(text) - 1, "kind": "direct", "speaker_start": None, "no_source": True}
    gold = [{"doc_id": "d", "text": text, "quotes": [whole]}]
    plain = score(gold, [r.to_dict()])
    joined = score(gold, [r.to_dict()], joined_parts=True)
    assert (plain.overlap50.tp, plain.overlap50.n_pred) == (1, 2)
    assert (joined.overlap50.tp, joined.overlap50.n_pred) == (1, 1)
    assert joined.overlap50.f1 == 1.0 > plain.overlap50.f1


@pytest.mark.parametrize("pred, gold, ok", [
    ("Maria Lopez", "Maria Lopez", True),
    ("Lopez", "Maria Lopez", True),  # the surname
    ("Maria", "Maria Lopez Garcia", True),  # a shorter form led by the first name
    ("Maria Garcia", "Maria Lopez Garcia", True),
    ("Lopez", "Maria Lopez Garcia", False),  # a middle name alone
    ("Carlos Lopez", "Maria Lopez", False),
    ("WFP", "World Food Programme", True),  # an acronym
])
def test_speaker_names_are_judged_as_score_py_judges_them(pred, gold, ok):
    from quoteattr.evaluate import name_ok

    assert name_ok(pred, gold) is ok


@pytest.mark.shared
@needs_shared_eval
def test_same_figures_as_score_py_on_newsdev_extraction(tmp_path):
    """The rules engine's own output on newsdev: speakers by canonical name, roles, anonymous
    descriptions, as the scorer judges them."""
    import quoteattr

    newsdev = SHARED / "eval" / "newsdev"
    gold_path = newsdev / "newsdev.gold.jsonl"
    pipeline = quoteattr.Pipeline("rules")
    docs = [pipeline.extract(p.read_text(encoding="utf-8"), doc_id=p.stem).to_dict()
            for p in sorted(newsdev.glob("*.txt"))]
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", docs)
    stdout, expected = _run_scorer(gold_path, pred_path, "--text-dir", str(newsdev))
    scores = score(gold_path, pred_path, text_dir=newsdev)
    assert scores.to_dict() == expected
    assert expected["speaker_acc"] > 0.9 and expected["role_acc"] is not None
