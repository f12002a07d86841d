"""Read a source noun phrase: which words are the name, which the role, and what kind of
speaker it is.

``United Nations peace envoy Staffan de Mistura`` -> name ``Staffan de Mistura``, role ``United
Nations peace envoy``, person; ``Syrian state news agency SANA`` -> ``SANA``, ``Syrian state news
agency``, organization; ``an official with one of the main Aleppo rebel groups`` -> no name, role
``official with one of the main Aleppo rebel groups``, anonymous; ``Russia's foreign ministry`` ->
``Russian foreign ministry``, organization.
"""

from __future__ import annotations

import re
from typing import Sequence

import attrs

from quoteattr.extract.words import NAME_PARTICLES, Vocabulary
from quoteattr.memo import Memo, per_object

_ESCAPES = re.compile(r"\\(?=[’'\"“”])")
_PERSON_ROLE_HINTS = frozenset({
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "envoy", "chief",
    "head", "leader", "photographer", "official", "senator", "governor", "ambassador", "director",
    "chairman", "chairwoman", "commander", "general", "king", "queen", "prince", "pope", "mayor",
    "candidate", "nominee", "adviser", "advisor", "aide", "lawyer", "attorney", "judge", "analyst",
    "correspondent", "reporter", "editor", "professor", "doctor", "founder", "executive", "ceo",
    "chancellor", "premier", "speaker", "representative", "congressman", "congresswoman", "lawmaker",
})
_FEMALE_WORDS = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess",
                           "spokeswoman", "congresswoman", "chairwoman", "businesswoman", "sister",
                           "mother", "wife", "daughter", "woman", "girl", "actress", "she"})
_MALE_WORDS = frozenset({"mr", "sir", "lord", "king", "prince", "spokesman", "congressman", "chairman",
                         "businessman", "father", "brother", "husband", "son", "man", "boy", "actor", "he"})
_ANON_HEADS = frozenset({"source", "sources", "official", "officials", "person", "people", "spokesman",
                         "spokeswoman", "spokesperson", "aide", "aides", "diplomat", "diplomats",
                         "insider", "insiders", "witness", "witnesses", "resident", "residents",
                         "activist", "activists", "analyst", "analysts", "expert", "experts", "observer",
                         "observers", "member", "members", "correspondent", "officer", "officers",
                         "adviser", "advisers", "advisor", "advisors", "staffer", "staffers", "employee",
                         "employees", "investigator", "investigators", "critics", "critic", "supporters",
                         "monitor", "monitors", "reporter", "reporters", "worker", "workers", "doctor",
                         "doctors", "commander", "commanders", "negotiator", "negotiators", "lawmaker",
                         "lawmakers", "economist", "economists", "strategist", "strategists"})
_PLURAL_PRONOUNS = frozenset({"they", "we"})


@attrs.frozen
class Mention:
    """A source noun phrase, read: offsets of the whole phrase, its name and role parts."""

    start: int
    end: int
    text: str
    name: str | None
    role: str | None
    type: str  # person | organization | group | anonymous | pronoun
    gender: str = "u"  # m | f | n | u
    plural: bool = False
    name_span: tuple[int, int] | None = None
    head: str | None = None  # the head word of a nominal mention, lower-cased
    members: tuple[str, ...] = ()  # the names of a joint speaker ("Damascus and ... Moscow")

    @property
    def is_pronoun(self) -> bool:
        return self.type == "pronoun"


def clean(s: str) -> str:
    """Drop scraped-text escapes and squeeze white space (``Ra\\’ad`` -> ``Ra’ad``)."""
    return " ".join(_ESCAPES.sub("", s).replace("\u00a0", " ").split())


_INITIAL = re.compile(r"^[A-Z]\.$")
_DESCRIPTIVE_PREFIX = re.compile(r"\w-(?:based|backed|led|funded|owned|run|born|affiliated|linked|allied|registered)$")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|bin|ibn|abu|de|da|di|van|von|ben|ould)-[A-Z]")


def _is_cap(w: str) -> bool:
    """A word that can be part of a name: capitalised, or ``al-Assad``."""
    return w[:1].isupper() or bool(_PARTICLE_PREFIX.match(w))


