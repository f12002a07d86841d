"""Lexicons are data files (``NAME.LANG.txt`` beside this module), loaded lazily and cached.

Format: one entry per line, TAB-separated fields, ``#`` comments and blank lines ignored.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from quoteattr.errors import UnsupportedLanguageError


def supported_languages() -> tuple[str, ...]:
    langs = {p.name.split(".")[-2] for p in resources.files(__name__).iterdir() if p.name.endswith(".txt")}
    return tuple(sorted(langs))


@lru_cache(maxsize=None)
def rows(name: str, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    """The rows of lexicon ``name`` for ``lang``, each a tuple of its TAB-separated fields."""
    res = resources.files(__name__).joinpath(f"{name}.{lang}.txt")
    if not res.is_file():
        if lang not in supported_languages():
            raise UnsupportedLanguageError(
                f"no lexicons for language {lang!r}; supported: {', '.join(supported_languages())}"
            )
        raise FileNotFoundError(f"lexicon {name!r} for {lang!r} is missing from the package ({res})")
    out = []
    for line in res.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(out)


@lru_cache(maxsize=None)
def words(name: str, lang: str = "en") -> frozenset[str]:
    """The first field of every row, as a set."""
    return frozenset(r[0] for r in rows(name, lang))


@lru_cache(maxsize=None)
def mapping(name: str, lang: str = "en") -> dict[str, str]:
    """First field -> second field (later rows win)."""
    return {r[0]: r[1] for r in rows(name, lang) if len(r) > 1}


@lru_cache(maxsize=None)
def by_type(name: str, type_: str, lang: str = "en") -> frozenset[str]:
    """First fields of the rows whose second field is ``type_``."""
    return frozenset(r[0] for r in rows(name, lang) if len(r) > 1 and r[1] == type_)
