"""Content: where the reported words of a cue begin and end.

Right of the cue (``said (that) CLAUSE``, ``accused X of Y``, ``told Reuters: "..."``), past the
addressee of ``told``, time adverbials (``on Friday``) and reporting frames (``in a statement``);
or left of the source (``CLAUSE, sources said``).  Content stops at a new participial cue
(``, adding ...``), at ``according to`` and at a semicolon.
"""

from __future__ import annotations

import re
from typing import Sequence

from quoteattr.extract.sources import find_right_source, is_verbish, np_internal
from quoteattr.extract.words import Vocabulary
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.nlp.base import Token

TELL_LEMMAS = frozenset({"tell", "inform", "assure", "remind", "brief", "notify", "advise", "warn",
                         "promise", "reassure", "convince", "persuade", "write", "email", "text"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "reporters", "journalists",
                              "lawmakers", "supporters", "viewers", "listeners", "parliament", "congress"})
_FRAME_NOUNS = frozenset({"statement", "statements", "interview", "speech", "tweet", "tweets", "letter",
                          "email", "post", "posts", "briefing", "conference", "release", "remarks",
                          "address", "op-ed", "column", "memo", "filing", "video", "message", "report",
                          "blog", "appearance", "hearing", "rally", "debate", "broadcast", "session",
                          "meeting", "call", "podcast", "documentary", "book", "essay", "article",
                          "testimony", "event", "news", "press", "radio", "television", "twitter",
                          "facebook", "instagram", "cnn", "fox", "msnbc", "abc", "nbc", "cbs", "bbc"})
_STOP_PARTICIPLES = frozenset({"adding", "saying", "insisting", "claiming", "noting", "arguing",
                               "warning", "accusing", "explaining", "stressing", "suggesting", "calling",
                               "describing", "urging", "citing", "lamenting", "stating", "asking",
                               "acknowledging", "telling", "declaring", "pointing", "emphasising",
                               "emphasizing", "charging", "promising", "vowing", "blaming", "praising",
                               "criticising", "criticizing", "condemning", "denying", "predicting",
                               "complaining", "asserting", "reiterating", "referring", "recalling"})
# Verbs of thinking and feeling: a coordinated one continues the content ("he had watched the
# museum rise and thought of the days ..."), unlike a new verb of saying ("and warned ...").
BELIEF_LEMMAS = frozenset({"think", "believe", "hope", "fear", "feel", "know", "expect", "worry", "doubt",
                           "wonder", "suspect", "assume", "imagine", "understand", "realize", "realise",
                           "remember", "recall", "forget", "guess", "suppose", "want", "wish", "prefer"})
_PUNCT_END = set(".,;:!?—–-…")
# Words that end a noun-phrase object (``endorsed Smith in March``, ``backs the plan, which ...``).
_NP_STOPS = frozenset({",", ";", ":", "—", "–", "--", "―", "(", "as", "when", "while", "until", "because", "so",
                       "since", "after", "before", "where", "whereas", "in", "at", "during", "despite", "amid", "if",
                       "who", "which", "than", "but", "though", "although"})


def _low(t: Token) -> str:
    return t.text.lower()


def skip_time(toks: Sequence[Token], k: int, hi: int, vocab: Vocabulary) -> int:
    """Skip a time adverbial at ``k`` (``on Friday``, ``late Monday``, ``earlier this week``)."""
    start = k
    while k < hi:
        w = _low(toks[k])
        if k + 1 < hi and _low(toks[k + 1]) in ("’s", "'s"):
            break  # "Thursday’s failed talks" is content, not a time adverbial
        if w in vocab.time or re.fullmatch(r"\d{1,2}(:\d\d)?|\d{4}", w) or w in ("a.m.", "p.m."):
            k += 1
            continue
        if w in ("on", "late", "early", "earlier", "later", "last", "this", "next", "in") and k + 1 < hi \
                and (_low(toks[k + 1]) in vocab.time or (_low(toks[k + 1]) in ("on", "in", "this", "last", "next")
                                                         and k + 2 < hi and _low(toks[k + 2]) in vocab.time)):
            k += 1
            continue
        break
    return k if k > start else start