def read_mention(text: str, toks: Sequence[tuple[int, int]], vocab: Vocabulary) -> Mention | None:
    """Read the noun phrase made of ``toks`` (raw-text offsets, in order)."""
    if not toks:
        return None
    # the reading depends on the phrase's own text alone: the same words elsewhere (a name met
    # again) read the same, moved to where they are
    base = toks[0][0]
    m = _mentions(vocab)[text[base:toks[-1][1]], tuple((s - base, e - base) for s, e in toks)]
    if m is None or base == 0:
        return m
    span = m.name_span
    return Mention(m.start + base, m.end + base, m.text, m.name, m.role, m.type, m.gender, m.plural,
                   span and (span[0] + base, span[1] + base), m.head, m.members)


# The readings of phrases by their text and their tokens' offsets in it, for a vocabulary.
_mentions = per_object(lambda vocab: Memo(lambda key: _read_phrase(key[0], key[1], vocab), limit=100_000))


def _read_phrase(text: str, toks: Sequence[tuple[int, int]], vocab: Vocabulary) -> Mention | None:
    """:func:`read_mention` itself, not remembered."""
    toks = [t for t in toks if text[t[0]:t[1]].strip()]
    while toks and text[toks[-1][0]:toks[-1][1]] in (",", "(", ")", "-", "—", "–", ":"):
        toks = toks[:-1]
    while toks and text[toks[0][0]:toks[0][1]] in (",", ")", "-", "—", "–", ":"):
        toks = toks[1:]
    if not toks:
        return None
    words = [text[s:e] for s, e in toks]
    lows = [w.lower().replace("\\", "") for w in words]
    start, end = toks[0][0], toks[-1][1]
    surface = text[start:end]
    if len(words) == 1 and lows[0] in vocab.pronouns:
        g, num, _person = vocab.pronouns[lows[0]]
        return Mention(start, end, surface, None, None, "pronoun",
                       gender={"m": "m", "f": "f", "n": "n"}.get(g, "u"), plural=num == "pl",
                       head=lows[0])
    if lows[0] in ("who", "which", "that") and not words[0].isupper():
        return None  # a relative pronoun; "WHO" is the World Health Organization
    # strip a leading determiner for the name/role reading
    body = list(range(len(words)))
    det_first = lows[0] in vocab.det
    if det_first:
        body = body[1:]
    if not body:
        return None
    # a capital or seat of government standing for a government ("Moscow said", "No 10",
    # "the Kremlin"): an organisation, under the institution's usual name
    seat = " ".join(lows[k] for k in body)
    if " ".join(lows) in vocab.institutions:  # "No 10", whose "No" is no determiner
        body, seat = list(range(len(words))), " ".join(lows)
    if seat in vocab.institutions or seat in vocab.places:
        name = vocab.institutions[seat][0] if seat in vocab.institutions else clean(_span_text(text, toks, body[0], body[-1]))
        return Mention(start, end, surface, name, None, "organization", "n",
                       name_span=(toks[body[0]][0], toks[body[-1]][1]), head=lows[body[-1]])
    joint = _joint_mention(text, toks, words, lows, body, vocab)
    if joint is not None:
        return attrs.evolve(joint, start=start, end=end, text=surface)
    if det_first and len(body) == 1 and (lows[body[0]] in vocab.demonym_adjectives or lows[body[0]] in vocab.nationality_nouns):
        # "the German said", "the Dutchman said": a person described by nationality
        return Mention(start, end, surface, None, clean(words[body[0]]), "anonymous", _gender(words, lows, None, vocab),
                       head=lows[body[0]])
    # a descriptive prefix is no part of a name: "Britain-based Syrian Observatory for Human Rights"
    prefix = None
    if len(body) > 1 and _DESCRIPTIVE_PREFIX.search(lows[body[0]]) and _is_cap(words[body[1]]):
        prefix = clean(words[body[0]])
        body = body[1:]
    # "Yasser al-Youssef of the leading ... faction": NAME + of/with/from/at + description
    # "The Syrian Observatory for Human Rights", "International Committee of the Red Cross": a
    # capitalised organisation word makes the whole phrase the organisation's name
    org_caps = [k for k in body if _is_cap(words[k]) and (lows[k] in vocab.org_words or lows[k] in vocab.media_words)]
    if org_caps and _titled_person(words, lows, body, vocab):
        org_caps = []  # "Security Council President Maria Lopez": a person, titled by an office
    split = _person_then_place(words, lows, body, vocab)
    if split is not None:
        # "Anna Berg in The Daily Herald", "Tom Reyes of the Morning Post": the person first
        run, prep = split
        rest = [k for k in body if k > prep]
        role = clean(_span_text(text, toks, prep, rest[-1])) if lows[prep] not in ("in", "on") else None
        return Mention(start, end, surface, clean(" ".join(words[k] for k in run)), role, "person",
                       _gender(words, lows, run, vocab), name_span=(toks[run[0]][0], toks[run[-1]][1]),
                       head=lows[run[-1]])
    if org_caps and all(_is_cap(words[k]) or lows[k] in vocab.det or lows[k] in vocab.prep or lows[k] in ("&", "and")
                        for k in body if k > org_caps[-1]) and not any(lows[k] in vocab.first_names for k in body[:1]):
        first_cap = next(k for k in body if _is_cap(words[k]))
        name = clean(_span_text(text, toks, first_cap, body[-1]))
        role = clean(_span_text(text, toks, body[0], first_cap - 1)) if first_cap > body[0] else None
        if role and not _has_role_word(lows, [k for k in body if k < first_cap], vocab):
            role = None
        return Mention(start, end, surface, _demonymize(name, vocab), role or prefix, "organization", "n",
                       name_span=(toks[first_cap][0], toks[body[-1]][1]), head=lows[org_caps[-1]])
    name_idx = _trailing_name(words, lows, body, vocab)
    last = lows[body[-1]]
    if name_idx is not None and name_idx[-1] == body[-1] and last.endswith("s") and (
            last[:-1] in vocab.titles or last[:-1] in vocab.role_nouns):
        # "Brexit-backing MPs", "Senate Democrats' aides": people described, not named
        phrase = clean(_span_text(text, toks, body[0], body[-1]))
        return Mention(start, end, surface, None, phrase, "anonymous", "u", plural=True, head=last)
    if name_idx is not None and name_idx[0] - 1 in body and lows[name_idx[0] - 1] in vocab.prep \
            and name_idx[0] - 1 > body[0]:
        name_idx = None  # "forces loyal to Assad", "correspondent in Aleppo": the name is a modifier
    if name_idx is not None:
        link = next((k for k in body if body[0] < k < name_idx[0] and lows[k] in ("for", "to", "with")), None)
        if link is not None and not _is_cap(words[link - 1]) and (
                lows[link - 1] in vocab.role_nouns or lows[link - 1] in vocab.titles):
            # "the spokesperson for Prime Minister Anna Berg", "an aide to President X": the person
            # named is whom the speaker works for; the speaker is not named
            phrase = clean(_span_text(text, toks, body[0], body[-1]))
            return Mention(start, end, surface, None, phrase, "anonymous", _gender(words, lows, None, vocab),
                           head=lows[link - 1])
    of_split = None
    if name_idx is None:
        for k in body:
            if lows[k] in ("of", "with", "from", "at", "for") and k > body[0]:
                head_run = _trailing_name(words, lows, [b for b in body if b < k], vocab)
                if head_run is not None and head_run[-1] == k - 1 and _looks_like_person(words, lows, head_run, vocab):
                    of_split = k
                    name_idx = head_run
                break
    gender = _gender(words, lows, name_idx, vocab)
    if name_idx is not None:
        name_tokens = [words[k] for k in name_idx]
        name = clean(" ".join(name_tokens))
        before = [k for k in body if k < name_idx[0]]
        after = [k for k in body if k > name_idx[-1]]
        honor = [k for k in before if lows[k].rstrip(".") in vocab.honorifics]
        role_idx = [k for k in before if k not in honor]
        person = _looks_like_person(words, lows, name_idx, vocab) or bool(honor) or _role_is_personal(lows, role_idx, vocab)
        orgish = any(lows[k] in vocab.org_words or lows[k] in vocab.media_words for k in role_idx)
        if orgish and not _role_is_personal(lows, role_idx, vocab):
            person = False
        role = None
        role_idx = _role_part(lows, role_idx, vocab)
        if role_idx and _has_role_word(lows, role_idx, vocab):
            role = _span_text(text, toks, role_idx[0], role_idx[-1])
        if of_split is not None and after:
            role = _span_text(text, toks, after[0], after[-1])
        elif after and not role and lows[after[0]] in ("of", "with", "from", "at"):
            role = _span_text(text, toks, after[0], after[-1])
        if person:
            return Mention(start, end, surface, name, clean(role) if role else None, "person", gender,
                           name_span=(toks[name_idx[0]][0], toks[name_idx[-1]][1]),
                           head=lows[name_idx[-1]])
        org_name = name
        if role_idx and not orgish:  # words before the name that are no role belong to it
            org_name = clean(" ".join(words[k] for k in body))
            role = None
        return Mention(start, end, surface, _demonymize(org_name, vocab), clean(role) if role else None,
                       "organization", "n", name_span=(toks[name_idx[0]][0], toks[name_idx[-1]][1]),
                       head=lows[body[-1]])
    # no proper name: an anonymous source, a group or an organisation described in words; the
    # head is the last word before a preposition ("official with one of the main rebel groups")
    head_pos = next((k for k in body if lows[k] in vocab.prep and k > body[0]), None)
    head = lows[head_pos - 1] if head_pos is not None else lows[body[-1]]
    phrase = clean(_span_text(text, toks, body[0], body[-1]))
    content_words = [lows[k] for k in body if _is_cap(words[k]) or lows[k] not in vocab.mastheads]
    if any(w in vocab.org_words or w in vocab.media_words for w in content_words) and head not in _ANON_HEADS:
        return Mention(start, end, surface, _demonymize(phrase, vocab), None, "organization", "n",
                       head=head)
    if head in _ANON_HEADS or (head_pos is None and any(w in _ANON_HEADS for w in content_words[:4])):
        plural = head.endswith("s") and not head.endswith("ss")
        return Mention(start, end, surface, None, phrase, "anonymous", gender, plural=plural, head=head)
    if any(w in vocab.group_words for w in content_words):
        return Mention(start, end, surface, phrase, None, "group", "n", plural=True, head=head)
    if any(_is_cap(words[k]) for k in body):
        return Mention(start, end, surface, _demonymize(phrase, vocab), None, "organization", "n", head=head)
    if head in vocab.role_nouns:
        return Mention(start, end, surface, None, phrase, "anonymous", gender, head=head)
    return Mention(start, end, surface, phrase, None, "group", "n", plural=head.endswith("s"), head=head)


