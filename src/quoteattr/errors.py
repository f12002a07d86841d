"""Errors the library raises: each says what was expected, what arrived, and how to fix it."""

from __future__ import annotations


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
