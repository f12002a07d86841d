"""Score extraction output against gold annotations, exactly as the project's official scorer does.

This module is a library port of ``../shared/eval/score.py``.  There is one scorer and one set of
figures: ``quoteattr eval`` and anyone running the script by hand must see the same numbers, so
every rule here -- span trimming, greedy one-to-one matching, name normalisation with the same
ACRONYMS/STOP/TITLES tables, RapidFuzz ``token_sort_ratio`` thresholds, pair counting and
rounding -- follows the script line for line.  Change neither without the other; the
``shared``-marked tests compare the two on real data.

Gold is one JSON object per document, ``{"doc_id", "quotes": [{"start", "end", "kind", ...}]}``,
with either seed-style speakers (``speaker`` canonical name, ``mention``, ``role``,
``ambiguous``, ``anonymous``) or PolNeAR-style speakers (``speaker_start``, ``speaker_end``,
``no_source``); quoteattr's own output (a hand-corrected ``quoteattr extract`` file) is gold
too, read as seed-style (:func:`gold_from_output`).  Predictions are one object per document, ``{"doc_id", "quotes": [{"start",
"end", "kind", "speaker": {"name", "mention", "start", "end", "role", "entity_id"} | null,
"claim_id"?}]}`` -- the JSON output contract of :mod:`quoteattr.io`.

>>> scores = score("gold.jsonl", "pred.jsonl", text_dir="articles/")  # doctest: +SKIP
>>> print(format_table(scores))                                       # doctest: +SKIP
>>> scores.to_dict()["overlap50"]                                     # doctest: +SKIP
{'p': 0.8, 'r': 0.75, 'f1': 0.7742}
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs
from rapidfuzz import fuzz

from quoteattr.errors import InputError
from quoteattr.text.spans import jaccard

__all__ = ["Ratio", "PRF", "NearMiss", "Scores", "score", "format_table", "join_parts"]

# Matching levels, in the order the scorer reports them.
LEVELS: tuple[str, ...] = ("exact", "overlap50", "any")

# Characters stripped from both ends of every quote span before comparing spans, so that
# whether a quotation includes its quote marks or final punctuation does not matter.
TRIM = set(" \t\r\n\"'“”‘’«»„,.;:!?—–-()[]\\")
# Words dropped from names before comparing them.
TITLES = {"mr", "mrs", "ms", "dr", "sir", "the", "president", "minister"}
# Acronyms expanded before comparing names.
ACRONYMS = {
    "un": "united nations",
    "us": "united states",
    "u s": "united states",
    "uk": "united kingdom",
    "eu": "european union",
    "nato": "north atlantic treaty organization",
}
# Function words ignored when counting a name's content words or its initials.
STOP = {"the", "a", "an", "of", "with", "one", "to", "in", "for", "and", "on", "'s", "s"}
# A bare pronoun never counts as naming a speaker.
PRONOUNS = {"he", "she", "it", "they", "we", "i"}

Span = tuple[int, int]


# --------------------------------------------------------------------------------------------
# Result records


@attrs.frozen
class Ratio:
    """``correct`` out of ``total``; :attr:`value` is ``None`` when there is nothing to count."""

    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def rounded(self) -> float | None:
        """The value rounded to four places, as in the scorer's JSON line."""
        return None if self.value is None else round(self.value, 4)


@attrs.frozen
class PRF:
    """Precision, recall and F1 from ``tp`` true positives over ``n_pred`` and ``n_gold`` items."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        """``{"p", "r", "f1"}`` rounded to four places, as in the scorer's JSON line."""
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4)}


@attrs.frozen
class NearMiss:
    """Gold near-miss pairs (similar but distinct claims) that the prediction wrongly linked.

    ``wrongly_linked`` out of ``matched`` pairs whose two quotes were both found; ``in_gold`` is
    the number of near-miss pairs in the gold clusters.
    """

    wrongly_linked: int
    matched: int
    in_gold: int

    @property
    def value(self) -> float | None:
        return self.wrongly_linked / self.matched if self.matched else None


