"""Speakers across articles: one entity per person or organisation, whatever each article calls it.

``Lavrov``, ``Mr Lavrov``, ``Sergei Lavrov`` and ``Foreign Minister Sergei Lavrov`` are one
person; ``UN`` and ``the United Nations`` one organisation.  The rules, in order:

- **Full names** (a given name and a surname) group by surname; two full names are one person
  when their given names are compatible (equal, an initial, a short form, a transliteration)
  and their middle names do not clash.  Different given names never merge.
- **Surname forms** (``Lavrov``, ``de Mistura``, ``Abdel Rahman``) join the one person whose
  name ends with them.  When several people share the surname, evidence must pick one: the
  same article names that person in full, or the role given matches a role seen on them;
  otherwise the mention stays an entity of its own in its article.
- **Organisations** match on a normalised name (case, ``the``, possessives, ``Russian`` =
  ``Russia``) or as an acronym of exactly one longer name (``UN``).  Generic descriptions
  (``the government``, ``army officials``) name no one across articles and stay per article.
- **Anonymous sources** are per article, never merged across articles.

Entity ids derive from the name key (and, for per-article entities, the article id), so a
corpus linked twice gets the same ids whatever order its articles come in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

import attrs
from rapidfuzz import fuzz

from quoteattr import lexicons
from quoteattr.link.normalize import clean
from quoteattr.link.records import SpeakerEntity, SpeakerMention
from quoteattr.model import Entity, Result, Speaker

_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "in", "at", "to", "&"})
_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*\.?")


@lru_cache(maxsize=None)
def particles(lang: str = "en") -> frozenset[str]:
    """Lowercase particles inside personal names (``de``, ``al``, ``van``)."""
    return lexicons.words("name_particles", lang)


def entity_id(*parts: str) -> str:
    """A stable id from the parts that make an entity what it is."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=6).hexdigest()
    return f"ent-{digest}"


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, accents and apostrophes and dots dropped: the form names are compared in."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c))
    return re.sub(r"['.]", "", word.lower())


def _surname_key(word: str) -> str:
    """``al-Assad`` and ``Assad`` share a key; so do ``el-Sisi`` and ``Sisi``."""
    w = fold(word)
    for prefix in ("al-", "el-", "ad-", "as-", "ash-", "ar-", "an-", "at-"):
        if w.startswith(prefix) and len(w) > len(prefix) + 2:
            return w[len(prefix):]
    return w


@lru_cache(maxsize=None)
def _not_name_words(lang: str) -> frozenset[str]:
    titles = lexicons.words("titles", lang)
    return frozenset(titles | lexicons.words("function_words", lang) | lexicons.words("pronouns", lang))


@lru_cache(maxsize=None)
def _generic_words(lang: str) -> frozenset[str]:
    """Words that do not make a name proper: titles, role nouns, organisation nouns, function words."""
    return _not_name_words(lang) | lexicons.words("organizations", lang)


@lru_cache(maxsize=None)
def _demonym_place(lang: str) -> dict[str, str]:
    out = {}
    for row in lexicons.rows("demonyms", lang):
        out[row[0]] = row[0]
        if len(row) > 1 and row[1]:
            out.setdefault(row[1], row[0])
    return out


@lru_cache(maxsize=None)
def _pronouns(lang: str) -> frozenset[str]:
    return lexicons.words("pronouns", lang)


def _words(name: str) -> list[str]:
    text = clean(name)
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        if w.lower().endswith("'s"):
            w = w[:-2]
        out.append(w.rstrip(".") if not re.fullmatch(r"(?:\w\.){2,}", w) else w)
    return [w for w in out if w]


def person_words(name: str, lang: str = "en") -> list[str]:
    """The personal name at the end of a speaker string, titles dropped:
    ``US Secretary of State John Kerry`` -> ``John Kerry``, ``Mr Lavrov`` -> ``Lavrov``."""
    return list(_person_words(name, lang))


@lru_cache(maxsize=16384)  # a corpus names the same speakers again and again
def _person_words(name: str, lang: str) -> tuple[str, ...]:
    words = _words(name)
    stop = _not_name_words(lang)
    run: list[str] = []
    for w in reversed(words):
        low = w.lower()
        if not run:
            if w[:1].isupper():
                run.append(w)
                continue
            break
        if low in particles() or (w[:1].isupper() and low not in stop and low.rstrip(".") not in stop):
            run.append(w)
        else:
            break
    run.reverse()
    return tuple(run)


