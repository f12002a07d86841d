"""quoteattr: quotations and reported claims in news text, attributed to speakers and roles.

>>> import quoteattr
>>> result = quoteattr.extract('"Talks have failed," the envoy said.', engine="rules")
>>> result.quotes[0].speaker.mention
'the envoy'
"""

from quoteattr._version import __version__
from quoteattr.errors import (
    InputError,
    MissingRequirementsError,
    ModelsNotFoundError,
    OptionalDependencyError,
    QuoteattrError,
    UnsupportedLanguageError,
    WorkerDiedError,
)
from quoteattr.model import Cue, Entity, Quote, Result, Span, Speaker
from quoteattr.pipeline import Pipeline, extract

__all__ = [
    "Cue",
    "Entity",
    "InputError",
    "MissingRequirementsError",
    "ModelsNotFoundError",
    "OptionalDependencyError",
    "Pipeline",
    "Quote",
    "QuoteattrError",
    "Result",
    "Span",
    "Speaker",
    "UnsupportedLanguageError",
    "WorkerDiedError",
    "__version__",
    "extract",
]

# Lazy exports: the views and corpus tools load on first use, so `import quoteattr` stays light
# (no pandas, no dask, no process pools).
_LAZY = {
    "render_html": "quoteattr.render",
    "extract_many": "quoteattr.parallel",
    "results_to_pandas": "quoteattr.frames",
    "Corpus": "quoteattr.link",
    "ClaimIndex": "quoteattr.link",
    "Linked": "quoteattr.link",
}
__all__ += list(_LAZY)


# what each lazy export needs beyond the core install: (extra, feature) for the error message
_EXTRA = {"Corpus": ("link", "linking across articles"), "ClaimIndex": ("link", "the claim index"),
          "Linked": ("link", "linking across articles"), "results_to_pandas": ("notebook", "DataFrames of quotations")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        from quoteattr.errors import needs_extra

        extra, feature = _EXTRA.get(name, ("", name))
        with needs_extra(extra, feature):
            value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'quoteattr' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
