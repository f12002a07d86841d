"""Sources: find the noun phrase that says the quotation, left or right of its cue.

Without syntax this works on the surface: skip the adverbs and auxiliaries between subject
and verb (``Lavrov however said``, ``has also said``), look past appositions and relative
clauses set off by commas (``Putin, whose country has been blamed ..., claimed``; ``The
Observatory, a monitoring group, said``), and collect the phrase out to a clause boundary.
"""

from __future__ import annotations

import re
from typing import Sequence

import attrs

from quoteattr.extract.words import NAME_PARTICLES, RELATIVE, SUBORDINATORS, Vocabulary
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.nlp.base import Token

_NOT_VERB_ED = frozenset({"united", "armed", "based", "backed", "led", "related", "concerned", "red",
                          "hundred", "bed", "shed", "unnamed", "retired", "elected", "appointed",
                          "designated", "detailed", "advanced", "experienced", "qualified", "skilled",
                          "organised", "organized", "interested", "hundreds", "speed", "seed", "feed",
                          "embed", "biased", "reed", "need", "deed", "unidentified", "self-styled",
                          "so-called", "alleged", "accused", "associated", "affiliated", "assisted",
                          "supported", "sponsored", "funded", "owned", "run"})
_NOT_VERB_ING = frozenset({"leading", "ruling", "governing", "ranking", "opposing", "reigning",
                           "outgoing", "incoming", "acting", "presiding", "serving", "sitting",
                           "visiting", "ongoing", "king", "thing", "spring", "string", "ring", "wing",
                           "building", "morning", "evening", "beijing", "wedding", "meeting", "briefing",
                           "hearing", "bombing", "shooting", "fighting", "funding", "polling", "training",
                           "housing", "offering", "landing", "standing", "wellbeing", "warning",
                           "reporting", "listening", "reading", "ceiling", "something", "nothing",
                           "anything", "everything", "lasting", "founding", "managing", "striking"})
# Common irregular past forms, which the -ed test misses ("Mr Kerry met Mr Lavrov").
IRREGULAR_PAST = frozenset({"met", "went", "made", "took", "gave", "came", "got", "saw", "left", "held", "won",
                            "lost", "began", "sent", "spent", "kept", "brought", "thought", "found", "put", "ran",
                            "fell", "led", "paid", "sold", "built", "struck", "stood", "sat", "became", "bought",
                            "caught", "chose", "drew", "drove", "ate", "fought", "flew", "forgot", "grew", "heard",
                            "hid", "hit", "hurt", "knew", "laid", "meant", "rose", "sang", "shot", "shut", "slept",
                            "spoke", "stole", "swore", "taught", "tore", "threw", "understood", "woke", "wore",
                            "wrote", "felt", "read", "set", "cut", "let", "quit", "beat", "bet", "broke", "did",
                            "had", "was", "were", "is", "are", "has", "have", "does", "seemed", "appeared"})
_IN_NP_PREPS = frozenset({"of", "for", "to", "with", "in", "at", "from", "on", "within"})
_NP_BREAK = frozenset({",", ";", ":", "—", "–", "--", "-", "\"", "“", "”", "‘", "’", "'", "«", "»", "(", ")", "''", "``",
                       "[", "]", "?", "!", ".", "…"})
_WH = frozenset({"what", "whatever", "how", "why", "whoever", "whichever", "wherever", "whether"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})


@attrs.frozen
class SourceSpan:
    """Token indices ``first``..``last`` (exclusive) of a source phrase, and any apposition or
    relative clause read on the way (``appositive`` as token indices)."""

    first: int
    last: int
    appositive: tuple[int, int] | None = None
    boundary: int | None = None  # index of the token (e.g. a comma) just left of the phrase


def _low(t: Token) -> str:
    return t.text.lower()


def is_verbish(t: Token, vocab: Vocabulary) -> bool:
    """A guess without a tagger: could this word be a finite or participle verb?"""
    if t.upos is not None:
        return t.upos in ("VERB", "AUX")
    w = _low(t)
    if t.text[:1].isupper() or "-" in w:
        return False
    rv = vocab.verbs.get(w)
    if rv is not None and rv.lemma == w:
        return False  # base forms double as nouns: "state television", "a report"
    if rv is not None or w in vocab.aux or w in IRREGULAR_PAST:
        return True
    if w.endswith("ed") and len(w) > 4 and w not in _NOT_VERB_ED:
        return True
    if w.endswith("ing") and len(w) > 5 and w not in _NOT_VERB_ING:
        return True
    return False