@lru_cache(maxsize=16384)
def org_key(name: str, lang: str = "en") -> str:
    """``The Syrian Observatory for Human Rights`` -> ``syria observatory for human rights``."""
    places = _demonym_place(lang)
    words = [fold(w) for w in _words(name)]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(places.get(w, w) for w in words)


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _ACRONYM_SKIP and w)


def is_acronym(name: str) -> bool:
    words = _words(name)
    if len(words) != 1:
        return False
    w = words[0].replace(".", "")
    return 2 <= len(w) <= 6 and w.isalpha() and w.isupper()


@lru_cache(maxsize=16384)
def is_proper(name: str, lang: str = "en") -> bool:
    """Whether a speaker string names someone (a capitalised word that is not a title, role or
    organisation noun), as opposed to a description such as ``the government``."""
    generic = _generic_words(lang)
    for w in _words(name):
        low = w.lower()
        if w[:1].isupper() and low not in generic and low.rstrip(".") not in generic:
            return True
    return False


@lru_cache(maxsize=None)
def _org_words(lang: str) -> frozenset[str]:
    """Words of organisation nouns and of multi-word place names (``united``, ``arab``...)."""
    words = set(lexicons.words("organizations", lang))
    for row in lexicons.rows("demonyms", lang):
        if " " in row[0]:
            words.update(row[0].split())
    return frozenset(words)


def _org_like(words: list[str], lang: str) -> bool:
    """A name typed as a person that reads as an organisation (``United Nations``,
    ``Syrian Observatory``): its first or last word is an organisation or place-name word."""
    org = _org_words(lang)
    return len(words) >= 2 and (words[0].lower() in org or words[-1].lower() in org)


def _first_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True  # Alex / Alexander
    return a[:2] == b[:2] and fuzz.ratio(a, b) >= 80  # Sergei / Sergey


def _middle_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return True
    return _first_compatible(a[0], b[0])


@attrs.define
class _Entity:
    """A speaker entity being built (mutable while linking; frozen into SpeakerEntity)."""

    id: str
    type: str
    kind: str  # person | surname | org | local | anon
    key: str
    tokens: tuple[str, ...] = ()  # folded name tokens, last one surname-keyed (people)
    first: str | None = None
    middle: tuple[str, ...] = ()
    display: str | None = None  # the fullest name registered (people)
    forms: Counter = attrs.field(factory=Counter)
    mentions: list[SpeakerMention] = attrs.field(factory=list)
    roles: dict[str, set[str]] = attrs.field(factory=dict)
    dirty: bool = True

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""

    @property
    def name(self) -> str | None:
        if self.kind == "person" and not any(len(f.split()) >= 2 for f in self.forms) and self.display:
            return self.display
        if not self.forms:
            return self.display
        full = [f for f in self.forms if self.kind != "person" or len(f.split()) >= 2] or list(self.forms)
        if self.kind == "org":
            full = [f for f in full if not is_acronym(f)] or full
        return max(full, key=lambda f: (self.forms[f], len(f), f))

    def record(self) -> SpeakerEntity:
        roles = tuple(sorted((r, tuple(sorted(d))) for r, d in self.roles.items()))
        ms = tuple(sorted(self.mentions, key=lambda m: (m.doc_id, m.start if m.start is not None else -1, m.text or "")))
        return SpeakerEntity(self.id, self.name, self.type, ms, roles,
                             tuple(sorted({m.doc_id for m in self.mentions})))


@attrs.frozen
class _Item:
    """One quote's speaker, as linking reads it."""

    doc_id: str
    index: int
    name: str | None
    mention: str | None
    start: int | None
    end: int | None
    role: str | None
    type: str
    local: str | None


def _items(result: Result, lang: str) -> list[_Item]:
    out = []
    pronouns = _pronouns(lang)
    for i, q in enumerate(result.quotes):
        sp = q.speaker
        if sp is None:
            continue
        name = sp.name
        if not name and sp.mention and sp.type != "anonymous" and sp.mention.lower() not in pronouns \
                and is_proper(sp.mention, lang):
            name = sp.mention
        out.append(_Item(result.doc_id, i, name, sp.mention, sp.start, sp.end, sp.role, sp.type, sp.entity_id))
    return out


