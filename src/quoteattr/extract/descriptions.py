"""Descriptions that stand for a person: ``the Rovers manager``, ``the IMF chief``, ``the
minister``, ``the Dutchman``, ``the 54-year-old``.

:func:`read_description` reads such a phrase into its head noun, the office that head names,
its other words and the nationality it states; :func:`fits` says whether a person with the
given roles can be the one described.  The resolver in :mod:`quoteattr.extract.coref` uses
both to find the antecedent, nearest first.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs

from quoteattr.extract.words import Vocabulary

_WORD = re.compile(r"[\w’'.-]+")
_AGE = re.compile(r"^\d+-year-old$")
_DEFINITE = frozenset({"the", "this", "that"})
_STOP = frozenset({"the", "a", "an", "of", "for", "at", "with", "in", "from", "and", "’s", "'s", "s"})


@attrs.frozen
class Description:
    """A description of one person: ``kind`` is role (a role noun heads it), nationality (``the
    German``) or age (``the 54-year-old``)."""

    kind: str
    head: str
    office: str | None  # the class of office the head names (role_classes lexicon)
    words: tuple[str, ...]  # the other content words, lower-case
    nationality: str | None  # adjective form
    proper: bool  # does it carry a capitalised modifier ("the Rovers manager")
    definite: bool


def _words(text: str) -> list[str]:
    out = []
    for w in _WORD.findall(text.replace("\\", "")):
        w = w.strip(".")
        if w.endswith(("’s", "'s")) and len(w) > 2:
            out.extend([w[:-2], "’s"])
        elif w:
            out.append(w)
    return out


def read_description(text: str, vocab: Vocabulary) -> Description | None:
    """The person description ``text`` is, or None when it is no such description (a name, a
    plural, an organisation)."""
    words = _words(text)
    if not words:
        return None
    definite = words[0].lower() in _DEFINITE
    if len(words) > 2 and words[1] in ("’s", "'s") and (adj := vocab.demonyms.get(words[0].lower())):
        # "Canada's finance minister" is the Canadian one: definite, and no more specific than that
        words, definite = ["the", adj.lower()] + words[2:], True
    if words[0].lower() in vocab.det and not definite:
        return None  # "a spokesman", "one official": someone new, not someone named before
    if definite:
        words = words[1:]
    if not words or len(words) > 10:
        return None
    cut = next((k for k, w in enumerate(words) if k > 0 and w.lower() in vocab.prep), len(words))
    head = words[cut - 1].lower()
    others = [w for k, w in enumerate(words) if k != cut - 1]
    lows = [w.lower() for w in others if w.lower() not in _STOP]
    lows += _initials(others)  # "the head of the International Monetary Fund" also says "IMF"
    for w in list(lows):  # "the Fed chair" also says "Federal Reserve"
        known = vocab.institutions.get(w)
        if known is not None:
            lows += [x.lower() for x in known[0].split() if x.lower() not in _STOP]
    nationality = next((vocab.nationality_nouns.get(w) or w for w in lows[:2] if w in vocab.demonym_adjectives), None)
    # a capitalised modifier ("the Rovers manager") makes it specific; a possessive ("the PM's
    # spokesman") describes someone by another, who is not the one meant
    relational = any(w in ("’s", "'s") for w in others) or (cut < len(words) and words[cut].lower() in ("for", "to"))
    proper = any(w[:1].isupper() for w in others if w.lower() not in _STOP) and not relational
    if _AGE.match(head):
        return Description("age", head, None, tuple(lows), nationality, proper, definite) if not lows else None
    if head in vocab.nationality_nouns or (head in vocab.demonym_adjectives and cut == 1):
        if len(words) > 1:
            return None
        return Description("nationality", head, None, (), vocab.nationality_nouns.get(head, head), False, definite)
    if head in vocab.role_classes or head in vocab.titles or head in vocab.role_nouns:
        if _plural(head, vocab):
            return None
        if not definite and not proper:
            return None
        return Description("role", head, vocab.role_classes.get(head), tuple(lows), nationality, proper, definite)
    return None


def _initials(words: list[str]) -> list[str]:
    """The acronyms of the runs of capitalised words (``International Monetary Fund`` -> imf)."""
    out, run = [], []
    for w in words + ["."]:
        if w[:1].isupper() and w.isalpha():
            run.append(w)
        elif w.lower() not in ("of", "for", "and") or not run:
            if len(run) >= 2:
                out.append("".join(x[0] for x in run).lower())
            run = []
    return out


def covers(d: Description, role: str, vocab: Vocabulary) -> bool:
    """Does ``d`` say all that ``role`` says (the same office, and every qualifier of the role
    among its words)?  ``the UN rights chief`` covers ``UN rights chief``; ``the IMF chief`` does
    not cover ``IMF's European department chief``."""
    words = [w.lower() for w in _words(role) if w.lower() not in _STOP]
    if not words or d.kind != "role":
        return False
    head = words[-1]
    same = head == d.head or (d.office is not None and vocab.role_classes.get(head) == d.office)
    # other titles in the role ("vice chair and president") say nothing about whose office it is
    qualifiers = [w for w in words[:-1] if not (w in vocab.titles or w in vocab.role_nouns or w in vocab.modifiers
                                                or w in vocab.role_classes)]
    return same and all(w in d.words or w == d.nationality for w in qualifiers)


def _plural(w: str, vocab: Vocabulary) -> bool:
    return w.endswith("s") and not w.endswith("ss") and (w[:-1] in vocab.role_nouns or w[:-1] in vocab.titles)


def role_words(roles: list[str]) -> frozenset[str]:
    """The lower-case words of ``roles``, hyphenated words also split."""
    return _role_words(tuple(roles))


@lru_cache(maxsize=4096)
def _role_words(roles: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for r in roles:
        for w in _words(r):
            lw = w.lower()
            out.add(lw)
            out.update(lw.split("-"))
    return frozenset(out)


def nationality_of(roles: list[str], vocab: Vocabulary) -> str | None:
    """The nationality a person's roles state (``Russian President`` -> russian)."""
    for w in role_words(roles):
        if w in vocab.demonym_adjectives:
            return w
    return None


def _with_parents(words: set[str], vocab: Vocabulary) -> set[str]:
    """``words`` and the bodies the institutions among them belong to (unicef -> united nations, un)."""
    out = set(words)
    for w in words:
        parent = vocab.institutions.get(w, ("", ""))[1]
        if parent:
            out.update(parent.split())
            out.add("".join(x[0] for x in parent.split()))
    return out


def fits(d: Description, roles: list[str], vocab: Vocabulary) -> int:
    """How well a person with ``roles`` fits ``d``: -1 when they conflict, 0 when nothing
    speaks for or against, otherwise 1 + the number of the description's words the roles share."""
    words = _with_parents(role_words(roles), vocab)
    nat = nationality_of(roles, vocab)
    if d.nationality and nat and nat != d.nationality:
        return -1
    if d.kind != "role":
        return 0
    offices = {vocab.role_classes.get(w) for w in words} - {None}
    same = d.head in words or (d.office is not None and d.office in offices)
    if not same:
        return -1 if roles else 0
    modifiers = [w for w in d.words if w not in vocab.demonym_adjectives]
    shared = sum(w in words for w in modifiers)
    if modifiers and not shared:
        return -1  # "the prime minister's spokesman" is not the "opposition transport spokesman"
    return 1 + shared + (d.head in words)  # the very word ("minister") over its kind ("secretary")