def skip_frame(toks: Sequence[Token], k: int, hi: int, vocab: Vocabulary) -> int:
    """Skip a reporting frame at ``k`` (``in a statement``, ``at a press conference in Ankara``,
    ``in an interview with Al-Jazeera``, ``on Twitter``)."""
    if k >= hi or _low(toks[k]) not in ("in", "at", "on", "during", "via", "through", "to"):
        return k
    if _low(toks[k]) == "to" and (k + 1 >= hi or _low(toks[k + 1]) not in vocab.det):
        return k  # "plans to call on ...": an infinitive, not "told it to a rally"
    e = k + 1
    seen_frame = False
    while e < hi and e - k <= 10:
        w = _low(toks[e])
        if w in _FRAME_NOUNS or w in vocab.frame_nouns:
            seen_frame = True
            e += 1
            continue
        if not seen_frame and (w in vocab.det or np_internal(toks[e], vocab)) and w != "that":
            e += 1
            continue
        if seen_frame and w in ("with", "to", "in", "on", "at", "from", "for", "of") and e + 1 < hi:
            # "with Al-Jazeera", "in Ankara", "on Friday"
            f = e + 1
            while f < hi and np_internal(toks[f], vocab) and _low(toks[f]) not in ("that",) and f - e <= 6 \
                    and _low(toks[f]) not in ("with", "to", "in", "on", "at", "from", "for", "of"):
                f += 1
            e = f
            continue
        break
    return e if seen_frame else k


def skip_addressee(toks: Sequence[Token], k: int, hi: int, lemma: str, vocab: Vocabulary) -> int:
    """After ``told``/``informed``: skip the listener (``told Reuters``, ``told reporters``)."""
    if lemma not in TELL_LEMMAS or k >= hi:
        return k
    w = _low(toks[k])
    if w in _OBJECT_PRONOUNS:
        return k + 1
    if w in ("that", ":", ",", "he", "she", "they", "we", "i", "it", "there") or toks[k].text in QUOTE_TOKENS:
        return k  # a subject pronoun begins the reported clause: "told voters he would ..."
    src = find_right_source(toks, k, hi, vocab)
    if src is not None and src.last - src.first <= 8:
        return src.last
    return k


def content_start(toks: Sequence[Token], k: int, hi: int, lemma: str, vocab: Vocabulary) -> int:
    """First token of the reported content right of a cue ending at ``k``."""
    for _ in range(4):
        k0 = k
        k = skip_time(toks, k, hi, vocab)
        k = skip_frame(toks, k, hi, vocab)
        k = skip_addressee(toks, k, hi, lemma, vocab)
        if k < hi and toks[k].text == "," and k + 1 < hi and (
                _low(toks[k + 1]) in vocab.time or _low(toks[k + 1]) in ("in", "at", "on")):
            k += 1
        if k == k0:
            break
    # "reported at the time that ...": a short adverbial before "that"
    if k < hi and _low(toks[k]) in vocab.prep:
        for j in range(k + 1, min(hi, k + 9)):
            w = _low(toks[j])
            if w == "that":
                k = j
                break
            if toks[j].text in (".", ";", ":", "\"", "“") or w in vocab.verbs:
                break
    # "said, without evidence, that ...": an aside between commas before "that"
    if k < hi and toks[k].text == ",":
        for j in range(k + 1, min(hi - 1, k + 10)):
            if toks[j].text == "," and _low(toks[j + 1]) == "that":
                k = j + 1
                break
            if toks[j].text in (".", ";", ":") or toks[j].text in QUOTE_TOKENS:
                break
    # "said, in a statement, that" / "said: ..."
    while k < hi and toks[k].text in (",", ":"):
        k += 1
    if k < hi and _low(toks[k]) == "that" and not (k + 1 < hi and (
            toks[k + 1].text in (",", ".") or _low(toks[k + 1]) in _PRONOUN_THAT_VERBS)):
        k += 1  # not "said that was wrong": there "that" is the subject of the reported words
    return k


# After "said that", a verb shows "that" is a pronoun, the subject of the reported clause.
_PRONOUN_THAT_VERBS = frozenset({"is", "was", "isn't", "wasn't", "isn’t", "wasn’t", "'s", "’s", "would",
                                 "will", "won't", "won’t", "has", "had", "hasn't", "hasn’t", "does", "doesn't",
                                 "doesn’t", "did", "didn't", "didn’t", "means", "meant", "makes", "made"})
_DO_FORMS = frozenset({"did", "does", "do"})
_NEW_SUBJECT = frozenset({"his", "her", "its", "their", "the"})
_SUBORDINATE = frozenset({"after", "before", "as", "when", "while", "because", "since", "until"})
# The words clause_end looks at (quotation marks, punctuation and conjunctions that may end a
# content): any other word, outside a noun-phrase object, just continues it.
_CLAUSE_TURNS = frozenset({";", ",", "according", "and", "but", "during", "“", "«", "‘", '"', "''", "``", "”", "»",
                           "’"}) | _SUBORDINATE


# Words in -ing that are not participles, or that open a phrase which stays in the content.
_ING_NOT_ADJUNCT = frozenset({"during", "including", "according", "notwithstanding", "morning", "evening",
                              "nothing", "something", "anything", "everything", "thing", "things", "king",
                              "spring", "string", "ring", "wing", "ceiling", "building", "meeting", "funding",
                              "spending", "training", "housing", "feeling", "ruling", "hearing", "ceasefire"})