class SpeakerLinker:
    """Resolves the speakers of articles to entities shared across them.

    Holds the entities found so far, so that articles linked later (the claim index adds them
    one by one) join the entities of earlier ones.  :meth:`link` returns, for each
    ``(doc_id, quote index)`` with a speaker, the entity id (None for an unresolved pronoun).
    """

    def __init__(self, lang: str = "en"):
        self.lang = lang
        self.entities: dict[str, _Entity] = {}
        self.by_surname: dict[str, list[str]] = {}
        self.by_key: dict[str, str] = {}
        self.by_initials: dict[str, set[str]] = {}  # initials of multi-word organisation names
        self._by_first: dict[str, list[str]] = {}  # person entity ids by given name (set by link)
        # what a name resolves to among the entities registered so far (full name -> person,
        # surname form -> the people it ends): every mention of a much-quoted speaker asks the
        # same question, and the people sharing a surname grow with the corpus.  Emptied whenever
        # an entity is added or renamed.
        self._memo: dict[tuple, object] = {}

    # -- registry ----------------------------------------------------------------------------
    def _rename(self, e: _Entity, toks: tuple[str, ...], named, display: str) -> None:
        """``e`` is the person of the fuller name ``toks`` from now on (and what names resolve to
        may change with it)."""
        e.kind, e.tokens, e.first, e.middle, e.display = "person", toks, named[0], tuple(named[1:-1]), display
        e.dirty = True
        self._memo.clear()

    def _add(self, ent: _Entity) -> _Entity:
        if ent.kind in ("person", "surname"):  # what names resolve to among people may change
            self._memo.clear()
        self.entities[ent.id] = ent
        if ent.kind in ("person", "surname"):
            ids = self.by_surname.setdefault(ent.surname, [])
            if ent.id not in ids:
                ids.append(ent.id)
        elif ent.kind == "org":
            self._alias(ent.key, ent.id)
        return ent

    def _alias(self, key: str, eid: str) -> None:
        self.by_key.setdefault(key, eid)
        if len(key.split()) > 1:
            self.by_initials.setdefault(initials(key), set()).add(eid)

    def restore(self, ent: _Entity) -> None:
        """Put back an entity read from storage (the claim index)."""
        ent.dirty = False
        self._add(ent)

    def is_known(self, eid: str | None) -> bool:
        """A speaker whose identity is settled: a named person or organisation, not an
        anonymous source (whose identity two articles never share)."""
        e = self.entities.get(eid) if eid else None
        return e is not None and e.kind != "anon"

    def dirty(self) -> list[_Entity]:
        return [e for e in self.entities.values() if e.dirty]

    def records(self, ids: Iterable[str] | None = None) -> tuple[SpeakerEntity, ...]:
        ents = self.entities.values() if ids is None else (self.entities[i] for i in ids if i in self.entities)
        recs = [e.record() for e in ents if e.mentions]
        return tuple(sorted(recs, key=lambda r: (-len(r.mentions), r.name or "", r.id)))

    # -- linking -----------------------------------------------------------------------------
    def link(self, results: Sequence[Result]) -> dict[tuple[str, int], str | None]:
        """Entity ids for the speakers of ``results`` (registering new entities)."""
        items = sorted((it for r in results for it in _items(r, self.lang)), key=lambda it: (it.doc_id, it.index))
        texts = {r.doc_id: r.text for r in results}
        # 1. full personal names first, longest first, so that shorter forms find them
        parsed = {}
        for it in items:
            p = self._parse(it)
            if p and p[0] == "short" and texts.get(it.doc_id):
                # the article may name in full the person it then calls by surname
                full = _full_name_in(p[1], texts[it.doc_id], self.lang)
                if full:
                    p = ("full", tuple(fold(w) for w in full[:-1]) + (_surname_key(full[-1]),), " ".join(full))
            parsed[it] = p
        fulls = sorted({p for p in parsed.values() if p and p[0] == "full"},
                       key=lambda p: (-len(p[1]), len(p[1][0]) == 1, p[1]))  # initials after given names
        for _, toks, display in fulls:
            self._register_full(toks, display)
        orgs = sorted({p for p in parsed.values() if p and p[0] == "org" and not p[3] and is_proper(p[2], self.lang)},
                      key=lambda p: p[1])
        for _, key, display, _acr in orgs:
            self._register_org(key, display, acronym=False)
        # people by given name, for those called by it alone (``Lula`` of ``Lula da Silva``)
        self._by_first: dict[str, list[str]] = {}
        for e in self.entities.values():
            if e.kind == "person" and e.first:
                self._by_first.setdefault(e.first, []).append(e.id)
        # 2. every item, with the article's own full names as evidence for surname forms
        out: dict[tuple[str, int], str | None] = {}
        doc_people: dict[str, set[str]] = {}
        for it in items:
            p = parsed[it]
            if p and p[0] == "full":
                doc_people.setdefault(it.doc_id, set()).add(self._find_full(p[1]))
        for it in items:
            eid = self._resolve(it, parsed[it], doc_people.get(it.doc_id, set()), texts.get(it.doc_id))
            out[(it.doc_id, it.index)] = eid
            if eid is not None:
                self._note(self.entities[eid], it)
        return out

    def _parse(self, it: _Item):
        """("full", tokens, display) | ("short", tokens, display) | ("org", key, display, acronym)
        | ("anon", key) | None."""
        lang = self.lang
        if it.type == "anonymous" or not it.name:
            if it.local:
                return ("anon", it.local)
            if it.mention and it.mention.lower() not in _pronouns(lang):
                return ("anon", fold(it.mention))
            return None
        words = person_words(it.name, lang)
        firsts = lexicons.words("first_names", lang)
        is_person = (it.type == "person" and not _org_like(words, lang)) or (
            len(words) >= 2 and words[0].lower() in firsts)
        if words and (is_person or len(words) == 1 and not is_acronym(it.name)):
            toks = tuple(fold(w) for w in words[:-1]) + (_surname_key(words[-1]),)
            display = " ".join(words)
            named = [t for t in toks if t not in particles()]
            if is_person and len(named) >= 2 and toks[0] not in particles():
                return ("full", toks, display)
            if is_person or it.type in ("organization", "group"):
                return ("short", toks, display, is_person)
        key = org_key(it.name, lang)
        if not key:
            return None
        return ("org", key, clean(it.name), is_acronym(it.name))

    def _find_full(self, toks: tuple[str, ...]) -> str | None:
        """The one person a full name denotes: its own entity, else the only compatible one."""
        key = ("full", toks)
        if key not in self._memo:
            self._memo[key] = self._find_full_uncached(toks)
        return self._memo[key]

    def _find_full_uncached(self, toks: tuple[str, ...]) -> str | None:
        people = [self.entities[i] for i in self.by_surname.get(toks[-1], ()) if self.entities[i].kind == "person"]
        for e in people:
            if e.tokens == toks:
                return e.id
        fits = [e for e in people if _suffix(toks, e.tokens) or self._compatible(e, toks)]
        return fits[0].id if len(fits) == 1 else None

    def _compatible(self, e: _Entity, toks: tuple[str, ...]) -> bool:
        named = [t for t in toks if t not in particles()]
        first, middle = named[0], tuple(named[1:-1])
        return e.first is not None and _first_compatible(e.first, first) and _middle_compatible(e.middle, middle)

    def _register_full(self, toks: tuple[str, ...], display: str) -> str:
        named = [t for t in toks if t not in particles()]
        # a shorter form of a name already known (Abdel Rahman of Rami Abdel Rahman) is no new person
        cands = [self.entities[i] for i in self.by_surname.get(toks[-1], ()) if self.entities[i].kind == "person"]
        for e in cands:
            if e.tokens == toks:
                return e.id
        fits = [e for e in cands if _suffix(toks, e.tokens) or self._compatible(e, toks)]
        if len(fits) == 1:
            e = fits[0]
            if len(toks) > len(e.tokens) and _suffix(e.tokens, toks):
                self._rename(e, toks, named, display)
            return e.id
        surname_only = [self.entities[i] for i in self.by_surname.get(toks[-1], ())
                        if self.entities[i].kind == "surname" and _suffix(self.entities[i].tokens, toks)]
        if surname_only and not cands:
            # the first full name for a surname seen alone before: that entity gets the name
            e = surname_only[0]
            self._rename(e, toks, named, display)
            return e.id
        # a new person (or an initial that fits several people: a person of its own)
        key = named[0] if not fits else " ".join(toks)
        return self._add(_Entity(entity_id("person", key, toks[-1]), "person", "person", " ".join(toks),
                                 toks, named[0], tuple(named[1:-1]), display)).id

    def _register_org(self, key: str, display: str, *, acronym: bool) -> str:
        """The organisation a name key denotes: by the key, or as the acronym of exactly one
        longer name (and the other way round), else a new one."""
        if key in self.by_key:
            return self.by_key[key]
        if acronym:
            cands = sorted(self.by_initials.get(key.replace(" ", ""), ()))
            if len(cands) == 1:
                self.by_key[key] = cands[0]
                return cands[0]
        elif len(key.split()) > 1 and initials(key) in self.by_key:
            eid = self.by_key[initials(key)]
            if self.entities[eid].kind == "org" and not self.by_initials.get(initials(key), set()) - {eid}:
                self._alias(key, eid)
                return eid
        return self._add(_Entity(entity_id("org", key), "organization", "org", key)).id

    def _resolve(self, it: _Item, p, doc_people: set[str | None], text: str | None) -> str | None:
        if p is None:
            return None
        kind = p[0]
        if kind == "anon":
            eid = entity_id("anon", it.doc_id, p[1])
            if eid not in self.entities:
                self._add(_Entity(eid, "anonymous", "anon", p[1]))
            return eid
        if kind == "full":
            return self._find_full(p[1]) or self._register_full(p[1], p[2])
        if kind == "short":
            eid = self._resolve_short(it, p[1], p[3], doc_people, text)
            if eid is not None:
                return eid
            kind, p = "org", ("org", org_key(it.name, self.lang), clean(it.name), is_acronym(it.name))
        key = p[1]
        if not is_proper(it.name, self.lang):
            eid = entity_id("local", it.doc_id, key)
            if eid not in self.entities:
                self._add(_Entity(eid, it.type if it.type != "person" else "group", "local", key))
            return eid
        eid = self._register_org(key, p[2], acronym=p[3])
        if self.entities[eid].type != it.type and it.type == "group" and not self.entities[eid].mentions:
            self.entities[eid].type = "group"
        return eid

    def _resolve_short(self, it: _Item, toks: tuple[str, ...], is_person: bool,
                       doc_people: set[str | None], text: str | None) -> str | None:
        key = ("short", toks)
        if key not in self._memo:
            same = [self.entities[i] for i in self.by_surname.get(toks[-1], ())]
            self._memo[key] = (same, [e for e in same if e.kind == "person" and _suffix(toks, e.tokens)])
        same, full = self._memo[key]
        in_doc = [e for e in full if e.id in doc_people or (text and _names_in(e, text))]
        if len(in_doc) == 1:
            return in_doc[0].id
        if not is_person:
            return None  # an organisation-typed single name: a person only on the article's word
        if len(full) == 1:
            return full[0].id
        if len(full) > 1:
            if it.role:
                by_role = [e for e in full if any(_roles_match(it.role, r) for r in e.roles)]
                if len(by_role) == 1:
                    return by_role[0].id
            # several people share the name and nothing here says which: an entity of its own
            eid = entity_id("ambiguous", it.doc_id, " ".join(toks))
            if eid not in self.entities:
                self._add(_Entity(eid, "person", "local", " ".join(toks), toks))
            return eid
        for e in same:
            if e.kind == "surname" and e.tokens == toks:
                return e.id
        given = self._by_first.get(toks[0], ()) if len(toks) == 1 and not same else ()
        if len(given) == 1:
            return given[0]  # a single name that is no one's surname and one person's given name
        return self._add(_Entity(entity_id("person", "", toks[-1] if len(toks) == 1 else " ".join(toks)),
                                 "person", "surname", " ".join(toks), toks)).id

    def _note(self, e: _Entity, it: _Item) -> None:
        e.dirty = True
        if e.kind in ("person", "surname"):
            form = " ".join(person_words(it.name or "", self.lang)) or it.name
        else:
            form = clean(it.name or it.mention or "")
        if form and e.kind != "anon":
            e.forms[form] += 1
        elif e.kind == "anon" and it.mention:
            e.forms[clean(it.mention)] += 0
        e.mentions.append(SpeakerMention(it.doc_id, it.mention, it.start, it.end, it.role))
        if it.role:
            e.roles.setdefault(clean(it.role), set()).add(it.doc_id)