@attrs.frozen
class Scores:
    """All figures of one evaluation run; :meth:`to_dict` is the scorer's final JSON line.

    Optional figures are ``None`` where the scorer leaves their key out: a recall by kind when
    gold has no quote of that kind, the speaker entity figures when no prediction carries an
    ``entity_id`` for a seed-style gold quote, and the claim figures without a clusters file.
    """

    docs: int
    docs_missing: int
    exact: PRF
    overlap50: PRF
    any_overlap: PRF
    recall_direct: Ratio | None
    recall_other: Ratio | None
    speaker_acc: Ratio
    canonical_acc: Ratio
    role_acc: Ratio
    speaker_entity_pairwise: PRF | None = None
    claim_pairwise: PRF | None = None
    near_miss: NearMiss | None = None

    def level(self, name: str) -> PRF:
        """The span figures for one matching level: ``"exact"``, ``"overlap50"`` or ``"any"``."""
        return {"exact": self.exact, "overlap50": self.overlap50, "any": self.any_overlap}[name]

    def to_dict(self) -> dict[str, Any]:
        """The figures as the JSON dict score.py prints last: same keys, order and rounding."""
        out: dict[str, Any] = {"docs": self.docs, "docs_missing": self.docs_missing}
        for name in LEVELS:
            out[name] = self.level(name).to_dict()
        for kind, ratio in (("direct", self.recall_direct), ("other", self.recall_other)):
            if ratio is not None:
                out[f"recall_{kind}"] = ratio.rounded()
        out["speaker_acc"] = self.speaker_acc.rounded()
        out["canonical_acc"] = self.canonical_acc.rounded()
        out["role_acc"] = self.role_acc.rounded()
        if self.speaker_entity_pairwise is not None:
            out["speaker_entity_pairwise"] = self.speaker_entity_pairwise.to_dict()
        if self.claim_pairwise is not None:
            out["claim_pairwise"] = self.claim_pairwise.to_dict()
        if self.near_miss is not None:
            value = self.near_miss.value
            out["near_miss_linked"] = None if value is None else round(value, 4)
        return out


