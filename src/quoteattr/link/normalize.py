"""Claim text for linking: cleaned, tokenised, framed off, and signed for the vetoes.

A claim is compared with others through its :class:`Analysis`: the content with escapes, quote
marks and case folded away (``norm``, the key of the exact tier), its tokens with a crude stem, and
per token three signatures the vetoes read: the negator whose scope it is in (if any), the number
it states, the named entity it is.  The analysis is computed from the raw quotation text, never from offsets,
so it is the same for a quote wherever it was found.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import attrs

from quoteattr import lexicons

# A backslash escaping a quote mark or apostrophe (``Washington\u2019s``, ``\"``): scraped text
# carries these; they are never content.
_ESCAPE = re.compile(r"\\+(?=[\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f`\u00b4])")
_MARKS = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "`": "'", "\u00b4": "'", "\u2013": "-", "\u2014": " - ", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")

# Tokens: dotted acronyms (U.S.), numbers (4,000  3.5  12%), words with inner apostrophes or
# hyphens split (Syria-wide -> Syria, wide), and the punctuation that bounds a clause.
_TOKEN = re.compile(
    r"(?P<acr>(?:[^\W\d_]\.){2,})"
    r"|(?P<num>\d+(?:[.,]\d+)*%?)"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<stop>[.!?]|\n)"
    r"|(?P<quote>\")"
    r"|(?P<clause>[,;:()\[\]-])"
)
# Words that close a negation scope like a comma does.
_CLAUSE_WORDS = frozenset({"but", "although", "though", "whereas", "while", "because", "however", "yet"})
_LEADING_FRAME = frozenset({"that", "whether"})


@lru_cache(maxsize=None)
def _stop(lang: str = "en") -> frozenset[str]:
    """Function words and pronouns: what is not content."""
    words = set(lexicons.words("function_words", lang)) | set(lexicons.words("pronouns", lang))
    words |= {w.replace("\u2019", "'") for w in words}
    words |= set(lexicons.words("negations", lang)) | {"s", "t", "d", "ll", "m", "re", "ve"}
    return frozenset(words)


@lru_cache(maxsize=None)
def _negators(lang: str = "en") -> frozenset[str]:
    return lexicons.words("negations", lang)


@lru_cache(maxsize=None)
def _numbers(lang: str = "en") -> dict[str, str]:
    return lexicons.mapping("number_words", lang)


@lru_cache(maxsize=None)
def _not_entities(lang: str = "en") -> frozenset[str]:
    """Capitalised words that name no entity: function words, titles, time words."""
    titles = lexicons.by_type("titles", "title", lang) | lexicons.by_type("titles", "honorific", lang)
    return _stop(lang) | titles | lexicons.by_type("titles", "modifier", lang)


@lru_cache(maxsize=None)
def _places(lang: str = "en") -> dict[str, str]:
    """Demonym or place word -> place, so that ``Turkish`` and ``Turkey`` are one entity."""
    out: dict[str, str] = {}
    for row in lexicons.rows("demonyms", lang):
        place = row[0]
        out[place] = place
        if len(row) > 1 and row[1]:
            out.setdefault(row[1], place)
    return out


@lru_cache(maxsize=None)
def _first_names(lang: str = "en") -> frozenset[str]:
    return lexicons.words("first_names", lang)


@lru_cache(maxsize=None)
def _trailing_frame(lang: str = "en") -> re.Pattern:
    """``, he said`` / ``, Lavrov told reporters`` / ``, said the minister`` at the end of a content."""
    forms: set[str] = set()
    for row in lexicons.rows("reporting_verbs", lang):
        if len(row) > 2:
            forms.update(f for f in row[2].split(",") if f)
    verbs = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    who = r"(?:he|she|they|it|we|i|the\s+\w+(?:\s+\w+)?|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
    return re.compile(
        rf"\s*,\s*(?:{who}\s+(?:{verbs})|(?:{verbs})\s+{who})(?:\s+[\w'-]+){{0,4}}\s*[.!]?\s*$")


def clean(text: str) -> str:
    """NFKC, escapes dropped, quote marks and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _ESCAPE.sub("", text).translate(_MARKS)
    return _SPACE.sub(" ", text).strip()


def strip_frame(text: str, lang: str = "en") -> str:
    """The content without its reporting frame: a leading ``that``/``whether`` and a trailing
    ``, he said``; quote marks inside are kept (fragments are read from them)."""
    text = clean(text)
    text = _trailing_frame(lang).sub("", text)
    while True:
        head, _, rest = text.partition(" ")
        if head.lower() in _LEADING_FRAME and rest:
            text = rest
        else:
            return text


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match ``talks``/``talk``, ``killed``/``killing``."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _number_value(token: str, lang: str) -> str | None:
    if token[0].isdigit():
        digits = token.rstrip("%")
        if re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
            digits = digits.replace(",", "")
        else:
            digits = digits.replace(",", ".")
        try:
            value = float(digits)
        except ValueError:
            return digits
        return f"{value:g}" + ("%" if token.endswith("%") else "")
    return _numbers(lang).get(token)


