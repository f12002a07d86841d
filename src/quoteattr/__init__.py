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
    "__version__",
    "extract",
]