def np_internal(t: Token, vocab: Vocabulary) -> bool:
    """Can this token sit inside a source noun phrase?"""
    w = _low(t)
    if w in _NP_BREAK:
        return False
    if t.upos is not None:
        return t.upos in ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "ADP") or w in ("’s", "'s")
    if t.text[:1].isupper():
        # sentence-initial "And", "But", "In", "However" are not names
        return not (w in vocab.conj or w in vocab.prep or w in vocab.adv or w in SUBORDINATORS
                    or w in _SUBJECT_PRONOUNS) or w in ("us",)
    if w in ("’s", "'s", "\\’s", "\\'s", "&"):
        return True
    if w in vocab.det and w not in ("that", "this", "no"):
        return True
    if w in _IN_NP_PREPS:
        return True
    if w in _SUBJECT_PRONOUNS or w in SUBORDINATORS or w in RELATIVE or w in vocab.conj or w in _WH:
        return False
    if w in vocab.adv or w in vocab.aux or w in vocab.prep:
        return False
    if is_verbish(t, vocab):
        return False
    return bool(re.match(r"^[\w\\’'-]+$", w))


def skip_adverbials_left(toks: Sequence[Token], j: int, lo: int, vocab: Vocabulary) -> int:
    """Move left from ``j`` past adverbs and auxiliaries (``has also``, ``however``)."""
    while j >= lo:
        w = _low(toks[j])
        if w == "far" and j - 1 >= lo and _low(toks[j - 1]) in ("so", "thus"):
            j -= 2  # "have so far rejected"
            continue
        if w == "part" and j - 2 >= lo and _low(toks[j - 2]) == "for" and _low(toks[j - 1]) in ("its", "his", "her", "their", "our", "my"):
            j -= 3  # "Washington for its part accused"
            continue
        if w in vocab.adv or w in vocab.aux or w in ("not", "n't", "n’t", "never", "also", "later", "earlier", "then") \
                or _ly_adverb(toks[j]):
            j -= 1
            continue
        t = _time_adverbial_left(toks, j, lo, vocab)
        if t < j:
            j = t  # "Lavrov on Monday said", "the minister earlier this week told"
            continue
        break
    return j


_NOT_ADVERB_LY = frozenset({"family", "assembly", "monopoly", "supply", "anomaly", "rally", "ally", "butterfly",
                            "jelly", "belly", "bully", "reply", "fly", "july", "italy", "lily", "holly", "sally",
                            "emily", "kelly", "molly", "billy", "polly", "daily", "weekly", "monthly", "quarterly",
                            "yearly", "nightly", "early", "only", "homily", "melancholy", "wholly"})


def _ly_adverb(t: Token) -> bool:
    """A manner adverb between subject and verb: ``He steadfastly refuses``."""
    w = t.text.lower()
    return t.text[:1].islower() and len(w) >= 6 and w.endswith("ly") and w not in _NOT_ADVERB_LY


_TIME_LEAD = frozenset({"on", "last", "this", "late", "early", "earlier", "later", "next", "in", "at", "overnight"})


def _time_adverbial_left(toks: Sequence[Token], j: int, lo: int, vocab: Vocabulary) -> int:
    """Skip a time adverbial ending at ``j`` (``on Monday``, ``late Tuesday``, ``earlier this
    week``); returns the index left of it, or ``j`` when there is none."""
    if j < lo or _low(toks[j]) not in vocab.time:
        return j
    k = j - 1
    while k >= lo and (_low(toks[k]) in vocab.time or _low(toks[k]) in _TIME_LEAD) and j - k < 4:
        k -= 1
    if k == j - 1 and _low(toks[j]) not in ("today", "yesterday", "tonight", "overnight"):
        return j  # a bare "Monday" may be a name's end; only "on Monday" and the like are sure
    if k < lo or not toks[k].text[:1].isalpha():
        return j
    return k