def _joint_mention(text: str, toks: Sequence[tuple[int, int]], words: list[str], lows: list[str],
                   body: list[int], vocab: Vocabulary) -> Mention | None:
    """Two speakers joined by ``and`` (``Acme and Globex``, ``Damascus and its ally Moscow``): a
    group named after the first, as annotators name joint speakers, listing both.  One name with
    ``and`` inside (``Competition and Markets Authority``) is no joint speaker."""
    ands = [k for k in body if lows[k] == "and"]
    if len(ands) != 1 or ands[0] in (body[0], body[-1]):
        return None
    x = ands[0]
    left, right = [k for k in body if k < x], [k for k in body if k > x]
    if len(left) == 1 and lows[right[-1]] in vocab.org_words:
        return None  # "Food and Drug Administration"
    a = read_mention(text, [toks[k] for k in left], vocab)
    if a is None or not a.name or a.type not in ("person", "organization") or not _is_cap(words[left[-1]]):
        return None  # "vice chair and president Tom Reyes"
    if lows[right[0]] in ("its", "their") and len(right) > 1 and not _is_cap(words[right[-1]]):
        # "Ottawa and its provinces", "Acme and their rivals": the first and its own
        b_name = clean(_span_text(text, toks, right[1], right[-1]))
        return Mention(a.start, toks[right[-1]][1], "", a.name, None, "group", "n", plural=True, head=None,
                       members=(a.name, b_name))
    if not _is_cap(words[right[-1]]):
        return None
    b = read_mention(text, [toks[k] for k in right], vocab)
    if b is None or not b.name or b.type not in ("person", "organization"):
        return None
    return Mention(a.start, b.end, "", a.name, None, "group", "n", plural=True, head=None,
                   members=(a.name, b.name))


