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

from quoteattr.extract.descriptions import Description, covers, fits, read_description
from quoteattr.extract.roles import Mention, clean, read_mention
from quoteattr.extract.sources import _collect_np_left, _is_role_phrase, find_right_source, role_before_comma
from quoteattr.extract.words import NAME_PARTICLES, Vocabulary
from quoteattr.model import Entity, Span, Speaker
from quoteattr.nlp.base import ENTITIES, AnnotatedDoc

def is_cue_word(w: str, vocab: Vocabulary) -> bool:
    """A reporting verb form other than its base (``said``, ``told``): the end of an apposition."""
    rv = vocab.verbs.get(w.lower())
    return rv is not None and rv.lemma != w.lower()


# singular source words that leave gender open, for which news writes "they"
_NEUTRAL_HEADS = frozenset({"spokesperson", "person", "representative", "individual", "chairperson"})
PRONOUN_WINDOW = 3  # sentences back in which a pronoun looks for its antecedent
DESCRIPTION_WINDOW = 8  # sentences back in which "the German" looks for the person it describes
ROLE_WINDOW = 30  # sentences either side in which a description looks for a role that fits
LEAD_SENTENCES = 2  # sentences that make an article's lead, whose person descriptions fall back on


@attrs.define
class _Ent:
    id: str
    type: str
    names: list[str] = attrs.field(factory=list)
    roles: list[str] = attrs.field(factory=list)
    described: list[str] = attrs.field(factory=list)  # roles read off descriptions resolved to it
    members: tuple[str, ...] = ()  # a joint speaker's names
    mentions: list[tuple[int, int, str]] = attrs.field(factory=list)
    gender: str = "u"
    head: str | None = None

    @property
    def name(self) -> str | None:
        if not self.names:
            return None
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    @property
    def role(self) -> str | None:
        """The fullest description the article gives (``senior State Department official``
        over ``official``)."""
        if not self.roles:  # a title given with the name comes first
            return self.described[0] if self.described else None
        return max(self.roles, key=lambda r: (len(r.split()), len(r)))

    @property
    def all_roles(self) -> list[str]:
        return self.roles + self.described

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
    subject: bool = False  # does the mention open its sentence


