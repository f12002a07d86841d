"""The neural engine: the rules engine's tokens and sentences plus a learned attribution layer.

A small encoder (all-MiniLM-L6-v2, fine-tuned on PolNeAR train by ``scripts/train_neural.py``)
tags every word piece with three BIO tags, one per role: cue, source, content.  The model ships
inside the package (``quoteattr/models/neural-en``: an int8 ONNX graph, the tokenizer, and
``meta.json``) and runs on ONNX Runtime with the ``tokenizers`` word-piece tokenizer, without
torch: ``pip install 'quoteattr[neural]'``.

Articles are cut into overlapping windows of word pieces, and each piece's probabilities are
averaged over the windows that hold it.  Decoding is BIO-valid per role (a Viterbi pass where ``I`` only follows ``B`` or ``I``); spans snap to whole
words, and offsets are exact into the raw text.  A relation step pairs each content with the cue
and source nearest to it (:func:`pair_spans`).  The result is the ``attributions`` layer of the
:class:`~quoteattr.nlp.base.AnnotatedDoc`; :mod:`quoteattr.extract.learned` turns it into the
same frames the rules produce, so speakers, roles, coreference and confidence are shared.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar, Iterator, Sequence

import attrs

from quoteattr.errors import ModelsNotFoundError, OptionalDependencyError
from quoteattr.nlp.base import ATTRIBUTIONS, SENTENCES, TOKENS, AnnotatedDoc, LearnedAttribution
from quoteattr.nlp.rules import RulesEngine

MODEL_NAME = "neural-en"
MIN_CONTENT_WORDS = 2  # a shorter content is a tagging slip, not a reported statement
MAX_PAIR_GAP = 200  # characters between a content and its cue, or a cue and its source


def model_dir(path: str | Path | None = None) -> Path:
    """The folder of the shipped model, or ``path`` when given."""
    if path is not None:
        return Path(path)
    return Path(str(resources.files("quoteattr").joinpath("models", MODEL_NAME)))


def runtime_missing() -> str | None:
    """Why the neural engine cannot run here (a missing package or model file), or None."""
    for module in ("onnxruntime", "tokenizers", "numpy"):
        try:
            __import__(module)
        except ImportError:
            return f"the '{module}' package is not installed (pip install 'quoteattr[neural]')"
    d = model_dir()
    for name in ("model.onnx", "tokenizer.json", "meta.json"):
        if not (d / name).is_file():
            return f"the model file {d / name} is missing (reinstall quoteattr)"
    return None


def status_lines() -> tuple[bool, list[str]]:
    """What ``quoteattr models status`` says about the neural model."""
    d = model_dir()
    missing = runtime_missing()
    lines = [f"neural model: {d}"]
    meta_path = d / "meta.json"
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        size = sum(p.stat().st_size for p in d.iterdir() if p.is_file()) / 2**20
        dev = meta.get("dev_scores") or {}
        lines.append(f"  {meta['name']} {meta['version']} ({size:.1f} MiB, {meta['quantization']}), "
                     f"base {meta['base']}")
        lines.append(f"  trained on {meta['training_data']}; roles {', '.join(meta['roles'])}; "
                     f"windows of {meta['window']} word pieces, {meta.get('infer_stride', meta['stride'])} apart")
        if dev:
            lines.append("  PolNeAR dev: " + ", ".join(f"{k} {v}" for k, v in dev.items()))
    lines.append("  runtime: " + ("ok (onnxruntime, tokenizers)" if missing is None else f"unavailable: {missing}"))
    return missing is None, lines


@lru_cache(maxsize=1)
def calibration() -> dict[str, float]:
    """The confidence weights fitted for the shipped model's frames (``scripts/fit_neural_confidence.py``)."""
    path = model_dir() / "meta.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("calibration", {}).get("weights", {})


@attrs.frozen
class _Model:
    session: object
    tokenizer: object
    meta: dict
    cls_id: int
    sep_id: int
    pad_id: int