def _person_then_place(words: list[str], lows: list[str], body: list[int], vocab: Vocabulary) -> tuple[list[int], int] | None:
    """A phrase led by a given name and surname, then ``of``/``in``/``at``/... and a capitalised
    phrase: the name's indices and the preposition's index."""
    if len(body) < 4 or lows[body[0]] not in vocab.first_names:
        return None
    run = []
    for k in body:
        if _is_cap(words[k]) or (lows[k] in NAME_PARTICLES and run):
            run.append(k)
            continue
        break
    if len(run) < 2 or len(run) > 4 or run[-1] + 1 >= len(words) or run[-1] + 1 not in body:
        return None
    prep = run[-1] + 1
    if lows[prep] not in ("of", "in", "at", "from", "with", "on", "for"):
        return None
    rest = [k for k in body if k > prep]
    if not rest or not any(_is_cap(words[k]) for k in rest):
        return None
    return run, prep


def _titled_person(words: list[str], lows: list[str], body: list[int], vocab: Vocabulary) -> bool:
    """Does the phrase end in a person's name led by a given name, right after a title
    (``... Council President Maria Lopez``)?"""
    run = _trailing_name(words, lows, body, vocab)
    if not run or (lows[run[0]] not in vocab.first_names and len(run) < 2) or run[0] - 1 not in body:
        return False
    before = lows[run[0] - 1].rstrip(".")
    return before in vocab.titles or before in vocab.role_nouns or before in vocab.honorifics