class Resolver:
    """Resolves the source mentions of one document to speakers and entities."""

    def __init__(self, doc: AnnotatedDoc, vocab: Vocabulary, doc_id: str = "doc"):
        self.doc = doc
        self.vocab = vocab
        self.doc_id = doc_id
        self.ents: list[_Ent] = []
        self._by_surname: dict[str, list[_Ent]] = {}  # person entities by the last word of a name
        self._orgs: dict[str, _Ent] = {}  # organisation entities by normalised name
        self._by_token: dict[str, list[_Ent]] = {}  # person entities by every word of a name
        self.cands: list[_Cand] = []
        # indexes, so that each lookup costs a few entries rather than a pass over all of them
        self._cands_by_sent: dict[int, list[tuple[int, _Cand]]] = {}  # sentence -> (position, cand)
        self._position: dict[int, int] = {}  # id(entity) -> its index in self.ents
        self._role_tails: dict[str, list[tuple[int, str]]] = {}  # tail -> (entity index, normalised role)
        self._by_type_head: dict[tuple[str, str], int] = {}  # (type, head) -> last entity index
        self._org_name_ends: dict[str, list[int]] = {}  # last word of an organisation's name -> indexes
        self._starts_of: dict[int, list[int]] = {}  # id(entity) -> its candidate mentions' offsets, sorted
        self._persons_by_sent: dict[int, dict[int, _Ent]] = {}  # sentence -> the persons mentioned in it
        self._org_role_stems: dict[str, list[int]] = {}  # first letters of an organisation's role words
        self._acronyms: dict[str, str] = {}  # initials -> organisation name given in full
        self._starts = [t.start for t in doc.tokens]
        self._pending: list[tuple[Mention, Description, int]] = []
        self._descriptions: dict[str, list[tuple[str, frozenset[str]]]] = {}  # head noun -> unnamed-source phrases
        self._fuller: dict[tuple[str, frozenset[str]], str | None] = {}
        self._positions: dict[str, list[int]] | None = None
        self._cache: dict[tuple[int, int], tuple[Speaker, _Ent | None]] = {}
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
        lows = doc.lowered()
        for s in doc.sentences:
            i = s.first
            while i < s.last:
                t = toks[i]
                w = lows[i]
                if t.text[:1].isupper() and (w in vocab.first_names or w.rstrip(".") in vocab.honorifics
                                             or w in vocab.titles or self._after_role(i, s.first)):
                    j = i
                    while j < s.last and (toks[j].text[:1].isupper() or lows[j] in NAME_PARTICLES
                                          or toks[j].text == ".") and not (j > i and is_cue_word(toks[j].text, vocab)):
                        j += 1  # a title-case headline's verb ends the name: "Spokesperson Denies ..." 
                    if j - i >= 2:
                        span = _collect_np_left(toks, j - 1, s.first, vocab)
                        a = span[0] if span is not None and span[1] == j and span[0] < i else i
                        ent = self._add_span(a, j, speaker=False)
                        if ent is not None and ent.type == "person":
                            for role in self._appositions(a, j, s.first, s.last):
                                self._add_role(ent, role)
                    i = max(j, i + 1)
                    continue
                if w in vocab.org_words or w in vocab.media_words and (t.text[:1].isupper() or w not in vocab.mastheads):
                    span = _collect_np_left(toks, i, s.first, vocab)
                    if span is not None and span[1] == i + 1:
                        self._add_span(span[0], span[1], speaker=False, only=("organization",))
                i += 1

    def _after_role(self, i: int, first: int) -> bool:
        """Does a lower-case role noun or title come just before token ``i`` ("party leader X")?"""
        prev, low = self.doc.tokens[i - 1].text, self.doc.lowered()[i - 1]
        return i > first and prev[:1].islower() and (low in self.vocab.role_nouns or low in self.vocab.titles)

    def _appositions(self, a: int, b: int, lo: int, hi: int) -> list[str]:
        """Roles set off by commas around the name at tokens ``a``..``b``: ``NAME, the head of
        Y,`` and ``The deputy envoy, NAME,``."""
        toks, vocab, text = self.doc.tokens, self.vocab, self.doc.text
        out = []
        segs = []
        if b < hi and toks[b].text == ",":
            k = b + 1
            while k < hi and toks[k].text not in (",", ";", ":", "(", ")") and not is_cue_word(toks[k].text, vocab):
                k += 1
            if k < hi and toks[k].text == "," or k == hi:
                segs.append((b + 1, k))
        if a - 1 > lo and toks[a - 1].text == "," and b < hi and toks[b].text == ",":
            # "The deputy envoy, NAME,", "... when the prosecuting lawyer, NAME, claimed"
            np = role_before_comma(toks, a - 1, lo, vocab)
            if np is not None:
                segs.append(np)
        for x, y in segs:
            if x < y and _is_role_phrase(toks, (x, y), vocab):
                role = text[toks[x].start:toks[y - 1].end]
                out.append(_bare(clean(role)))
        return out

    def _add_span(self, a: int, b: int, *, speaker: bool, only: Iterable[str] = ("person", "organization")) -> _Ent | None:
        toks = self.doc.tokens
        m = read_mention(self.doc.text, [(t.start, t.end) for t in toks[a:b]], self.vocab)
        if m is None or m.type not in tuple(only):
            return None
        if m.type == "organization" and (m.name is None or m.head not in self.vocab.org_words | self.vocab.media_words
                                         and not any(c.isupper() for c in (m.name or "")[1:])):
            if m.head not in self.vocab.org_words and m.head not in self.vocab.media_words:
                return None
        ent = self._entity_for(m, create=True)
        if ent is not None:
            self._add_cand(_Cand(m.start, toks[a].sent, ent, speaker, self._opens_sentence(a)))
        return ent

    def _opens_sentence(self, a: int) -> bool:
        """Is token ``a`` the first word of its sentence (after a conjunction or quote mark)?"""
        toks = self.doc.tokens
        first = self.doc.sentences[toks[a].sent].first
        return all(toks[k].text.lower() in ("and", "but", "so", "then") or not toks[k].text[:1].isalnum()
                   for k in range(first, a))

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
            if best is None and len(toks) == 1:
                best = self._person_by_token(toks[0])
            if best is not None:
                self._merge(best, m)
                return best
        elif m.type == "organization" and m.name:
            key = _org_key(self._canonical_org(m.name))
            e = self._orgs.get(key)
            if e is None and len(key.split()) >= 2:
                # "the Foreign Ministry" after "Turkey's foreign ministry": the same, with its country
                e = next((o for k, o in reversed(self._orgs.items()) if k.endswith(" " + key)), None)
            if e is not None:
                self._merge(e, m)
                return e
        if not create:
            return None
        e = _Ent(f"{self.doc_id}#e{len(self.ents) + 1}", m.type, head=m.head, gender=m.gender)
        self._add_entity(e)
        self._merge(e, m)
        return e

    def _canonical_org(self, name: str) -> str:
        """``WHO`` -> ``World Health Organization``, ``No 10`` -> ``Downing Street`` (the
        institutions lexicon), or an acronym of an organisation the article names in full."""
        key = _org_key(name)
        known = self.vocab.institutions.get(key)
        if known is not None:
            return known[0]
        bare = re.sub(r"^the\s+", "", clean(name), flags=re.I)
        if bare.isupper() and 2 <= len(bare) <= 6 and bare.isalpha():
            full = self._acronyms.get(bare.lower())
            if full is not None:
                return full
        return name

    def _merge(self, e: _Ent, m: Mention) -> None:
        if m.type == "organization" and m.name:
            canonical = self._canonical_org(m.name)
            if canonical not in e.names:
                e.names.append(canonical)
                self._index(e, canonical)
        if m.name and m.name not in e.names:
            e.names.append(m.name)
            self._index(e, m.name)
        if m.role:
            self._add_role(e, _bare(m.role))
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
        role = _bare(m.role or appositive_role)
        if m.is_pronoun:
            ent = self._antecedent(m, sent)
            if ent is None:
                sp = Speaker(None, m.text, m.start, m.end, None, "anonymous" if m.head in ("i", "we") else "person")
                self._cache[key] = (sp, None)
                return sp
        elif self._may_describe(m) and (desc := read_description(m.text, self.vocab)) is not None and \
                (ent := self._described(m, desc, sent)) is not None:
            self._note_description(ent, m, desc)
            role = None
        elif m.type == "anonymous":
            ent = self._nominal_antecedent(m, sent)
            if ent is None:
                ent = self._new_entity(m, role)
                self._pending_description(m, sent)
        else:
            ent = self._entity_for(m, create=False) if m.type in ("person", "organization") else None
            if ent is None and m.type == "organization" and m.name and len(_name_tokens(m.name)) == 1:
                tok = _name_tokens(m.name)[0]
                ent = self._person_by_surname(tok) or self._person_by_token(tok)  # "Cavusoglu" after the full name
            if ent is None and m.type in ("organization", "group") and not m.members:
                ent = self._nominal_antecedent(m, sent)
            if ent is None:
                ent = self._new_entity(m, role)
                self._pending_description(m, sent)
            elif role:
                self._add_role(ent, role)
        ti = bisect.bisect_left(self._starts, m.start)
        subject = ti < len(self._starts) and self._starts[ti] == m.start and self._opens_sentence(ti)
        self._add_cand(_Cand(m.start, sent, ent, True, subject))
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
            members=tuple(clean(n) for n in ent.members),
        )
        self._cache[key] = (sp, ent)
        return sp

    def _described(self, m: Mention, d: Description, sent: int) -> _Ent | None:
        """The person a description stands for: one whose roles fit it (the best fit, nearest
        first, before the mention and then after it); failing that, for ``the German``, ``the
        54-year-old`` or ``the Rovers manager``, the nearest earlier speaker (or person in the
        sentences just before) that nothing rules out."""
        ranked = []
        near: dict[int, _Ent] = {}
        for si in range(sent - ROLE_WINDOW, sent + ROLE_WINDOW + 1):
            near.update(self._persons_by_sent.get(si, {}))
        for e in near.values():
            if not e.name or not e.all_roles:
                continue
            fit = fits(d, e.all_roles, self.vocab)
            if fit <= 0:
                continue
            starts = self._starts_of.get(id(e), [])
            i = bisect.bisect_left(starts, m.start)
            if i > 0:
                ranked.append((-fit, 0, m.start - starts[i - 1], e))
            elif i < len(starts) and any(covers(d, r, self.vocab) for r in e.all_roles):
                # named later: only a description that says all the role says ("The UN rights
                # chief ... UN rights chief Zeid Ra'ad Al Hussein")
                j = i + (starts[i] == m.start)
                if j < len(starts):
                    ranked.append((-fit, 1, starts[j] - m.start, e))
        if ranked:
            return min(ranked, key=lambda r: r[:3])[3]
        if d.kind == "role" and not d.proper:
            return None

        def people(sents) -> list[_Cand]:  # person candidates of these sentences, in text order
            return sorted((c for si in sents for _, c in self._cands_by_sent.get(si, ())
                           if c.ent.type == "person" and c.ent.name and fits(d, c.ent.all_roles, self.vocab) >= 0),
                          key=lambda c: c.start)

        window = [c for c in people(range(max(0, sent - DESCRIPTION_WINDOW), sent + 1)) if c.start < m.start]
        for c in reversed(window):
            if c.speaker:
                return c.ent
        for c in reversed(window):
            if sent - c.sent <= 1:
                return c.ent
        # journalism's default: a description with nothing nearer stands for the person the
        # article opened with, or, in the lead itself, the person it goes on to name
        lead = [c for c in people(range(0, min(sent, LEAD_SENTENCES) + 1)) if c.start < m.start]
        if lead:
            return lead[0].ent
        if sent <= LEAD_SENTENCES:
            later = [c for c in people(range(sent + 1, LEAD_SENTENCES + 2)) if c.start > m.start]
            return later[0].ent if later else None
        return None

    def _may_describe(self, m: Mention) -> bool:
        """A mention that names no one: no name read, or a "name" that is a nationality
        (``the Dutchman``)."""
        if m.type != "person" or not m.name:
            return True
        w = m.name.lower()
        return w in self.vocab.nationality_nouns or w in self.vocab.demonym_adjectives

    def _note_description(self, ent: _Ent, m: Mention, d: Description) -> None:
        role = _bare(re.sub(r"^(this|that)\s+", "", clean(m.text), flags=re.I))
        if d.kind == "role" and role and role not in ent.all_roles:
            ent.described.append(role)
            k = self._position.get(id(ent))
            if k is not None:
                self._note_role(k, role)

    def _pending_description(self, m: Mention, sent: int) -> None:
        """Keep a description the text has not resolved yet; :meth:`finish` tries again with the
        whole article read (``Agency chief says ...`` in a headline, the name in the lead)."""
        if self._may_describe(m) and (d := read_description(m.text, self.vocab)) is not None and sent <= LEAD_SENTENCES:
            self._pending.append((m, d, sent))

    def finish(self) -> None:
        """Resolve the descriptions left open, now that every speaker of the article is known."""
        for m, d, sent in self._pending:
            ent = self._described(m, d, sent)
            key = (m.start, m.end)
            if ent is None or key not in self._cache:
                continue
            placeholder = self._cache[key][1]
            self._note_description(ent, m, d)
            for k, (sp, e) in list(self._cache.items()):  # every mention the placeholder took
                if e is placeholder and e is not None:
                    ent.mentions.append((sp.start, sp.end, sp.mention))
                    self._cache[k] = (sp, ent)
        self._pending = []

    def _fuller_description(self, head: str | None, role: str) -> str:
        """The fullest phrase in the article that says all ``role`` says about an unnamed source
        (``spokesperson for Finance Minister Anna Berg`` for ``spokesperson for
        Ms Berg``), or ``role`` itself."""
        if not head:
            return role
        if head not in self._descriptions:
            toks, lows, found = self.doc.tokens, self.doc.lowered(), []
            if self._positions is None:  # every word's token indexes, built once
                self._positions = {}
                for i, w in enumerate(lows):
                    self._positions.setdefault(w, []).append(i)
            for i in self._positions.get(head, ()):
                s = self.doc.sentences[toks[i].sent]
                a = i
                while a > s.first and i - a < 5 and lows[a - 1] not in self.vocab.det \
                        and toks[a - 1].text[:1].isalpha() and not is_cue_word(toks[a - 1].text, self.vocab):
                    a -= 1
                if a == s.first or lows[a - 1] not in self.vocab.det:
                    continue  # a description opens with its article: "the spokesperson for ..."
                span = find_right_source(toks, a, s.last, self.vocab)
                m = read_mention(self.doc.text, [(t.start, t.end) for t in toks[a:span.last]], self.vocab) \
                    if span is not None else None
                if m is not None and m.type == "anonymous" and m.role:
                    found.append(_bare(clean(m.role)))
            # each phrase once, with its words, longest first
            self._descriptions[head] = [(r, frozenset(_norm(r).split())) for r in sorted(set(found), key=lambda r: (-len(r), r))]
        words = frozenset(w for w in _norm(role).split() if w.rstrip(".") not in self.vocab.honorifics)
        key = (head, words)
        if key not in self._fuller:
            self._fuller[key] = next((r for r, ws in self._descriptions[head] if words <= ws), None)
        return self._fuller[key] or role

    def final(self, sp: Speaker | None) -> Speaker | None:
        """``sp`` with what the whole article says about its entity: the fullest name and role
        (a role given after the quotation counts too)."""
        if sp is None or sp.start is None:
            return sp
        _, ent = self._cache.get((sp.start, sp.end), (None, None))
        if ent is None:
            return sp
        name = clean(ent.name) if ent.name and ent.type != "anonymous" else sp.name
        role = clean(ent.role) if ent.role else sp.role
        if ent.type == "anonymous" and role:
            role = self._fuller_description(ent.head, role)
        kind = _speaker_type(ent.type)
        if (name, role, ent.id, kind) == (sp.name, sp.role, sp.entity_id, sp.type):
            return sp
        return attrs.evolve(sp, name=name, role=role, entity_id=ent.id, type=kind)

    def _index(self, e: _Ent, name: str) -> None:
        if e.type == "person":
            toks = _name_tokens(name)
            if toks and e not in self._by_surname.setdefault(toks[-1], []):
                self._by_surname[toks[-1]].append(e)
            for t in toks:
                if e not in self._by_token.setdefault(t, []):
                    self._by_token[t].append(e)
        elif e.type == "organization":
            self._orgs[_org_key(name)] = e
            self._note_org_name(e)
            words = [w for w in re.sub(r"^the\s+", "", clean(name), flags=re.I).split() if w[:1].isupper()]
            if len(words) >= 2 and all(w.isalpha() for w in words):
                initials = "".join(w[0] for w in words).lower()
                self._acronyms.setdefault(initials, name)

    # -- the lookup indexes, kept up to date as entities, roles, names and candidates come -----
    def _add_cand(self, c: _Cand) -> None:
        self._cands_by_sent.setdefault(c.sent, []).append((len(self.cands), c))
        self.cands.append(c)
        bisect.insort(self._starts_of.setdefault(id(c.ent), []), c.start)
        if c.ent.type == "person":
            self._persons_by_sent.setdefault(c.sent, {})[id(c.ent)] = c.ent

    def _add_entity(self, e: _Ent) -> None:
        k = len(self.ents)
        self._position[id(e)] = k
        self.ents.append(e)
        for r in e.all_roles:
            self._note_role(k, r)
        if e.head:
            self._by_type_head[(e.type, e.head)] = k
        self._note_org_name(e)

    def _add_role(self, e: _Ent, role: str) -> None:
        if not role or role in e.roles:
            return
        e.roles.append(role)
        k = self._position.get(id(e))
        if k is not None:
            self._note_role(k, role)

    def _note_role(self, k: int, role: str) -> None:
        rn = _norm(role)
        self._role_tails.setdefault(_tail(rn), []).append((k, rn))
        if self.ents[k].type == "organization":
            for w in rn.split():
                self._org_role_stems.setdefault(w[:5], []).append(k)

    def _note_org_name(self, e: _Ent) -> None:
        k = self._position.get(id(e))
        words = _norm(e.name).split() if k is not None and e.type == "organization" and e.name else []
        if words:
            self._org_name_ends.setdefault(words[-1], []).append(k)

    def _person_by_token(self, token: str) -> _Ent | None:
        """The person whose full name holds ``token`` (``Tedla`` for ``Tedla Gebru
        Alemu``), when exactly one does."""
        found = [e for e in self._by_token.get(token, ()) if len(_name_tokens(e.name or "")) > 1]
        return found[0] if len(found) == 1 else None

    def _person_by_surname(self, surname: str) -> _Ent | None:
        for e in reversed(self._by_surname.get(surname, ())):
            if e.surname == surname:
                return e
        return None

    def _new_entity(self, m: Mention, role: str | None) -> _Ent:
        e = _Ent(f"{self.doc_id}#e{len(self.ents) + 1}", m.type, head=m.head, gender=m.gender, members=m.members)
        names = [self._canonical_org(m.name), m.name] if m.type == "organization" and m.name else [m.name]
        for n in names:
            if n and n not in e.names:
                e.names.append(n)
                self._index(e, n)
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
                # plural sources, or one whose word leaves gender open ("the spokesperson ... they said")
                return bool(c.ent.head and (c.ent.head.endswith("s") or c.ent.head in _NEUTRAL_HEADS))
            if p in ("he", "she") and c.ent.type == "anonymous":
                return not (c.ent.head and c.ent.head.endswith("s") and not c.ent.head.endswith("ss"))
            return True

        compatible = [c for c in earlier if ok(c)]
        if not compatible:
            return None
        speakers = [c for c in compatible if c.speaker and sent - c.sent <= 2]
        # the subject of this sentence or the one before outranks an earlier speaker: "Tom
        # Reyes criticized ... \"...,\" he said"
        subjects = [c for c in compatible if c.subject and sent - c.sent <= 1 and c.ent.type == "person"]
        if subjects and (not speakers or subjects[-1].start > speakers[-1].start):
            return subjects[-1].ent
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
        if m.head and len(m.head) >= 5 and " " not in text:
            # "the monitor" for an organisation described as "a monitoring group"
            stem = m.head[:6] if len(m.head) > 6 else m.head
            for k in reversed(self._org_role_stems.get(stem[:5], ())):
                if any(w.startswith(stem) for r in self.ents[k].all_roles for w in _norm(r).split()):
                    return self.ents[k]
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
                              _speaker_type(e.type), tuple(mentions), tuple(clean(r) for r in e.all_roles)))
        return tuple(out)


def _bare(role: str | None) -> str | None:
    """A role without its leading article (``The deputy US envoy`` -> ``deputy US envoy``)."""
    if not role:
        return role
    return re.sub(r"^(the|a|an)\s+", "", role, flags=re.I) or role


def _speaker_type(t: str) -> str:
    return t if t in ("person", "organization", "group", "anonymous") else "person"
