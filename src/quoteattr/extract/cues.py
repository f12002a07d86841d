"""Cues: the reporting verbs and phrases that introduce a quotation or a reported claim.

``find_cues`` walks an annotated document and yields every cue outside quotation marks: verbs
from ``lexicons/reporting_verbs.en.txt`` (``said``, ``told``, ``accused``, ``urging``...), phrasal
verbs (``pointed out``, ``called for``), and ``according to``.  Surface checks keep out nouns
(``the claims``), passives (``was told``), infinitives (``declined to say``) and naming uses of
``called``.  With a POS layer, the tagger settles verb-hood instead.
"""

from __future__ import annotations

import re
from typing import Iterator

import attrs

from quoteattr.extract.sources import is_verbish
from quoteattr.extract.words import Vocabulary
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.text.spans import SpanIndex
from quoteattr.nlp.base import POS, AnnotatedDoc

BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re", "am"})
# Verbs that need a quotation or "as"/"for"/"on" after them to report speech (naming uses
# otherwise: "a group called X", "what it termed ...").
NAMING = frozenset({"call", "term", "dub", "label", "brand", "name", "describe", "characterize",
                    "characterise", "deem", "consider", "see"})
# Verbs of seeing that report a view only as "see X as Y".
SEEING = frozenset({"see", "view"})
# Frames whose content must follow the cue (never the clause before it).
OBJECT_FRAMES = frozenset({"obj", "np", "obj_of", "obj_to", "obj_as", "obj_for"})
_ADJECTIVE_END = re.compile(r"(?:al|ory|ous|ive|ic|ful|less|able|ible|ary|ish|ent|ant)$")
_MODALS = frozenset({"to", "could", "would", "will", "can", "may", "might", "should", "must", "shall"})
_CONTINUING = frozenset({"continue", "continues", "continued", "continuing", "began", "begins", "begin",
                         "appeared", "appears", "appear", "seemed", "seems", "seem", "went", "goes", "proceeded",
                         "used", "tried", "tries", "rushed", "hastened", "moved", "sought", "wanted", "wants",
                         "was", "were", "is", "are", "be", "would", "will", "going"})
_AUX_BEFORE_BASE = frozenset({"will", "would", "could", "should", "may", "might", "must", "can", "did",
                              "does", "do", "to", "not", "n't", "also", "shall"})


@attrs.frozen
class CueMatch:
    """A cue in the text: tokens ``first``..``last`` (exclusive), characters ``start``..``end``."""

    first: int
    last: int
    start: int
    end: int
    lemma: str
    frame: str
    form: str

    @property
    def head(self) -> str:
        """The verb of the cue, without the particles of a phrasal verb (``referring`` of ``referring to``)."""
        return self.form.split(" ", 1)[0]

    @property
    def participle(self) -> bool:
        return self.head.endswith("ing")  # "saying", "referring to"

    @property
    def takes_left_content(self) -> bool:
        return self.frame not in OBJECT_FRAMES and self.frame != "according_to"


# Reporting verbs whose base and -s forms are far more often nouns: a verb use shows itself by a
# pronoun, auxiliary or adverb before it or a "that" or colon after it ("the memo states that").
_NOUN_FIRST = frozenset({"state", "email", "message"})


def _title_case(toks, lo: int, hi: int) -> bool:
    """A headline in title case: most words capitalised, no final full stop."""
    words = [t.text for t in toks[lo:hi] if t.text[:1].isalpha()]
    if len(words) < 3 or toks[hi - 1].text in (".",):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.6


def _inside_quote(outer: SpanIndex, start: int, end: int) -> bool:
    return outer.contains(start, end)


def find_cues(doc: AnnotatedDoc, *, vocab: Vocabulary | None = None) -> Iterator[CueMatch]:
    """Yield the cues of ``doc`` in text order."""
    for cue, reason in lexicon_matches(doc, vocab=vocab):
        if reason is None:
            yield cue


def lexicon_matches(doc: AnnotatedDoc, *, vocab: Vocabulary | None = None) -> Iterator[tuple[CueMatch, str | None]]:
    """Yield every match of the cue lexicons in text order with the reason the surface checks
    give for not reading it as a cue (None for a cue): the cues themselves and the matches a
    learned filter may still take (``was asked whether ...``)."""
    vocab = vocab or Vocabulary.for_lang("en")
    toks, lows = doc.tokens, doc.lowered()
    has_pos = POS in doc.provides
    outer = SpanIndex((q.start, q.end) for q in doc.quotes if q.depth == 0)  # the quotations' contents
    for sent in doc.sentences:
        i = sent.first
        while i < sent.last:
            tok = toks[i]
            low = lows[i]
            # according to X
            if low == "according" and i + 1 < sent.last and lows[i + 1] == "to":
                if not _inside_quote(outer, tok.start, toks[i + 1].end):
                    yield CueMatch(i, i + 2, tok.start, toks[i + 1].end, "according to", "according_to",
                                   "according to"), None
                i += 2
                continue
            match = None
            if low not in vocab.verbs and low not in vocab.phrasal_heads:
                i += 1
                continue
            # phrasal verbs first (longest match)
            for n in (3, 2):
                if low in vocab.phrasal_heads and i + n <= sent.last:
                    key = tuple(lows[i:i + n])
                    rv = vocab.phrasal.get(key)
                    if rv is not None:
                        match = (n, rv)
                        break
            if match is None and low in vocab.verbs:
                match = (1, vocab.verbs[low])
            if match is None:
                i += 1
                continue
            n, rv = match
            cue = CueMatch(i, i + n, tok.start, toks[i + n - 1].end, rv.lemma, rv.frame,
                           " ".join(lows[i:i + n]))
            reason = _not_reporting(doc, cue, sent.first, sent.last, vocab, has_pos, outer)
            yield cue, reason
            i += n if reason is None else 1