def _role_part(lows: list[str], idx: list[int], vocab: Vocabulary) -> list[int]:
    """The words of a role, from the first prepositional segment that holds a role word on:
    ``his communication with Russian counterpart`` -> ``Russian counterpart``; ``US Secretary of
    State`` stays whole."""
    segments: list[list[int]] = [[]]
    for k in idx:
        if lows[k] in vocab.prep and segments[-1]:
            segments.append([])
        segments[-1].append(k)
    for n, seg in enumerate(segments):
        if _has_role_word(lows, seg, vocab):
            out = [k for s in segments[n:] for k in s]
            while out and lows[out[0]] in vocab.prep:
                out = out[1:]
            return out
    return idx


def _has_role_word(lows: list[str], idx: list[int], vocab: Vocabulary) -> bool:
    return any(lows[k].rstrip(".") in vocab.titles or lows[k] in vocab.role_nouns or lows[k] in vocab.modifiers
               or lows[k] in vocab.org_words or lows[k] in vocab.media_words or lows[k] in vocab.demonym_adjectives
               for k in idx)


def _span_text(text: str, toks: Sequence[tuple[int, int]], a: int, b: int) -> str:
    return text[toks[a][0]:toks[b][1]]


def _trailing_name(words: list[str], lows: list[str], body: list[int], vocab: Vocabulary) -> list[int] | None:
    """Indices of the run of capitalised words (with name particles) that ends the phrase."""
    if not body:
        return None
    run: list[int] = []
    k = len(body) - 1
    while k >= 0:
        i = body[k]
        w, lw = words[i], lows[i].rstrip(".")
        if lw in ("’s", "'s", "(", ")") or not w:
            break
        is_cap = _is_cap(w)
        if is_cap and (lw in vocab.titles or lw in vocab.honorifics) and run:
            break
        if is_cap and lw in vocab.org_words and run:
            break
        if is_cap and lw in vocab.demonym_adjectives:
            break
        if is_cap and lw in vocab.modifiers and run:
            break
        if is_cap and i > 0 and lows[i - 1] == "of" and run:
            break  # "Secretary of State John Kerry": "State" belongs to the title
        if is_cap or (lw in NAME_PARTICLES and run and _cap_before_particles(words, lows, i)):
            run.insert(0, i)
            k -= 1
            continue
        break
    while run and lows[run[0]] in NAME_PARTICLES:
        run = run[1:]
    if not run:
        return None
    # a single title word is not a name ("the President")
    if len(run) == 1 and (lows[run[0]] in vocab.titles or lows[run[0]] in vocab.role_nouns
                          or lows[run[0]] in vocab.org_words or lows[run[0]] in vocab.group_words):
        return None
    # nor a title-case office ("Fed Chair Says ...", "Acme President"), unless a given name
    # leads it ("John King")
    last = lows[run[-1]].rstrip(".")
    if len(run) <= 3 and (last in vocab.titles or last in vocab.role_nouns) and \
            not any(lows[i] in vocab.first_names for i in run):
        return None
    # the name starts at the first given name, if any ("Foreign Minister Sergei Lavrov")
    for pos, i in enumerate(run):
        if lows[i] in vocab.first_names and pos < len(run) - 1:
            run = run[pos:]
            break
    # a leading title inside the run is role, not name ("President Obama")
    while len(run) > 1 and (lows[run[0]].rstrip(".") in vocab.titles or lows[run[0]].rstrip(".") in vocab.honorifics
                            or lows[run[0]] in vocab.role_nouns or lows[run[0]] in vocab.modifiers):
        run = run[1:]
    return run