def _participle_adjunct(toks: Sequence[Token], j: int, hi: int, vocab: Vocabulary) -> bool:
    """Does a participial adjunct begin at ``j`` (after a comma): ``, focusing on ...``,
    ``, even suggesting ...``?  It tells how the words were said, not what was said."""
    if j < hi and _low(toks[j]) in vocab.adv and _low(toks[j]) not in ("not",):
        j += 1
    if j >= hi:
        return False
    w = toks[j].text
    return w.isalpha() and w.islower() and w.endswith("ing") and len(w) > 5 and w not in _ING_NOT_ADJUNCT


def clause_end(toks: Sequence[Token], k: int, hi: int, vocab: Vocabulary, frame: str = "clause") -> int:
    """One past the last token of the content that starts at ``k``.

    The content runs to the end of the sentence, except: a new participial cue (``, adding``),
    ``according to``, a semicolon, a coordinated reporting verb (``and warned``), a contrasting
    clause with a subject of its own (``, but his talks are over``), and, after an object frame
    (``accused X of Y``, ``urged X to Y``), a following subordinate or purpose clause.
    """
    e = k
    depth = 0
    plain = frame != "np"  # outside a noun-phrase object, only the words of _CLAUSE_TURNS stop a content
    while e < hi:
        t = toks[e]
        w = t.text.lower()
        if plain and w not in _CLAUSE_TURNS:
            e += 1
            continue
        if not plain and depth == 0 and e > k and (
                w in _NP_STOPS or skip_time(toks, e, hi, vocab) > e
                or w in ("and", "or") and e + 1 < hi and (_low(toks[e + 1]) in vocab.aux or _low(toks[e + 1]) in vocab.adv
                                                          or is_verbish(toks[e + 1], vocab))):
            break  # a noun-phrase object ends at its first adjunct or clause
        if t.text in ("“", "«", "‘") or (t.text in ('"', "''", "``") and depth == 0):
            depth += 1
        elif t.text in ("”", "»", "’") or (t.text in ('"', "''") and depth > 0):
            depth = max(0, depth - 1)
        if w == ";" and depth == 0:
            break
        if depth == 0 and w == "," and e + 2 < hi and _low(toks[e + 1]) == "but" and _low(toks[e + 2]) in _NEW_SUBJECT:
            break
        if depth == 0 and frame in ("obj_of", "obj_to", "obj_for") and e > k + 2:
            if w in _SUBORDINATE or (w == "," and e + 1 < hi and _low(toks[e + 1]) == "to"):
                break
        if depth == 0 and frame in ("obj", "np", "obj_as", "obj_of", "obj_to", "obj_for") and e > k and w == "during":
            break  # "condemned the raid during a visit to ...": when it was said
        if depth == 0 and frame == "obj" and e > k and w == "," and e + 1 < hi \
                and _low(toks[e + 1]) in ("which", "who"):
            break  # "praised the plan, which includes ...": a comment on the object, not reported
        if w == "," and e + 1 < hi:
            nxt = _low(toks[e + 1])
            if nxt in _STOP_PARTICIPLES:
                break
            if depth == 0 and e > k + 2 and _participle_adjunct(toks, e + 1, hi, vocab):
                break
            if nxt == "according" and e + 2 < hi and _low(toks[e + 2]) == "to":
                break
        if w == "according" and e + 1 < hi and _low(toks[e + 1]) == "to" and e > k:
            break
        if w in ("and", "but") and e > k + 2 and depth == 0:
            f = e + 1
            while f < hi and (_low(toks[f]) in vocab.adv or _low(toks[f]) in ("also", "then", "later", "did", "not",
                                                                              "has", "have", "had")):
                f += 1
            rv = vocab.verbs.get(_low(toks[f])) if f < hi else None
            if rv is not None and rv.lemma != _low(toks[f]) and not toks[f].text[:1].isupper() \
                    and rv.lemma not in BELIEF_LEMMAS:
                stop = e - 1 if e > k and toks[e - 1].text == "," else e
                e = stop
                break
            if frame != "clause" and f < hi and _low(toks[f - 1]) == "not" and _low(toks[f - 2]) in _DO_FORMS:
                e = e - 1 if toks[e - 1].text == "," else e
                break  # "faulted X for Y but did not ...": a second predicate of the source
        e += 1
    while e > k and toks[e - 1].text in _PUNCT_END:
        e -= 1
    return e


_WORDISH = __import__("re").compile(r"\w")


def word_count(toks: Sequence[Token], a: int, b: int) -> int:
    """How many of tokens ``a``..``b`` are words (not punctuation)."""
    search = _WORDISH.search
    return sum(1 for t in toks[a:b] if search(t.text))