def find_left_source(toks: Sequence[Token], cue_first: int, lo: int, vocab: Vocabulary) -> SourceSpan | None:
    """The subject phrase left of the cue at ``cue_first`` within tokens ``lo``..``cue_first``."""
    j = skip_adverbials_left(toks, cue_first - 1, lo, vocab)
    if j < lo:
        return None
    inner = _labelled_name_left(toks, j, lo, vocab)
    if inner is not None:
        return SourceSpan(inner[0], inner[1], None, inner[0] - 1 if inner[0] > lo else None)
    w = _low(toks[j])
    appositive = None
    if w in ("who", "which", "that") and not toks[j].text.isupper():  # "WHO" is an organisation  # "Sullivan, who said ..." -> the antecedent
        k = j - 1
        if k >= lo and toks[k].text == ",":
            k -= 1
        if w == "that" and (k < lo or toks[k].text[:1].islower() and _low(toks[k]) not in vocab.role_nouns):
            return None  # "that" after a verb is a complementizer, not a relative pronoun
        inner = _collect_np_left(toks, k, lo, vocab)
        if inner is not None:
            return SourceSpan(inner[0], inner[1], None, inner[0] - 1 if inner[0] > lo else None)
        return None
    if w in _SUBJECT_PRONOUNS:
        return SourceSpan(j, j + 1, None, j - 1 if j > lo else None)
    if toks[j].text == ",":
        # ", CUE": look past an apposition or relative clause set off by commas
        seg_end = j  # exclusive
        k = j - 1
        while k >= lo and toks[k].text not in (",", ";", ":") and toks[k].text not in QUOTE_TOKENS:
            k -= 1
        seg = (k + 1, seg_end)
        if seg[0] >= seg[1]:
            return None
        first_word = _low(toks[seg[0]])
        if (first_word in vocab.adv or first_word.endswith("ly") or first_word in vocab.prep or first_word.endswith("ing")) and k >= lo \
                and toks[k].text == "," and not toks[seg[0]].text[:1].isupper():
            # an adverbial set off by commas: "Putin, currently in Japan, has said"
            inner = _collect_np_left(toks, k - 1, lo, vocab)
            if inner is None:
                return None
            named = _named_before_apposition(toks, inner, lo, vocab)
            if named is not None:  # "Anna Berg, the bank's economist, referencing ..., tweeted"
                return named
            return SourceSpan(inner[0], inner[1], None, inner[0] - 1 if inner[0] > lo else None)
        if first_word in RELATIVE or _is_role_phrase(toks, seg, vocab) and k >= lo and toks[k].text == ",":
            # skip the relative clause / apposition; the source is before it
            if k < lo or toks[k].text != ",":
                return None
            inner = _collect_np_left(toks, k - 1, lo, vocab) or _labelled_name_left(toks, k - 1, lo, vocab)
            if inner is None:
                return None
            if first_word in RELATIVE:  # "Ann Roe, a developer, which ..., said": the name before both
                named = _named_before_apposition(toks, inner, lo, vocab)
                if named is not None:
                    return named
            apposition = seg if first_word not in RELATIVE else None
            return SourceSpan(inner[0], inner[1], apposition, inner[0] - 1 if inner[0] > lo else None)
        inner = _collect_np_left(toks, seg[1] - 1, seg[0], vocab)
        if inner is None or inner[0] != seg[0]:
            return None
        # "The deputy US envoy to the United Nations, Michele Sison, suggested", "... when the
        # prosecuting lawyer, Tom Reyes, claimed": the noun phrase before the name's comma
        if k >= lo and toks[k].text == ",":
            np = role_before_comma(toks, k, lo, vocab)
            if np is not None:
                appositive = np
        return SourceSpan(inner[0], inner[1], appositive, inner[0] - 1 if inner[0] > lo else None)
    inner = _collect_np_left(toks, j, lo, vocab)
    if inner is None:
        return None
    inner = _joint(toks, inner, lo, vocab)
    return SourceSpan(inner[0], inner[1], None, inner[0] - 1 if inner[0] > lo else None)