def _not_reporting(doc: AnnotatedDoc, cue: CueMatch, lo: int, hi: int, vocab: Vocabulary, has_pos: bool,
                   outer: SpanIndex) -> str | None:
    """Why the lexicon match ``cue`` is not a reporting use (a short name: ``passive``,
    ``infinitive``, ``noun``...), or None when it is one."""
    toks = doc.tokens
    tok = toks[cue.first]
    if _inside_quote(outer, cue.start, cue.end):
        return "quoted"
    if has_pos and tok.upos is not None and tok.upos not in ("VERB", "AUX"):
        return "not_verb"
    if tok.text[:1].isupper():
        if cue.first == lo:
            # "Said Ellis: ..." opens with an inverted frame; otherwise a capitalised first word
            # is a name or a noun ("Reports of ...")
            nxt_tok = toks[cue.last] if cue.last < hi else None
            if not (nxt_tok is not None and nxt_tok.text[:1].isupper() and cue.form in ("said", "says", "added", "asked", "wrote", "writes", "told")):
                return "capitalised"
        elif not _title_case(toks, lo, hi):
            return "capitalised"  # a name like "Said" mid-sentence
    prev = toks[cue.first - 1].text.lower() if cue.first > lo else ""
    # look back past adverbs for a "be" auxiliary (passive) or a determiner (a noun use)
    j = cue.first - 1
    while j >= lo and toks[j].text.lower() in vocab.adv and toks[j].text.lower() not in ("not",):
        j -= 1
    before = toks[j].text.lower() if j >= lo else ""
    # "the German said": a demonym after a determiner is a person, the subject of a past-tense
    # verb; otherwise it modifies a noun use of the cue ("Syrian claims")
    demonym_subject = prev in vocab.demonym_adjectives and cue.form.endswith(("ed", "said", "told", "wrote")) \
        and cue.first - 2 >= lo and toks[cue.first - 2].text.lower() in vocab.det
    # "the council, which contended that ...": a relative pronoun is the subject of a finite verb
    relative_subject = prev in ("which", "who", "that") and cue.form != cue.lemma and not cue.participle \
        and cue.first - 2 >= lo and toks[cue.first - 2].text in (",", "—", "–")
    if (prev in vocab.det and not relative_subject) or prev in ("’s", "'s", "\\’s") \
            or prev in vocab.demonym_adjectives and not demonym_subject:
        return "determiner"
    if before in BE_FORMS and not cue.participle and cue.form not in ("says",):
        return "passive"  # passive: "was told", "is expected"
    if before == "to" and not cue.head.endswith(("ed", "ing")):
        # an infinitive ("declined to say") reports nothing, except after verbs of continuing
        # or seeming: "continues to insist", "appeared to suggest"
        j2 = j - 1
        if not (j2 >= lo and toks[j2].text.lower() in _CONTINUING):
            return "infinitive"
    if cue.form == tok.text.lower() and cue.lemma == cue.form and before not in _AUX_BEFORE_BASE:
        # a base form ("say", "report") needs a subject or an auxiliary before it, not a
        # determiner, a preposition or an adjective-like word ("a report", "of claims")
        if not before or before in vocab.prep or before in vocab.det or before in vocab.conj and before not in ("and", "or") \
                or before in (",", ";", ":", "(", "—"):
            return "bare_base"
        if cue.frame != "clause" and not (before in vocab.pronouns or before.endswith("s")):
            return "compound"  # "a suicide attack": only clause verbs take a bare noun subject
    nxt = [t.text.lower() for t in toks[cue.last:min(hi, cue.last + 8)]]
    if cue.lemma in _NOUN_FIRST and cue.form in (cue.lemma, cue.lemma + "s") and not (
            prev in vocab.pronouns or prev in _AUX_BEFORE_BASE or prev in _MODALS or prev in vocab.adv
            or nxt[:1] and nxt[0] in ("that", ":", ",")):
        return "noun"  # "swing states", "the Sunshine state", "Twenty-seven states led by": a noun
    if cue.lemma == "continue" and nxt and nxt[0] not in (":", ",", ".", "that") and toks[cue.last].text not in QUOTE_TOKENS \
            and not (prev in (",", "”", '"', "’", "'") and toks[cue.last].text[:1].isupper()):
        # "it will continue pushing ahead", "continued to rise", "continues his tour": going on,
        # not speaking; "she continued: ...", '"...," he continued' and '"...," continued Ames' speak
        return "continuing"
    if cue.lemma in NAMING and cue.last - cue.first == 1 and not (
            cue.lemma == "describe" and prev not in vocab.det and prev not in vocab.prep and prev not in BE_FORMS):
        has_quote = any(t.text in QUOTE_TOKENS for t in toks[cue.last:min(hi, cue.last + 8)])
        # "Trump has called climate change a hoax": a subject and an object with its name
        judged = cue.lemma == "call" and cue.form in ("called", "calls") and (
            prev in vocab.pronouns or prev in ("has", "have", "had") or toks[cue.first - 1].text[:1].isupper()
            and cue.first - 1 > lo) and nxt[:1] and nxt[0].isalpha() and nxt[0] not in vocab.prep \
            and nxt[0] not in ("back", "up", "off", "out", "again", "home") \
            and any(w in ("a", "an") for w in nxt[1:6])
        if not (has_quote or judged or "as" in nxt[:6] or (nxt[:1] and nxt[0] in ("for", "on"))):
            return "naming"
        if cue.lemma in SEEING and not has_quote:
            # "voters see him as a fighter": "as" and a noun phrase; "prices saw a decline as demand
            # fell", "saw for himself": a conjunction or another sense
            k = cue.last + nxt[:6].index("as") + 1 if "as" in nxt[:6] else None
            if k is None or any(is_verbish(t, vocab) for t in toks[k:min(hi, k + 4)]):
                return "seeing"
    if cue.last - cue.first == 1 and cue.form.endswith("s") and not cue.form.endswith("ss") and cue.form != cue.lemma:
        # "says"/"claims"/"details" is a verb after a subject, a noun after a number, a preposition
        # or an infinitive ("to keep details", "350 attacks", "of claims")
        if prev in vocab.prep or prev.replace(",", "").isdigit() or prev in vocab.adv and prev not in ("also", "now", "still", "often", "repeatedly", "again") \
                or (cue.first - 2 >= lo and toks[cue.first - 2].text.lower() in _MODALS and prev not in vocab.pronouns):
            return "plural_noun"
        nxt1 = toks[cue.last].text.lower() if cue.last < hi else ""
        nxt2 = toks[cue.last + 1].text.lower() if cue.last + 1 < hi else ""
        if nxt1 in vocab.aux and nxt1 not in ("that",) or (nxt1 in ("that", "which", "who") and nxt2 in vocab.aux
                                                            and cue.form != "says" and prev not in vocab.pronouns):
            return "plural_noun"  # a plural noun with its own verb: "personal attacks have defined"
        rv1 = vocab.verbs.get(nxt1)
        if rv1 is not None and rv1.lemma == nxt1 and toks[cue.last].text[:1].islower():
            return "plural_noun"  # a plural noun before a verb of saying: "the official figures suggest"
    nxt0 = toks[cue.last].text.lower() if cue.last < hi else ""
    if cue.last - cue.first == 1 and (cue.form.endswith("ing") or cue.form.endswith("s") or cue.form == cue.lemma) \
            and (nxt0 in vocab.aux and nxt0 not in ("that", "to") or nxt0 in _MODALS and nxt0 != "to"):
        return "noun"  # a noun with its verb: "the appeals court ruling could decide", "comments were"
    if (cue.form.endswith("s") or cue.form == cue.lemma) and prev and prev[:1].islower() and _ADJECTIVE_END.search(prev) \
            and prev not in vocab.pronouns:
        return "adjective"  # "personal insults", "derogatory comments"
    if cue.participle and cue.frame != "clause" and prev[:1].isalpha() and prev[:1].islower() \
            and prev not in vocab.pronouns and prev not in vocab.conj and prev not in vocab.prep and prev not in vocab.adv \
            and prev not in vocab.aux and not any(t.text.lower() == "with" for t in toks[max(lo, cue.first - 12):cue.first]):
        # a participle after a noun modifies it ("civilians wanting to leave"), except in an
        # absolute construction: "with Yasser al-Youssef of the faction describing it as ..."
        return "modifier"
    if nxt0 == "by" and (cue.form.endswith("ed") or cue.form in ("seen", "told", "said", "written", "sought", "held")):
        return "passive"  # a passive participle: "rebel groups backed by the U.S."
    if cue.frame in ("obj_of", "obj_to", "obj_for") and nxt0 == {"obj_of": "of", "obj_to": "to", "obj_for": "for"}[cue.frame]:
        return "passive"  # passive: "people accused of rape", "those urged to leave"
    if cue.frame == "obj_of" and "of" not in [t.text.lower() for t in toks[cue.last:hi]]:
        return "no_object"
    if cue.frame == "obj_to" and "to" not in [t.text.lower() for t in toks[cue.last:hi]]:
        return "no_object"
    if cue.last >= hi and cue.first == lo:
        return "lone"  # a lone word
    return None