def format_table(scores: Scores) -> str:
    """The human-readable table score.py prints before its JSON line, one figure per line."""
    exact = scores.exact
    lines = [f"{'level':10} {'P':>6} {'R':>6} {'F1':>6}   (gold {exact.n_gold}, pred {exact.n_pred})"]
    for name in LEVELS:
        prf = scores.level(name)
        lines.append(f"{name:10} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f}")
    for kind, ratio in (("direct", scores.recall_direct), ("other", scores.recall_other)):
        if ratio is not None:
            lines.append(f"recall({kind}, overlap50) = {ratio.rounded()}  of {ratio.total}")
    for name in ("speaker_acc", "canonical_acc", "role_acc"):
        ratio = getattr(scores, name)
        lines.append(f"{name} = {ratio.rounded()}  over {ratio.total} matched quotes")
    if (ent := scores.speaker_entity_pairwise) is not None:
        lines.append(
            f"speaker entity linking pairwise P/R/F1 = {ent.precision:.3f}/{ent.recall:.3f}/{ent.f1:.3f}"
        )
    if (claims := scores.claim_pairwise) is not None:
        lines.append(
            f"claim linking pairwise P/R/F1 = {claims.precision:.3f}/{claims.recall:.3f}/{claims.f1:.3f}"
            f" (gold pairs {claims.n_gold})"
        )
    if (near := scores.near_miss) is not None:
        lines.append(
            f"near-miss pairs wrongly linked = {near.wrongly_linked} of {near.matched} matched"
            f" ({near.in_gold} in gold)"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Spans


def trim(text: str, start: int, end: int) -> Span:
    """``(start, end)`` narrowed past quote marks, punctuation and whitespace at either end."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _level_accepts(level: str, gold: Span, pred: Span, overlap: float) -> bool:
    if level == "exact":
        return gold == pred
    if level == "overlap50":
        return overlap >= 0.5
    if level == "any":
        return overlap > 0
    raise ValueError(f"unknown matching level {level!r}; expected one of {', '.join(LEVELS)}")


def match_spans(gold: list[Span], pred: list[Span], level: str) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of gold to predicted spans at ``level``.

    Candidate pairs are taken best overlap first; ties go to the later gold, then the later
    prediction (score.py sorts ``(overlap, gold_index, pred_index)`` in reverse).
    Returns ``(gold_index, pred_index)`` pairs in the order they were accepted.
    """
    candidates = []
    for gi, gold_span in enumerate(gold):
        for pi, pred_span in enumerate(pred):
            overlap = jaccard(gold_span, pred_span)
            if _level_accepts(level, gold_span, pred_span, overlap):
                candidates.append((overlap, gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


# --------------------------------------------------------------------------------------------
# Names


def normalize_name(name: str | None) -> str:
    """Lower-cased, NFKC-normalised words of ``name`` without possessives, punctuation or titles."""
    if not name:
        return ""
    name = unicodedata.normalize("NFKC", name).replace("\\", "").replace("’", "'").lower()
    name = re.sub(r"'s\b", "", name)
    name = re.sub(r"[^\w\s']|-", " ", name)
    return " ".join(word for word in name.split() if word not in TITLES)


def expand(name: str | None) -> str:
    """:func:`normalize_name` with known acronyms spelled out (``UN`` -> ``united nations``)."""
    return " ".join(ACRONYMS.get(word, word) for word in normalize_name(name).split())


def initials(name: str | None) -> str:
    """First letters of the content words of the expanded name."""
    return "".join(word[0] for word in expand(name).split() if word not in STOP)


def token_sort_ratio(a: str, b: str) -> float:
    """RapidFuzz's ``token_sort_ratio``, 0 to 100, as score.py uses it."""
    return fuzz.token_sort_ratio(a, b)


def words_ok(pred: str | None, gold: str | None) -> bool:
    """``pred`` covers most content words of ``gold`` (recall >= 0.6), or the two read alike.

    Used for roles and for anonymous speakers described in the text ("a senior official").
    """
    p, g = expand(pred), expand(gold)
    if not p or not g or p in PRONOUNS:
        return False
    gold_words = [word for word in g.split() if word not in STOP]
    pred_words = set(p.split())
    recall = sum(word in pred_words for word in gold_words) / len(gold_words) if gold_words else 0.0
    return recall >= 0.6 or token_sort_ratio(p, g) >= 80


def name_ok(pred_name: str | None, gold_name: str | None) -> bool:
    """``pred_name`` names the same speaker as the canonical ``gold_name``.

    Accepts the same name after normalisation, the surname or another shorter form of it that
    keeps the surname or is led by the first name, an acronym of it, or a close spelling (token
    sort ratio >= 90).
    """
    p, g = expand(pred_name), expand(gold_name)
    if not p or not g:
        return False
    if p == g:
        return True
    gold_words, pred_words = g.split(), p.split()
    if len(gold_words) >= 2 and set(pred_words) <= set(gold_words) and (
            gold_words[-1] in pred_words or pred_words[0] == gold_words[0]):
        return True  # the surname, or a shorter form keeping it or led by the first name
    if len(pred_words) == 1 and len(gold_words) >= 2 and pred_words[0] == initials(gold_name):
        return True  # an acronym of the gold name
    return token_sort_ratio(p, g) >= 90


# --------------------------------------------------------------------------------------------
# Speakers


def _is_polnear_style(gold_quote: Mapping) -> bool:
    return "speaker_start" in gold_quote or "no_source" in gold_quote


def _polnear_speaker_ok(gold_quote: Mapping, speaker: Mapping, text: str | None) -> bool:
    """PolNeAR gold marks the speaker's mention span: overlap it, or name the same words."""
    if gold_quote.get("no_source") or gold_quote.get("speaker_start") is None:
        return not speaker
    if not speaker:
        return False
    gold_span = (gold_quote["speaker_start"], gold_quote["speaker_end"])
    if speaker.get("start") is not None and speaker.get("end") is not None:
        if jaccard(gold_span, (speaker["start"], speaker["end"])) > 0:
            return True
    gold_words = expand(text[gold_span[0] : gold_span[1]]) if text else ""
    return (
        bool(gold_words)
        and gold_words not in PRONOUNS
        and (expand(speaker.get("name")) == gold_words or expand(speaker.get("mention")) == gold_words)
    )


def speaker_ok(gold_quote: Mapping, pred_quote: Mapping, text: str | None) -> bool:
    """Whether the predicted speaker of a matched quote is right, for either gold style."""
    speaker = pred_quote.get("speaker") or {}
    if _is_polnear_style(gold_quote):
        return _polnear_speaker_ok(gold_quote, speaker, text)
    if gold_quote.get("speaker"):
        return name_ok(speaker.get("name"), gold_quote["speaker"]) or (
            not speaker.get("name") and name_ok(speaker.get("mention"), gold_quote["speaker"])
        )
    # an anonymous speaker described in the text
    if not speaker:
        return False
    return any(
        words_ok(pred_words, gold_words)
        for pred_words in (speaker.get("mention"), speaker.get("role"), speaker.get("name"))
        for gold_words in (gold_quote.get("mention"), gold_quote.get("role"))
        if pred_words and gold_words
    )


# --------------------------------------------------------------------------------------------
# Input


def _is_path(source: object) -> bool:
    return isinstance(source, (str, os.PathLike))


def load_docs(source: Iterable[Mapping] | str | os.PathLike) -> dict[Any, Mapping]:
    """Documents keyed by ``doc_id``, from a JSONL file or an iterable of dicts.

    Blank lines are skipped; a later document with the same ``doc_id`` replaces an earlier one.
    """
    if _is_path(source):
        docs = []
        with open(source, encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                if line.strip():
                    try:
                        docs.append(json.loads(line))
                    except json.JSONDecodeError as err:
                        raise InputError(f"{source}, line {line_no}: not valid JSON ({err})") from err
        source = docs
    return {doc["doc_id"]: doc for doc in source}


def load_gold(source: Iterable[Mapping] | str | os.PathLike) -> dict[Any, Mapping]:
    """Gold documents keyed by ``doc_id``: seed-style, PolNeAR-style, or quoteattr's own output
    (converted with :func:`gold_from_output`)."""
    return {doc_id: gold_from_output(doc) for doc_id, doc in load_docs(source).items()}


def _is_output_quote(quote: Mapping) -> bool:
    return isinstance(quote.get("speaker"), Mapping) or isinstance(quote.get("cue"), Mapping)


def gold_from_output(doc: Mapping) -> Mapping:
    """A document of quoteattr's output contract as seed-style gold; other documents as they are.

    A speaker with a name gives ``speaker`` (the canonical name), ``mention`` and ``role``; one
    without a name is ``anonymous`` when its type says so (the description is kept in ``mention``
    and ``role``) and ``ambiguous`` otherwise (an unresolved pronoun: the text does not settle
    who spoke), as is a quotation with no speaker at all.
    """
    quotes = doc.get("quotes") or []
    if not ("schema_version" in doc or any(_is_output_quote(q) for q in quotes)):
        return doc
    converted = []
    for q in quotes:
        if not (_is_output_quote(q) or "schema_version" in doc) or isinstance(q.get("speaker"), str):
            converted.append(q)
            continue
        sp = q.get("speaker") or {}
        cue = q.get("cue")
        g = {"start": q["start"], "end": q["end"], "text": q.get("text"), "kind": q.get("kind"),
             "speaker": sp.get("name"), "mention": sp.get("mention"), "role": sp.get("role"),
             "cue": cue.get("text") if isinstance(cue, Mapping) else cue,
             "mention_start": sp.get("start"), "mention_end": sp.get("end")}
        if q.get("id") is not None:
            g["id"] = q["id"]
        if not sp.get("name"):
            g["anonymous" if sp.get("type") == "anonymous" else "ambiguous"] = True
        converted.append(g)
    return {**doc, "quotes": converted}


def load_clusters(clusters: str | os.PathLike | list) -> list[Mapping]:
    """Gold claim clusters, ``[{"cluster", "members": [quote ids], "near_miss"?}]``."""
    if _is_path(clusters):
        with open(clusters, encoding="utf-8") as f:
            return json.load(f)
    return list(clusters)


def doc_text(doc: Mapping, doc_id: Any, text_dir: str | os.PathLike | None) -> str | None:
    """The gold document's text: its ``text`` field, else ``text_dir/<file or DOC_ID.txt>``.

    Without either the text is ``None`` and spans are compared untrimmed, as in score.py.
    The file is read in text mode with universal newlines, like score.py, so offsets agree.
    """
    text = doc.get("text")
    if text is None and text_dir:
        path = Path(text_dir) / doc.get("file", f"{doc_id}.txt")
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(
                f"no text for gold document {doc_id!r}: {path} does not exist; the gold has no "
                "'text' field, so pass the folder holding the article files with --text-dir "
                "(text_dir=...)"
            ) from None
    return text


# --------------------------------------------------------------------------------------------
# Scoring


def _span(quote: Mapping, text: str | None) -> Span:
    start, end = int(quote["start"]), int(quote["end"])
    return trim(text, start, end) if text else (start, end)


def _quote_key(doc_id: Any, gold_quote: Mapping) -> Any:
    """The id that claim clusters use for a gold quote."""
    return gold_quote.get("id", f"{doc_id}:{gold_quote['start']}")


@attrs.define
class _Tally:
    """Counters accumulated over documents while scoring."""

    levels: dict[str, list[int]] = attrs.Factory(lambda: {lv: [0, 0, 0] for lv in LEVELS})
    by_kind: dict[str, list[int]] = attrs.Factory(dict)  # kind -> [found, total]
    speaker: list[int] = attrs.Factory(lambda: [0, 0])
    canonical: list[int] = attrs.Factory(lambda: [0, 0])
    role: list[int] = attrs.Factory(lambda: [0, 0])
    # gold quote id -> (doc id, matched predicted quote)
    matched_pred: dict[Any, tuple[Any, Mapping]] = attrs.Factory(dict)
    # (expanded gold canonical name, predicted entity id) per matched quote
    speaker_mentions: list[tuple[str, str]] = attrs.Factory(list)


def _score_doc(
    doc_id: Any, gold_doc: Mapping, pred_doc: Mapping | None, text: str | None, tally: _Tally
) -> None:
    """Add one document's spans, kinds, speakers and roles to ``tally``."""
    gold_quotes = gold_doc["quotes"]
    pred_quotes = (pred_doc or {}).get("quotes") or []
    gold_spans = [_span(q, text) for q in gold_quotes]
    pred_spans = [_span(q, text) for q in pred_quotes]

    for level in LEVELS:
        counts = tally.levels[level]
        counts[0] += len(match_spans(gold_spans, pred_spans, level))
        counts[1] += len(pred_quotes)
        counts[2] += len(gold_quotes)

    pairs = match_spans(gold_spans, pred_spans, "overlap50")
    found = dict(pairs)
    for gi, gold_quote in enumerate(gold_quotes):
        kind = "direct" if gold_quote.get("kind") == "direct" else "other"
        counts = tally.by_kind.setdefault(kind, [0, 0])
        counts[0] += gi in found
        counts[1] += 1

    for gi, pi in pairs:
        gold_quote, pred_quote = gold_quotes[gi], pred_quotes[pi]
        speaker = pred_quote.get("speaker") or {}
        tally.matched_pred[_quote_key(doc_id, gold_quote)] = (doc_id, pred_quote)
        if not gold_quote.get("ambiguous"):
            tally.speaker[0] += speaker_ok(gold_quote, pred_quote, text)
            tally.speaker[1] += 1
        if gold_quote.get("speaker") and "speaker_start" not in gold_quote:  # seed style: a canonical name
            tally.canonical[0] += expand(speaker.get("name")) == expand(gold_quote["speaker"])
            tally.canonical[1] += 1
            if speaker.get("entity_id") is not None:
                entity = str(speaker["entity_id"])
                tally.speaker_mentions.append((expand(gold_quote["speaker"]), entity))
        if gold_quote.get("role"):
            role = speaker.get("role")
            tally.role[0] += bool(role) and words_ok(role, gold_quote["role"])
            tally.role[1] += 1


def _speaker_entity_pairwise(mentions: list[tuple[str, str]]) -> PRF | None:
    """Cross-document speaker identity over pairs of matched quotes: same gold speaker vs same entity id."""
    if not mentions:
        return None
    tp = fp = fn = 0
    for (gold1, entity1), (gold2, entity2) in combinations(mentions, 2):
        same_gold, same_pred = gold1 == gold2, entity1 == entity2
        tp += same_gold and same_pred
        fp += (not same_gold) and same_pred
        fn += same_gold and not same_pred
    return PRF(tp, tp + fp, tp + fn)


def _pairs(members: Iterable) -> set[tuple]:
    return {tuple(sorted(pair)) for pair in combinations(set(members), 2)}


def _claim_scores(
    clusters: list[Mapping], matched_pred: Mapping[Any, tuple[Any, Mapping]]
) -> tuple[PRF, NearMiss | None]:
    """Claim linking over pairs of gold quotes, and near-miss pairs that were wrongly linked.

    A pair is predicted linked when both quotes were found and their predictions share a
    non-null ``claim_id``.
    """
    real = [c for c in clusters if not c.get("near_miss")]
    near = [c for c in clusters if c.get("near_miss")]

    def linked(member1, member2) -> bool:
        claim1 = matched_pred[member1][1].get("claim_id")
        claim2 = matched_pred[member2][1].get("claim_id")
        return claim1 is not None and claim1 == claim2

    gold_pairs: set[tuple] = set()
    for cluster in real:
        gold_pairs |= _pairs(cluster["members"])
    in_real_cluster = {member for cluster in real for member in cluster["members"]}
    found = sorted(member for member in in_real_cluster if member in matched_pred)
    pred_pairs = {tuple(sorted(pair)) for pair in combinations(found, 2) if linked(*pair)}
    claims = PRF(len(gold_pairs & pred_pairs), len(pred_pairs), len(gold_pairs))

    if not near:
        return claims, None
    negative: set[tuple] = set()
    for cluster in near:
        negative |= _pairs(cluster["members"]) - gold_pairs
    negative_found = [pair for pair in negative if pair[0] in matched_pred and pair[1] in matched_pred]
    wrongly_linked = sum(linked(*pair) for pair in negative_found)
    return claims, NearMiss(wrongly_linked, len(negative_found), len(negative))


def join_parts(doc: Mapping) -> dict:
    """``doc`` (one predicted record) with the parts of each split quotation joined into one
    quotation from the first part's start to the last part's end.

    That is how corpora that annotate one attribution with discontinuous content segments
    (PolNeAR) give its span; scoring against them otherwise counts each part as a quotation of
    its own.  The joined span holds the frame, so the result is for scoring only."""
    quotes: list[dict] = []
    at: dict[Any, int] = {}
    for q in doc.get("quotes", ()):
        uid = q.get("utterance_id")
        if uid is None:
            quotes.append(dict(q))
        elif uid in at:
            k = at[uid]
            quotes[k] = {**quotes[k], "start": min(quotes[k]["start"], q["start"]),
                         "end": max(quotes[k]["end"], q["end"]), "part": None, "n_parts": None}
        else:
            at[uid] = len(quotes)
            quotes.append(dict(q))
    return {**doc, "quotes": quotes}


def _load_pair(gold, pred, joined_parts: bool) -> tuple[dict[Any, Mapping], dict[Any, Mapping]]:
    """Gold and predicted documents keyed by ``doc_id``, split quotations joined when asked."""
    gold_docs, pred_docs = load_gold(gold), load_docs(pred)
    if joined_parts:
        pred_docs = {doc_id: join_parts(d) for doc_id, d in pred_docs.items()}
    return gold_docs, pred_docs


def score(
    gold: Iterable[Mapping] | str | os.PathLike,
    pred: Iterable[Mapping] | str | os.PathLike,
    *,
    text_dir: str | os.PathLike | None = None,
    clusters: str | os.PathLike | list | None = None,
    joined_parts: bool = False,
) -> Scores:
    """Score predictions against gold, with the figures of ``../shared/eval/score.py``.

    ``gold`` and ``pred`` are JSONL paths or iterables of per-document dicts.  ``text_dir``
    holds ``DOC_ID.txt`` (or the gold's ``file``) for gold documents without a ``text`` field;
    a missing file raises :class:`~quoteattr.errors.InputError`.  ``clusters`` (a JSON path or
    the loaded list) adds the claim-linking figures.  ``joined_parts=True`` scores each split
    quotation as one span over its parts (:func:`join_parts`), for gold that annotates it so.
    """
    gold_docs, pred_docs = _load_pair(gold, pred, joined_parts)
    tally = _Tally()
    for doc_id, gold_doc in gold_docs.items():
        text = doc_text(gold_doc, doc_id, text_dir)
        _score_doc(doc_id, gold_doc, pred_docs.get(doc_id), text, tally)

    claims = near_miss = None
    if clusters is not None:
        claims, near_miss = _claim_scores(load_clusters(clusters), tally.matched_pred)

    recall = {kind: Ratio(*counts) for kind, counts in tally.by_kind.items()}
    return Scores(
        docs=len(gold_docs),
        docs_missing=sum(doc_id not in pred_docs for doc_id in gold_docs),
        exact=PRF(*tally.levels["exact"]),
        overlap50=PRF(*tally.levels["overlap50"]),
        any_overlap=PRF(*tally.levels["any"]),
        recall_direct=recall.get("direct"),
        recall_other=recall.get("other"),
        speaker_acc=Ratio(*tally.speaker),
        canonical_acc=Ratio(*tally.canonical),
        role_acc=Ratio(*tally.role),
        speaker_entity_pairwise=_speaker_entity_pairwise(tally.speaker_mentions),
        claim_pairwise=claims,
        near_miss=near_miss,
    )


# --------------------------------------------------------------------------------------------
# Confidence bands

CONFIDENCE_BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))


@attrs.frozen
class Band:
    """Predictions whose confidence falls in ``[low, high)``: how many, how many match a gold
    span (overlap >= 0.5), and how many of those also have the right speaker."""

    low: float
    high: float
    n: int
    span_right: int
    speaker_right: int

    @property
    def span_precision(self) -> float | None:
        return self.span_right / self.n if self.n else None

    @property
    def precision(self) -> float | None:
        return self.speaker_right / self.n if self.n else None


def by_confidence(
    gold: Iterable[Mapping] | str | os.PathLike,
    pred: Iterable[Mapping] | str | os.PathLike,
    *,
    text_dir: str | os.PathLike | None = None,
    bands: tuple[tuple[float, float], ...] = CONFIDENCE_BANDS,
    joined_parts: bool = False,
) -> list[Band]:
    """Precision per confidence band: is a higher ``confidence`` more often right?
    ``joined_parts`` as for :func:`score`."""
    gold_docs, pred_docs = _load_pair(gold, pred, joined_parts)
    counts = [[0, 0, 0] for _ in bands]
    for doc_id, gold_doc in gold_docs.items():
        text = doc_text(gold_doc, doc_id, text_dir)
        gold_quotes = gold_doc["quotes"]
        pred_quotes = (pred_docs.get(doc_id) or {}).get("quotes") or []
        pairs = {pi: gi for gi, pi in match_spans([_span(q, text) for q in gold_quotes],
                                                 [_span(q, text) for q in pred_quotes], "overlap50")}
        for pi, q in enumerate(pred_quotes):
            c = float(q.get("confidence", 0.5))
            k = next((i for i, (lo, hi) in enumerate(bands) if lo <= c < hi), len(bands) - 1)
            counts[k][0] += 1
            if pi in pairs:
                counts[k][1] += 1
                counts[k][2] += speaker_ok(gold_quotes[pairs[pi]], q, text)
    return [Band(lo, hi, *c) for (lo, hi), c in zip(bands, counts)]


def format_bands(bands: list[Band]) -> str:
    """A table of precision per confidence band."""
    lines = [f"{'confidence':12} {'n':>6} {'span P':>7} {'span+speaker P':>15}"]
    for b in bands:
        sp = f"{b.span_precision:.3f}" if b.n else "-"
        p = f"{b.precision:.3f}" if b.n else "-"
        lines.append(f"[{b.low:.2f}, {min(b.high, 1.0):.2f}{']' if b.high > 1 else ')'}  {b.n:6} {sp:>7} {p:>15}")
    return "\n".join(lines)