def _suffix(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``short`` ends ``full`` (particles aside): ``(lavrov,)`` of ``(sergei, lavrov)``."""
    s = [t for t in short if t not in particles()]
    f = [t for t in full if t not in particles()]
    return 0 < len(s) <= len(f) and f[len(f) - len(s):] == s


def _full_name_in(toks: tuple[str, ...], text: str, lang: str) -> list[str] | None:
    """``Vladimir Putin`` when the article calls its speaker ``Putin`` and names him in full
    somewhere: a known given name among the capitalised words just before the surname form."""
    firsts = lexicons.words("first_names", lang)
    surname = r"\s+".join(r"(?:al-|el-)?" + re.escape(t) if i == len(toks) - 1 else re.escape(t)
                          for i, t in enumerate(toks))
    cleaned = clean(text)
    found = set()
    for m in re.finditer(rf"\b{surname}\b", cleaned, flags=re.IGNORECASE):
        if not m.group()[:1].isupper():
            continue
        before = cleaned[max(0, m.start() - 60):m.start()].split()[-3:]
        for k in range(len(before) - 1, -1, -1):
            w = before[k]
            if not w[:1].isupper() or not re.fullmatch(r"[\w'.-]+", w):
                break
            if w.lower() in firsts:
                found.add(tuple(before[k:]) + tuple(m.group().split()))
                break
    if len(found) == 1:
        return list(found.pop())
    return None


def _names_in(e: _Entity, text: str) -> bool:
    """The article's text names this person in full (given name, up to three words, surname)."""
    if not e.first or len(e.first) < 2:
        return False
    return (e.first, e.surname) in _name_pairs(text)


@lru_cache(maxsize=64)
def _name_pairs(text: str) -> frozenset[tuple[str, str]]:
    """(given name, surname key) for each run of two to five capitalised words in a text."""
    out = set()
    for m in re.finditer(r"[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|al|el|de|van|von|bin|da|di))+", clean(text)):
        words = m.group().split()
        first = fold(words[0])
        for k in range(1, min(len(words), 5)):
            out.add((first, _surname_key(words[k].rstrip(".,"))))
    return frozenset(out)


def _roles_match(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 80


def speaker_name(sp: Speaker, eid: str | None, names: Mapping[str, str | None] | None) -> str | None:
    """The name a speaker takes once linked: a person's fuller name where the article had a
    shorter form of it (``Lavrov`` -> ``Sergei Lavrov``), else the article's."""
    name = sp.name
    full = (names or {}).get(eid) if eid else None
    if full and sp.type == "person" and name and full != name and _suffix(
            tuple(fold(w) for w in person_words(name)), tuple(fold(w) for w in full.split())):
        return full
    return name


def apply_entities(result: Result, ids: Mapping[tuple[str, int], str | None],
                   names: Mapping[str, str | None] | None = None) -> Result:
    """``result`` with each speaker's ``entity_id`` set to its cross-article entity.

    ``names`` (entity id -> canonical name) fills a person's fuller name where the article had a
    shorter form (``Lavrov`` -> ``Sergei Lavrov``).  The article's own speaker list takes the same
    ids, entities that became one being merged.
    """
    local_to_global: dict[str, str] = {}
    quotes = []
    for i, q in enumerate(result.quotes):
        sp = q.speaker
        if sp is not None:
            eid = ids.get((result.doc_id, i))
            if sp.entity_id and eid:
                local_to_global.setdefault(sp.entity_id, eid)
            sp = attrs.evolve(sp, entity_id=eid, name=speaker_name(sp, eid, names))
            q = attrs.evolve(q, speaker=sp)
        quotes.append(q)
    merged: dict[str, Entity] = {}
    for e in result.entities:
        gid = local_to_global.get(e.id, e.id)
        if gid in merged:
            old = merged[gid]
            merged[gid] = attrs.evolve(old, mentions=old.mentions + tuple(m for m in e.mentions if m not in old.mentions),
                                       roles=old.roles + tuple(r for r in e.roles if r not in old.roles))
        else:
            merged[gid] = attrs.evolve(e, id=gid)
    return attrs.evolve(result, quotes=tuple(quotes), entities=tuple(merged.values()))