@attrs.frozen(slots=True)
class Analysis:
    """One claim text as linking sees it.

    ``tokens`` are lowercased; ``norm`` is them joined by spaces (the exact-tier key, and the
    string the partial tier aligns); ``starts`` locates each token in ``norm``.  ``scope`` (the
    index of the negator whose scope the token is in, -1 for none), ``numbers`` and ``entities``
    are per token.  A corpus holds one analysis per distinct text, so the per-token tuples that
    are alike across texts (no number, no entity, no negation: most of them) are one shared
    tuple per length, and ``starts`` is computed when asked for.
    """

    text: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    content: tuple[bool, ...]
    scope: tuple[int, ...]
    numbers: tuple[str | None, ...]
    entities: tuple[str | None, ...]
    norm: str = attrs.field(init=False)
    n_content: int = attrs.field(init=False)
    keywords: frozenset[str] = attrs.field(init=False)  # the content stems, as a set

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "norm", " ".join(self.tokens))
        object.__setattr__(self, "n_content", sum(self.content))
        object.__setattr__(self, "keywords", frozenset(s for s, c in zip(self.stems, self.content) if c))

    @property
    def starts(self) -> tuple[int, ...]:
        out, pos = [], 0
        for t in self.tokens:
            out.append(pos)
            pos += len(t) + 1
        return tuple(out)

    def content_stems(self, lo: int = 0, hi: int | None = None) -> frozenset[str]:
        if lo == 0 and hi is None:
            return self.keywords
        hi = len(self.tokens) if hi is None else hi
        return frozenset(s for s, c in zip(self.stems[lo:hi], self.content[lo:hi]) if c)

    def token_range(self, char_start: int, char_end: int) -> tuple[int, int]:
        """Tokens of ``norm`` overlapping ``norm[char_start:char_end]``."""
        lo = hi = s = 0
        for i, t in enumerate(self.tokens):
            if s + len(t) <= char_start:
                lo = i + 1
            if s < char_end:
                hi = i + 1
            s += len(t) + 1
        return lo, max(lo, hi)


def analyse(text: str, lang: str = "en") -> Analysis:
    """The :class:`Analysis` of a claim text (frame stripped, see :func:`strip_frame`)."""
    return _analyse(strip_frame(text, lang), lang)


@lru_cache(maxsize=8192)
def _analyse(text: str, lang: str) -> Analysis:
    stop, negators, not_ent = _stop(lang), _negators(lang), _not_entities(lang)
    places, firsts = _places(lang), _first_names(lang)
    tokens: list[str] = []
    stems: list[str] = []
    content: list[bool] = []
    scope: list[int] = []
    numbers: list[str | None] = []
    entities: list[str | None] = []
    negator = -1
    sentence_start = True
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "quote":  # a quote mark opens a sentence of its own but keeps the scope
            sentence_start = True
            continue
        if kind in ("stop", "clause"):
            negator = -1
            if kind == "stop" or m.group() in ":(":
                sentence_start = True
            continue
        raw = m.group()
        low = raw.lower().rstrip(".") if kind == "acr" else raw.lower()
        if low in _CLAUSE_WORDS:
            negator = -1
        number = _number_value(low, lang) if kind != "word" or low in _numbers(lang) else None
        is_neg = low in negators or low.endswith("n't")
        entity = None
        if kind == "acr" or (kind == "word" and raw[0].isupper()):
            key = low[:-2] if low.endswith("'s") else low
            if key not in not_ent and number is None and not is_neg:
                if not sentence_start or key in places or key in firsts or kind == "acr" or raw.isupper():
                    entity = places.get(key, places.get(key + ".", key))
        low = sys.intern(low)  # a word is one string object across all claims: memory at scale
        tokens.append(low)
        stems.append(sys.intern(stem(low)))
        content.append(not is_neg and low not in stop and (kind != "word" or len(low) > 1))
        scope.append(negator)
        numbers.append(number)
        entities.append(entity)
        if is_neg:
            negator = len(tokens) - 1
        sentence_start = False
    return Analysis(text, tuple(tokens), tuple(stems), tuple(content), _shared(scope),
                    _shared(numbers), _shared(entities))


_UNIFORM: dict[tuple, tuple] = {}


def _shared(values: list) -> tuple:
    """``values`` as a tuple, one shared object when every value is the same None or -1."""
    if values and values[0] in (None, -1) and values.count(values[0]) == len(values):
        key = (values[0], len(values))
        out = _UNIFORM.get(key)
        if out is None:
            out = _UNIFORM.setdefault(key, tuple(values))
        return out
    return tuple(values)


_FRAGMENT = re.compile(r"\"([^\"]{2,}?)\"|(?<![\w'])'([^']{2,}?)'(?![\w'])")


def fragments(text: str) -> tuple[str, ...]:
    """The stretches inside quote marks within a content (the partial quotes a mixed or indirect
    claim carries: ``did not mean it was "abandoning the pursuit of peace"``)."""
    cleaned = clean(text)
    return tuple(m.group(1) or m.group(2) for m in _FRAGMENT.finditer(cleaned))