def _labelled_name_left(toks: Sequence[Token], j: int, lo: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """A name with a party or place label ending at ``j``: "Sen. Ann Berg (R-Ga.)"; the name."""
    if j < lo or toks[j].text != ")":
        return None
    k = next((k for k in range(j - 1, max(lo, j - 8) - 1, -1) if toks[k].text == "("), None)
    if k is None or k - 1 < lo or not toks[k - 1].text[:1].isupper():
        return None
    inner = _collect_np_left(toks, k - 1, lo, vocab)
    return inner if inner is not None and inner[1] == k else None


_THEIR = frozenset({"its", "their"})  # "Ottawa and its provinces": the second speaker is the first's


def _joint(toks: Sequence[Token], inner: tuple[int, int], lo: int, vocab: Vocabulary) -> tuple[int, int]:
    """Widen a subject over a name joined to it by ``and`` at the start of the clause
    (``Damascus and its ally Moscow warned``); the mention reader decides whether that is two
    speakers or one name (``Competition and Markets Authority``)."""
    a, b = inner
    if a - 2 < lo or _low(toks[a - 1]) != "and" or not (toks[b - 1].text[:1].isupper() or _low(toks[a]) in _THEIR):
        return inner
    prev = _collect_np_left(toks, a - 2, lo, vocab)
    if prev is None or prev[1] != a - 1 or not all(
            toks[k].text[:1].isupper() or _low(toks[k]) in vocab.det or _low(toks[k]) in NAME_PARTICLES
            or toks[k].text == "." for k in range(*prev)) or not toks[prev[1] - 1].text[:1].isupper():
        return inner  # only a name joins: not "recent polls in Ohio and Florida"
    if prev[0] > lo and toks[prev[0] - 1].text not in (",", ";", ":", "—", "–") and toks[prev[0] - 1].text not in QUOTE_TOKENS:
        return inner
    return prev[0], b


def _named_before_apposition(toks: Sequence[Token], inner: tuple[int, int], lo: int, vocab: Vocabulary) -> SourceSpan | None:
    """When the phrase at ``inner`` is an apposition (``, the head of Y``) after a name, the name,
    with the apposition as its role."""
    a, b = inner
    if a - 2 < lo or toks[a - 1].text != "," or not _is_role_phrase(toks, (a, b), vocab):
        return None
    name = _collect_np_left(toks, a - 2, lo, vocab)
    if name is None or not toks[name[1] - 1].text[:1].isupper():
        return None
    return SourceSpan(name[0], name[1], (a, b), name[0] - 1 if name[0] > lo else None)


def _inner_hyphen(toks: Sequence[Token], i: int, lo: int) -> bool:
    """A hyphen the tokenizer split out of one word (``54-year-old``)."""
    return toks[i].text == "-" and i - 1 >= lo and i + 1 < len(toks) and toks[i - 1].end == toks[i].start \
        and toks[i].end == toks[i + 1].start


def _role_and(toks: Sequence[Token], i: int, lo: int, vocab: Vocabulary) -> bool:
    """``and`` joining two role words in one title: ``vice chair and president Tom Reyes``."""
    if _low(toks[i]) != "and" or i - 1 < lo or i + 1 >= len(toks):
        return False
    def role(t: Token) -> bool:
        w = _low(t)
        return w in vocab.titles or w in vocab.role_nouns or w in vocab.role_classes
    return role(toks[i - 1]) and role(toks[i + 1])


def role_before_comma(toks: Sequence[Token], comma: int, lo: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """The role phrase that ends at the comma before a name (``The deputy US envoy to the United
    Nations, Michele Sison,``; ``... when the prosecuting lawyer, Tom Reyes,``): a determiner or
    possessive, and a role word heading it."""
    np = _collect_np_left(toks, comma - 1, lo, vocab)
    if np is not None and np[0] - 2 >= lo and _low(toks[np[0] - 1]).endswith("ing") and _low(toks[np[0] - 2]) in vocab.det:
        np = (np[0] - 2, np[1])  # "the prosecuting lawyer"
    if np is None or np[1] != comma or not _is_role_phrase(toks, np, vocab):
        return None
    words = [_low(t) for t in toks[np[0]:np[1]]]
    cut = next((i for i, w in enumerate(words) if i > 1 and w in vocab.prep), len(words))
    head = words[cut - 1]
    if head in vocab.role_nouns or head in vocab.titles or head in vocab.role_classes:
        return np
    return None


def _is_role_phrase(toks: Sequence[Token], seg: tuple[int, int], vocab: Vocabulary) -> bool:
    words = [_low(t) for t in toks[seg[0]:seg[1]]]
    if not words or len(words) > 16:
        return False
    possessive = len(words) > 2 and words[1] in ("’s", "'s") and toks[seg[0]].text[:1].isupper()
    # a bare role noun after a name's comma: "Jane Roe, chairwoman of the Ways and Means Committee,"
    bare_role = toks[seg[0]].text[:1].islower() and any(
        w in vocab.role_nouns or w in vocab.titles for w in words[:2])  # "senior associate for ..."
    if words[0] not in vocab.det and not possessive and not bare_role:
        return False  # "a monitoring group", "Pyongyang's only ally"
    return any(w in vocab.role_nouns or w in vocab.titles or w in vocab.org_words or w in vocab.media_words
               or w in vocab.group_words for w in words)


def _collect_np_left(toks: Sequence[Token], j: int, lo: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """Collect a noun phrase ending at token ``j`` going left; returns (first, last+1)."""
    if j < lo or not np_internal(toks[j], vocab) or _low(toks[j]) in _IN_NP_PREPS:
        return None
    k = j
    while k - 1 >= lo and (np_internal(toks[k - 1], vocab) or _role_and(toks, k - 1, lo, vocab)
                           or _inner_hyphen(toks, k - 1, lo)):
        k -= 1
    # an opening participle phrase is no part of the subject: "Speaking on state radio Mr Jansen"
    if k < j and toks[k].text[:1].isupper() and _low(toks[k]).endswith("ing") and _low(toks[k]) not in _NOT_VERB_ING \
            and k + 1 <= j and _low(toks[k + 1]) in vocab.prep:
        m = j
        while m - 1 > k and (toks[m - 1].text[:1].isupper() or _low(toks[m - 1]) in vocab.titles) \
                and _low(toks[m - 1]) not in vocab.prep:
            m -= 1
        lead = _low(toks[m]).rstrip(".")
        if lead in vocab.honorifics or lead in vocab.titles or lead in vocab.first_names:
            k = m
    # parenthetical acronyms inside a name: "The Islamic State (IS) group"
    if k - 3 >= lo and toks[k - 1].text == ")" and toks[k - 3].text == "(":
        k2 = k - 3
        while k2 - 1 >= lo and np_internal(toks[k2 - 1], vocab):
            k2 -= 1
        if k2 < k - 3:
            k = k2
    # a leading preposition belongs to an adverbial: "with X describing", "In a statement the ministry"
    while k <= j and _low(toks[k]) in vocab.prep:
        k += 1
    if k > j:
        return None
    # two noun phrases back to back ("a statement the ministry"): keep the last
    for m in range(j, k, -1):
        if _low(toks[m]) in vocab.det and _low(toks[m]) not in ("its", "his", "her", "their") \
                and _low(toks[m - 1]) not in vocab.prep and (not toks[m - 1].text[:1].isupper() or _low(toks[m - 1]) in vocab.time) \
                and _low(toks[m - 1]) not in ("’s", "'s"):
            k = m
            break
    while k < j and _low(toks[j]) in _IN_NP_PREPS:
        j -= 1
    if _low(toks[k]) in _IN_NP_PREPS or (j - k) > 14:
        return None
    return k, j + 1


def find_right_source(toks: Sequence[Token], first: int, hi: int, vocab: Vocabulary) -> SourceSpan | None:
    """The phrase right after a cue (``said wedding photographer Walid Mohammad``,
    ``according to the International Committee of the Red Cross``)."""
    k = first
    if k >= hi:
        return None
    if _low(toks[k]) in _SUBJECT_PRONOUNS:
        return SourceSpan(k, k + 1)
    if not np_internal(toks[k], vocab) or _low(toks[k]) in _IN_NP_PREPS:
        return None
    e = k
    while e < hi and np_internal(toks[e], vocab):
        w = _low(toks[e])
        if w in ("on", "in", "at") and e + 1 < hi and (_low(toks[e + 1]) in vocab.time or _low(toks[e + 1]) in vocab.det
                                                       and e + 2 < hi and _low(toks[e + 2]) in ("statement", "interview", "speech", "tweet", "letter", "email", "post", "briefing", "conference", "press", "news")):
            break
        if w in vocab.time and e > k and _low(toks[e - 1]) not in vocab.det:
            break
        e += 1
    # parenthetical acronym: "the Syrian Observatory for Human Rights (SOHR)"
    while e > k and _low(toks[e - 1]) in _IN_NP_PREPS:
        e -= 1
    if e <= k or e - k > 14:
        return None
    return SourceSpan(k, e)