@lru_cache(maxsize=4)
def load_model(path: str | None = None, threads: int | None = None) -> _Model:
    """Load the model folder once per process (ONNX session, tokenizer, meta)."""
    missing = runtime_missing() if path is None else None
    if missing is not None:
        if "package" in missing:
            name = missing.split("'")[1]
            raise OptionalDependencyError("the neural engine", name, "neural")
        raise ModelsNotFoundError(f"the neural engine cannot load: {missing}")
    import onnxruntime as ort
    from tokenizers import Tokenizer

    d = model_dir(path)
    opts = ort.SessionOptions()
    # one thread by default: corpus runs scale by worker processes (extract_many), and on a
    # shared machine a spinning thread pool loses more than it gains (docs/benchmarks.md)
    opts.intra_op_num_threads = threads or 1
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(d / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(d / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    return _Model(session, tok, meta, tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"), tok.token_to_id("[PAD]"))


def windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Start and end of the windows over ``n`` pieces: ``size`` long, ``stride`` apart, the last
    one ending at ``n``."""
    out, s = [], 0
    while True:
        out.append((s, min(n, s + size)))
        if s + size >= n:
            return out
        s += stride


def tag_probabilities(model: _Model, texts: Sequence[str]):
    """Per text: the pieces' character offsets and their (pieces, roles, O/B/I) probabilities.

    Every window runs on its own: int8 dynamic quantisation scales activations per tensor, so a
    window batched with others could come out slightly differently depending on its company;
    alone, each article's result depends on its own text only (and on CPU, batching windows
    measured no faster)."""
    import numpy as np

    size = int(model.meta["window"]) - 2
    stride = int(model.meta.get("infer_stride", model.meta["stride"]))
    encs = model.tokenizer.encode_batch(list(texts), add_special_tokens=False)
    n_roles = len(model.meta["roles"])
    out = []
    for enc in encs:
        ids_all = np.asarray(enc.ids, dtype=np.int64)
        acc = np.zeros((len(ids_all), n_roles, 3), dtype=np.float32)
        cnt = np.zeros(len(ids_all), dtype=np.float32)
        for s, e in (windows(len(ids_all), size, stride) if len(ids_all) else []):
            ids = np.concatenate(([model.cls_id], ids_all[s:e], [model.sep_id]))[None, :]
            probs = model.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
            acc[s:e] += probs[0, 1:-1]
            cnt[s:e] += 1
        out.append(([tuple(o) for o in enc.offsets], acc / np.maximum(cnt, 1)[:, None, None]))
    return out


def bio_viterbi(probs) -> list[tuple[int, int, float]]:
    """The best BIO-valid tag sequence for one role, as spans (first, last piece exclusive, mean
    probability of being inside).  ``probs`` is (pieces, 3) over O, B, I."""
    import numpy as np

    n = len(probs)
    if n == 0:
        return []
    lp = np.log(np.clip(probs, 1e-6, 1.0))
    score = lp[0].copy()
    score[2] = -np.inf  # no I at the start
    back = np.zeros((n, 3), dtype=np.int8)
    for t in range(1, n):
        o_prev = int(np.argmax(score[[0, 1, 2]]))
        best_any = score[o_prev]
        bi_prev = 1 if score[1] >= score[2] else 2
        new = np.array([best_any + lp[t, 0], best_any + lp[t, 1], score[bi_prev] + lp[t, 2]])
        back[t] = (o_prev, o_prev, bi_prev)
        score = new
    tags = [int(np.argmax(score))]
    for t in range(n - 1, 0, -1):
        tags.append(int(back[t, tags[-1]]))
    tags.reverse()
    spans, start = [], None
    for t, tag in enumerate(tags + [0]):
        if start is not None and tag != 2:
            inside = probs[start:t, 1:].sum(axis=1)
            spans.append((start, t, float(inside.mean())))
            start = None
        if tag == 1:
            start = t
    return spans


def _snap(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen ``a..b`` to whole words (a piece inside a word takes the word)."""
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        b += 1
    return a, b


def _lines(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    for piece in text[a:b].split("\n"):
        s = text.index(piece, a) if piece else a
        a = s + len(piece) + 1
        piece_s, piece_e = s + len(piece) - len(piece.lstrip()), s + len(piece.rstrip())
        if piece_e > piece_s:
            yield piece_s, piece_e


def decode(text: str, offsets, probs, roles: Sequence[str]) -> dict[str, list[tuple[int, int, float]]]:
    """Character spans per role, snapped to words, with their mean probability."""
    out: dict[str, list[tuple[int, int, float]]] = {}
    for r, role in enumerate(roles):
        spans = []
        for first, last, p in bio_viterbi(probs[:, r, :]):
            a, b = _snap(text, offsets[first][0], offsets[last - 1][1])
            for a, b in _lines(text, a, b):  # a span never runs across a line break
                if role == "content" and len(text[a:b].split()) < MIN_CONTENT_WORDS:
                    continue
                spans.append((a, b, p))
        out[role] = spans
    return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def pair_spans(text: str, spans: dict[str, list[tuple[int, int, float]]]) -> tuple[LearnedAttribution, ...]:
    """The relation step: each content with its nearest cue (by the characters between them, on
    the same line) and the source nearest that cue.  A cue at a content's edge is cut off first:
    a content never holds its own cue."""
    cues = spans.get("cue", [])
    sources = spans.get("source", [])
    pairs = []
    for a, b, p in sorted(spans.get("content", [])):
        a, b = _without_edge_cues(text, a, b, cues)
        if len(text[a:b].split()) < MIN_CONTENT_WORDS:
            continue
        cue = _nearest(text, (a, b), [c for c in cues if not (a <= c[0] and c[1] <= b)])
        source = _nearest(text, cue or (a, b), [s for s in sources if not (a <= s[0] and s[1] <= b)])
        pairs.append(LearnedAttribution((a, b), cue, source, round(p, 4)))
    return tuple(pairs)


def _without_edge_cues(text: str, a: int, b: int, cues) -> tuple[int, int]:
    """``a..b`` without a cue at either edge: a content never holds its own cue there."""
    for c in sorted(cues):
        if c[0] <= a < c[1] or (a <= c[0] < b and not text[a:c[0]].strip()):
            a = c[1] + len(text[c[1]:b]) - len(text[c[1]:b].lstrip())
    for c in sorted(cues, reverse=True):
        if c[0] < b <= c[1] or (a < c[1] <= b and not text[c[1]:b].strip(" .,;:")):
            b = a + len(text[a:c[0]].rstrip()) if c[0] > a else a
    return a, max(a, b)


def _nearest(text: str, anchor: tuple[int, int], cands) -> tuple[int, int] | None:
    """The candidate span nearest ``anchor`` on the same line, within :data:`MAX_PAIR_GAP`."""
    near = [c for c in cands if _gap(anchor, c[:2]) <= MAX_PAIR_GAP
            and "\n" not in text[min(anchor[1], c[1]):max(anchor[0], c[0])]]
    if not near:
        return None
    return min(near, key=lambda c: (_gap(anchor, c[:2]), -c[2]))[:2]


class NeuralEngine:
    """Rules tokens and sentences, plus the learned attribution layer."""

    name: ClassVar[str] = "neural"
    provides: ClassVar[frozenset[str]] = frozenset({TOKENS, SENTENCES, ATTRIBUTIONS})

    def __init__(self, lang: str = "en", *, model_path: str | Path | None = None, threads: int | None = None):
        if lang != "en":
            from quoteattr.errors import UnsupportedLanguageError

            raise UnsupportedLanguageError(f"the neural engine has a model for 'en' only, not {lang!r}; "
                                           "use engine='rules' for other languages")
        self.lang = lang
        self.rules = RulesEngine(lang)
        self.model = load_model(None if model_path is None else str(model_path), threads)

    def annotate(self, text: str) -> AnnotatedDoc:
        return next(self.annotate_many([text]))

    def annotate_many(self, texts: Sequence[str], *, batch_size: int = 32) -> Iterator[AnnotatedDoc]:
        roles = self.model.meta["roles"]
        tagged = tag_probabilities(self.model, texts)
        for text, (offsets, probs) in zip(texts, tagged):
            doc = self.rules.annotate(text)
            learned = pair_spans(text, decode(text, offsets, probs, roles)) if len(offsets) else ()
            yield attrs.evolve(doc, provides=self.provides, attributions=learned)

    def __repr__(self) -> str:
        return f"NeuralEngine(lang={self.lang!r})"