# -- vetoes ------------------------------------------------------------------------------------
def negation_flip(a: Analysis, b: Analysis, a_span: tuple[int, int] | None = None,
                  b_span: tuple[int, int] | None = None) -> bool:
    """The same predicate asserted in one claim and only ever negated in the other.

    A negator's predicate is the first content word after it in its scope (``has not *given*
    up``, ``talks have not *failed*``); the other words in the scope are neither asserted nor
    negated, so ``has not given up on seeking a ceasefire`` and ``is still seeking a ceasefire``
    do not flip (``seeking`` is no negated predicate), while ``talks have failed`` and ``talks
    have not failed`` do.  Spans restrict the comparison to a window (the aligned part of a
    partial quote), and only negators inside the window count: the partial quote ``abandoning
    the pursuit of peace`` is those words, whatever the reporter put before it.
    """
    def statuses(x: Analysis, span: tuple[int, int] | None) -> dict[str, set[bool]]:
        lo, hi = span or (0, len(x.tokens))
        out: dict[str, set[bool]] = {}
        seen_scope: set[int] = set()
        for k in range(lo, hi):
            if not x.content[k]:
                continue
            n = x.scope[k]
            if n >= lo:
                if n in seen_scope:
                    continue  # a later word of the scope: not the negated predicate
                seen_scope.add(n)
                out.setdefault(x.stems[k], set()).add(True)
            else:
                out.setdefault(x.stems[k], set()).add(False)
        return out

    sa, sb = statuses(a, a_span), statuses(b, b_span)
    return any(len(st) == 1 and len(sb[w]) == 1 and st != sb[w] for w, st in sa.items() if w in sb)


def number_clash(a: Analysis, b: Analysis, a_span: tuple[int, int] | None = None,
                 b_span: tuple[int, int] | None = None) -> bool:
    """Each claim states a number the other does not (``34 killed`` / ``43 killed``)."""
    na = {n for n in _slice(a.numbers, a_span) if n}
    nb = {n for n in _slice(b.numbers, b_span) if n}
    return bool(na - nb) and bool(nb - na)


def entity_swap(a: Analysis, b: Analysis, a_span: tuple[int, int] | None = None,
                b_span: tuple[int, int] | None = None, *, max_gap: int = 3) -> bool:
    """One named entity stands where the other claim has a different one.

    The token sequences are aligned; a short replaced stretch (``max_gap`` tokens or fewer on
    each side) that names entities on both sides, and none in common, is a swap:
    ``talks with Russia`` / ``talks with Iran``.  Entities merely present in one claim (a
    paraphrase naming ``Turkey`` where the quote said ``we``) are not, nor is a replaced stretch
    whose aligned context is a lone function word (``steps in Syria`` / ``the UN in Geneva``):
    the swap must sit next to at least two aligned tokens, one of them a content word.
    """
    from difflib import SequenceMatcher

    lo_a, hi_a = a_span or (0, len(a.tokens))
    lo_b, hi_b = b_span or (0, len(b.tokens))
    ta, tb = a.stems[lo_a:hi_a], b.stems[lo_b:hi_b]
    ea, eb = a.entities[lo_a:hi_a], b.entities[lo_b:hi_b]
    if not any(ea) or not any(eb):
        return False
    ca = a.content[lo_a:hi_a]
    ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "replace" or i2 - i1 > max_gap or j2 - j1 > max_gap:
            continue
        anchored = False
        for side in (k - 1, k + 1):
            if 0 <= side < len(ops) and ops[side][0] == "equal":
                _, e1, e2, _, _ = ops[side]
                if e2 - e1 >= 2 and any(ca[e1:e2]):
                    anchored = True
        if not anchored:
            continue
        xa = {e for e in ea[i1:i2] if e}
        xb = {e for e in eb[j1:j2] if e}
        if xa and xb and not (xa & xb) and not (xa & set(eb)) and not (xb & set(ea)):
            return True
    return False


def veto(a: Analysis, b: Analysis, a_span: tuple[int, int] | None = None,
         b_span: tuple[int, int] | None = None) -> str | None:
    """The reason two claims cannot be the same statement, or None."""
    if negation_flip(a, b, a_span, b_span):
        return "negation"
    if number_clash(a, b, a_span, b_span):
        return "numbers"
    if entity_swap(a, b, a_span, b_span):
        return "entities"
    return None


def _slice(values: tuple, span: tuple[int, int] | None) -> tuple:
    return values if span is None else values[span[0]:span[1]]


def content_overlap(a: Analysis, b: Analysis) -> float:
    """Share of the smaller claim's content stems found in the other (0..1)."""
    sa, sb = a.content_stems(), b.content_stems()
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def shingles(a: Analysis, n: int = 3) -> frozenset[int]:
    """Stable hashes of the word ``n``-grams of a claim (the lexical index's keys)."""
    import zlib

    toks = a.tokens
    if len(toks) < n:
        return frozenset()
    return frozenset(zlib.crc32(" ".join(toks[i:i + n]).encode("utf-8")) for i in range(len(toks) - n + 1))
