"""In-document coreference for speakers.

Resolves each source mention to an entity of the article: pronouns by gender, number and
recency with a preference for the previous speaker (``he told Reuters``); surnames and
honorifics to the fullest name in the article (``Mr Kerry`` -> ``John Kerry``); nominal
mentions to an organisation named before (``the ministry``) or to a person whose role they
repeat (``the UN rights chief`` -> ``Zeid Ra'ad Al Hussein``, even when the name comes later).
What the text does not settle stays unresolved: name None.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable

import attrs

from quoteattr.extract.roles import Mention, clean, read_mention
from quoteattr.extract.sources import _collect_np_left
from quoteattr.extract.words import NAME_PARTICLES, Vocabulary
from quoteattr.model import Entity, Span, Speaker
from quoteattr.nlp.base import ENTITIES, AnnotatedDoc

PRONOUN_WINDOW = 3  # sentences back in which a pronoun looks for its antecedent


@attrs.define
class _Ent:
    id: str
    type: str
    names: list[str] = attrs.field(factory=list)
    roles: list[str] = attrs.field(factory=list)
    mentions: list[tuple[int, int, str]] = attrs.field(factory=list)
    gender: str = "u"
    head: str | None = None

    @property
    def name(self) -> str | None:
        if not self.names:
            return None
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    @property
    def surname(self) -> str | None:
        n = self.name
        return _norm(n.split()[-1]) if n else None


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    return clean(s).lower().replace("’", "'")


def _tail(s: str) -> str:
    """What follows the last white space of ``s`` (a string that ends with another ends with
    the same tail, as long as the other holds white space)."""
    i = len(s)
    while i > 0 and not s[i - 1].isspace():
        i -= 1
    return s[i:]


@lru_cache(maxsize=4096)
def _org_key(name: str) -> str:
    return _norm(re.sub(r"^the\s+", "", name, flags=re.I))


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(w for w in _norm(name).split() if w not in NAME_PARTICLES)


@attrs.frozen
class _Cand:
    """A mention that can be an antecedent: where it is and which entity it belongs to."""

    start: int
    sent: int
    ent: _Ent
    speaker: bool


class Resolver:
    """Resolves the source mentions of one document to speakers and entities."""

    def __init__(self, doc: AnnotatedDoc, vocab: Vocabulary, doc_id: str = "doc"):
        self.doc = doc
        self.vocab = vocab
        self.doc_id = doc_id
        self.ents: list[_Ent] = []
        self._by_surname: dict[str, list[_Ent]] = {}  # person entities by the last word of a name
        self._orgs: dict[str, _Ent] = {}  # organisation entities by normalised name
        self.cands: list[_Cand] = []
        self._cache: dict[tuple[int, int], tuple[Speaker, _Ent | None]] = {}
        # indexes, so that each lookup costs a few entries rather than a pass over all of them
        self._cands_by_sent: dict[int, list[tuple[int, _Cand]]] = {}  # sentence -> (position, cand)
        self._position: dict[int, int] = {}  # id(entity) -> its index in self.ents
        self._role_tails: dict[str, list[tuple[int, str]]] = {}  # tail -> (entity index, normalised role)
        self._by_type_head: dict[tuple[str, str], int] = {}  # (type, head) -> last entity index
        self._org_name_ends: dict[str, list[int]] = {}  # last word of an organisation's name -> indexes
        self._scan_names()

    # -- candidate mentions in the whole text -------------------------------------------------
    def _scan_names(self) -> None:
        """Person names, named organisations and organisation phrases anywhere in the text."""
        doc, vocab = self.doc, self.vocab
        toks = doc.tokens
        if ENTITIES in doc.provides and doc.entities:
            starts = [t.start for t in toks]
            in_order = all(a <= b for a, b in zip(starts, starts[1:]))
            for em in doc.entities:
                if em.type in ("PERSON", "ORG", "NORP", "GPE"):
                    span = range(bisect.bisect_left(starts, em.start), bisect.bisect_right(starts, em.end)) \
                        if in_order else range(len(toks))
                    ti = [i for i in span if em.start <= toks[i].start and toks[i].end <= em.end]
                    if ti:
                        self._add_span(ti[0], ti[-1] + 1, speaker=False)
        for s in doc.sentences:
            i = s.first
            while i < s.last:
                t = toks[i]
                w = t.text.lower()
                after_role = i > s.first and toks[i - 1].text[:1].islower() and (
                    toks[i - 1].text.lower() in vocab.role_nouns or toks[i - 1].text.lower() in vocab.titles)
                if t.text[:1].isupper() and (w in vocab.first_names or w.rstrip(".") in vocab.honorifics
                                             or w in vocab.titles or after_role):
                    j = i
                    while j < s.last and (toks[j].text[:1].isupper() or toks[j].text.lower() in NAME_PARTICLES
                                          or toks[j].text == "."):
                        j += 1
                    if j - i >= 2:
                        span = _collect_np_left(toks, j - 1, s.first, vocab)
                        a = span[0] if span is not None and span[1] == j and span[0] < i else i
                        self._add_span(a, j, speaker=False)
                    i = max(j, i + 1)
                    continue
                if w in vocab.org_words or w in vocab.media_words:
                    span = _collect_np_left(toks, i, s.first, vocab)
                    if span is not None and span[1] == i + 1:
                        self._add_span(span[0], span[1], speaker=False, only=("organization",))
                i += 1

    def _add_span(self, a: int, b: int, *, speaker: bool, only: Iterable[str] = ("person", "organization")) -> None:
        toks = self.doc.tokens
        m = read_mention(self.doc.text, [(t.start, t.end) for t in toks[a:b]], self.vocab)
        if m is None or m.type not in tuple(only):
            return
        if m.type == "organization" and (m.name is None or m.head not in self.vocab.org_words | self.vocab.media_words
                                         and not any(c.isupper() for c in (m.name or "")[1:])):
            if m.head not in self.vocab.org_words and m.head not in self.vocab.media_words:
                return
        ent = self._entity_for(m, create=True)
        if ent is not None:
            self._add_cand(_Cand(m.start, toks[a].sent, ent, speaker))

    # -- entities ---------------------------------------------------------------------------
    def _entity_for(self, m: Mention, *, create: bool) -> _Ent | None:
        if m.type == "person" and m.name:
            toks = _name_tokens(m.name)
            best = None
            for e in self._by_surname.get(toks[-1], ()) if toks else ():
                etoks = _name_tokens(e.name or "")
                if etoks and (set(toks) <= set(etoks) or set(etoks) <= set(toks)):
                    if best is None or len(etoks) > len(_name_tokens(best.name or "")):
                        best = e
            if best is not None:
                self._merge(best, m)
                return best
        elif m.type == "organization" and m.name:
            e = self._orgs.get(_org_key(m.name))
            if e is not None:
                self._merge(e, m)
                return e
        if not create:
            return None
        e = _Ent(f"{self.doc_id}#e{len(self.ents) + 1}", m.type, head=m.head, gender=m.gender)
        self._add_entity(e)
        self._merge(e, m)
        return e

    def _merge(self, e: _Ent, m: Mention) -> None:
        if m.name and m.name not in e.names:
            e.names.append(m.name)
            self._index(e, m.name)
        if m.role and m.role not in e.roles:
            self._add_role(e, m.role)
        e.mentions.append((m.start, m.end, m.text))
        if e.gender == "u" and m.gender in ("m", "f"):
            e.gender = m.gender

    # -- resolution -------------------------------------------------------------------------
    def resolve(self, m: Mention | None, appositive_role: str | None = None) -> Speaker | None:
        """The speaker for source mention ``m`` (None for no source at all)."""
        if m is None:
            return None
        key = (m.start, m.end)
        if key in self._cache:
            return self._cache[key][0]
        sent = self.doc.sentence_of(m.start)
        sent = sent if sent is not None else 0
        ent: _Ent | None = None
        role = m.role or appositive_role
        if m.is_pronoun:
            ent = self._antecedent(m, sent)
            if ent is None:
                sp = Speaker(None, m.text, m.start, m.end, None, "anonymous" if m.head in ("i", "we") else "person")
                self._cache[key] = (sp, None)
                return sp
        elif m.type == "anonymous":
            ent = self._nominal_antecedent(m, sent)
            if ent is None:
                ent = self._new_entity(m, role)
        else:
            ent = self._entity_for(m, create=False) if m.type in ("person", "organization") else None
            if ent is None and m.type == "organization" and m.name and len(_name_tokens(m.name)) == 1:
                ent = self._person_by_surname(_name_tokens(m.name)[0])  # "Cavusoglu" after the full name
            if ent is None and m.type in ("organization", "group"):
                ent = self._nominal_antecedent(m, sent)
            if ent is None:
                ent = self._new_entity(m, role)
            elif role and role not in ent.roles:
                self._add_role(ent, role)
        self._add_cand(_Cand(m.start, sent, ent, True))
        ent.mentions.append((m.start, m.end, m.text))
        name = ent.name
        if ent.type == "anonymous":
            name = None
        speaker_role = role or (ent.roles[0] if ent.roles else None)
        sp = Speaker(
            name=clean(name) if name else None,
            mention=m.text,
            start=m.start,
            end=m.end,
            role=clean(speaker_role) if speaker_role else None,
            type=_speaker_type(ent.type),
            entity_id=ent.id,
        )
        self._cache[key] = (sp, ent)
        return sp

    def _index(self, e: _Ent, name: str) -> None:
        if e.type == "person":
            toks = _name_tokens(name)
            if toks and e not in self._by_surname.setdefault(toks[-1], []):
                self._by_surname[toks[-1]].append(e)
        elif e.type == "organization":
            self._orgs[_org_key(name)] = e
            self._note_org_name(e)

    # -- the lookup indexes, kept up to date as entities, roles, names and candidates come -----
    def _add_cand(self, c: _Cand) -> None:
        self._cands_by_sent.setdefault(c.sent, []).append((len(self.cands), c))
        self.cands.append(c)

    def _add_entity(self, e: _Ent) -> None:
        k = len(self.ents)
        self._position[id(e)] = k
        self.ents.append(e)
        for r in e.roles:
            self._note_role(k, r)
        if e.head:
            self._by_type_head[(e.type, e.head)] = k
        self._note_org_name(e)

    def _add_role(self, e: _Ent, role: str) -> None:
        e.roles.append(role)
        k = self._position.get(id(e))
        if k is not None:
            self._note_role(k, role)

    def _note_role(self, k: int, role: str) -> None:
        rn = _norm(role)
        self._role_tails.setdefault(_tail(rn), []).append((k, rn))

    def _note_org_name(self, e: _Ent) -> None:
        k = self._position.get(id(e))
        words = _norm(e.name).split() if k is not None and e.type == "organization" and e.name else []
        if words:
            self._org_name_ends.setdefault(words[-1], []).append(k)

    def _person_by_surname(self, surname: str) -> _Ent | None:
        for e in reversed(self._by_surname.get(surname, ())):
            if e.surname == surname:
                return e
        return None

    def _new_entity(self, m: Mention, role: str | None) -> _Ent:
        e = _Ent(f"{self.doc_id}#e{len(self.ents) + 1}", m.type, head=m.head, gender=m.gender)
        if m.name:
            e.names.append(m.name)
            self._index(e, m.name)
        if role:
            e.roles.append(role)
        self._add_entity(e)
        return e

    def _antecedent(self, m: Mention, sent: int) -> _Ent | None:
        p = m.head
        if p in ("i", "we", "you", "me", "us"):
            return None
        want = {"he": ("person", "anonymous"), "she": ("person", "anonymous"), "it": ("organization", "group"),
                "they": ("organization", "group", "anonymous", "person")}.get(p or "", ())
        gender = {"he": "m", "she": "f"}.get(p or "")
        if self.doc.sentence_of(m.start) == sent:
            # a candidate of a later sentence starts after m: only the window's sentences can hold
            # earlier ones, taken in the order they were found
            pool = [c for _, c in sorted((pc for si in range(sent - PRONOUN_WINDOW, sent + 1)
                                          for pc in self._cands_by_sent.get(si, ())), key=lambda pc: pc[0])]
        else:
            pool = self.cands
        earlier = [c for c in pool if c.start < m.start and sent - c.sent <= PRONOUN_WINDOW and c.ent.type in want]

        def ok(c: _Cand) -> bool:
            if gender and c.ent.gender not in ("u", gender):
                return False
            if p == "they" and c.ent.type in ("person",):
                return False
            if p == "they" and c.ent.type == "anonymous":
                return bool(c.ent.head and c.ent.head.endswith("s"))
            if p in ("he", "she") and c.ent.type == "anonymous":
                return not (c.ent.head and c.ent.head.endswith("s") and not c.ent.head.endswith("ss"))
            return True

        compatible = [c for c in earlier if ok(c)]
        if not compatible:
            return None
        speakers = [c for c in compatible if c.speaker and sent - c.sent <= 2]
        if speakers:
            return speakers[-1].ent
        return compatible[-1].ent

    def _nominal_antecedent(self, m: Mention, sent: int) -> _Ent | None:
        """``the ministry`` -> the organisation named before; ``the UN rights chief`` -> the person
        with that role (before or after); ``the official`` -> the anonymous official before."""
        text = _norm(m.text)
        text = re.sub(r"^(the|this|that)\s+", "", text)
        definite = _norm(m.text).startswith(("the ", "this ", "that "))
        if not definite:
            return None
        # the last entity with a role equal to the mention, or ending with it (a role that ends
        # with the mention has the mention's tail)
        several = len(text.split()) >= 2
        found = [k for k, rn in self._role_tails.get(_tail(text), ()) if rn == text or (several and rn.endswith(text))]
        if found:
            return self.ents[max(found)]
        if any(w[:1].isupper() for w in m.text.split()[1:]):
            return None  # a named organisation is its own entity, not "the committee" before it
        # the last entity of the same type and head, or the last organisation named "... HEAD"
        best = self._by_type_head.get((m.type, m.head), -1) if m.head else -1
        if m.type == "organization" and m.head:
            for k in self._org_name_ends.get(m.head, ()):
                e = self.ents[k]
                if k > best and e.name and _norm(e.name).split()[-1] == m.head:
                    best = k
        return self.ents[best] if best >= 0 else None

    def entities(self) -> tuple[Entity, ...]:
        """The speaker entities of the article (those that said something)."""
        out = []
        spoke = {id(ent) for sp, ent in self._cache.values() if ent is not None}
        for e in self.ents:
            if id(e) not in spoke:
                continue
            seen = set()
            mentions = []
            for s, t, txt in sorted(e.mentions):
                if (s, t) not in seen:
                    seen.add((s, t))
                    mentions.append(Span(s, t, txt))
            out.append(Entity(e.id, clean(e.name) if e.name and e.type != "anonymous" else None,
                              _speaker_type(e.type), tuple(mentions), tuple(clean(r) for r in e.roles)))
        return tuple(out)


def _speaker_type(t: str) -> str:
    return t if t in ("person", "organization", "group", "anonymous") else "person"