def _cap_before_particles(words: list[str], lows: list[str], i: int) -> bool:
    """Is the word before the particles at ``i`` capitalised (``Karel van der Berg``)?"""
    k = i - 1
    while k >= 0 and lows[k] in NAME_PARTICLES:
        k -= 1
    return k >= 0 and _is_cap(words[k])


def _looks_like_person(words: list[str], lows: list[str], run: list[int], vocab: Vocabulary) -> bool:
    if any(lows[i] in vocab.org_words or lows[i] in vocab.media_words or lows[i] in vocab.group_words for i in run):
        return False
    if lows[run[0]] in vocab.first_names:
        return True
    if len(run) == 1:
        w = words[run[0]]
        return not (w.isupper() or lows[run[0]] in vocab.places or lows[run[0]] in vocab.demonym_adjectives
                    or lows[run[0]] in vocab.titles or lows[run[0]] in vocab.role_nouns) and len(w) > 2
    if len(run) >= 2 and all(_is_cap(words[i]) or lows[i] in NAME_PARTICLES for i in run) \
            and not any(w.isupper() and len(w) > 1 and not _INITIAL.match(w) for w in (words[i] for i in run)) \
            and not any(lows[i] in vocab.demonyms for i in run) and len(run) <= 4:
        return True
    return False


def _role_is_personal(lows: list[str], role_idx: list[int], vocab: Vocabulary) -> bool:
    if not role_idx:
        return False
    last = lows[role_idx[-1]].rstrip(".")
    return last in _PERSON_ROLE_HINTS or last in vocab.titles or last in vocab.honorifics or (
        last in vocab.role_nouns and last not in vocab.org_words and last not in vocab.media_words)


def _gender(words: list[str], lows: list[str], name_idx: list[int] | None, vocab: Vocabulary) -> str:
    for w in lows:
        w = w.rstrip(".")
        if w in _FEMALE_WORDS:
            return "f"
        if w in _MALE_WORDS:
            return "m"
    if name_idx:
        g = vocab.first_names.get(lows[name_idx[0]])
        if g in ("m", "f"):
            return g
    return "u"


def _demonymize(name: str, vocab: Vocabulary) -> str:
    """``Russia's foreign ministry`` -> ``Russian foreign ministry`` (how the field names it)."""
    m = re.match(r"^(.+?)\s*\\?[’']s\s+(.+)$", name)
    if m:
        adj = vocab.demonyms.get(m.group(1).lower())
        if adj:
            return f"{adj.capitalize()} {m.group(2)}"
    # "The Islamic State (IS) group" -> "Islamic State group"
    name = re.sub(r"\s*\([^)]*\)", "", name)
    return name
