"""Hypothesis strategies: news-like text full of quote marks, apostrophes and scraped noise."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from quoteattr.model import Cue, Quote, Result, Speaker

MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "\\’", "\\'"]
WORDS = ["said", "told", "Reuters", "he", "she", "it", "the", "minister", "Lavrov", "Mr", "U.S.", "Sept.",
         "according", "to", "added", ",", ".", ":", "—", "Kazakhstan’s", "rebels'", "Ra’ad", "that",
         "accused", "Washington", "of", "\n", "\n\n", "Also Read", "Advertisement", "\u00a0", "claimed"]

news_like = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(min_size=1, max_size=8)),
    max_size=60,
).map(lambda parts: " ".join(parts))

any_text = st.one_of(st.text(max_size=300), news_like)


speakers = st.one_of(st.none(), st.builds(
    Speaker, st.one_of(st.none(), st.text(max_size=10)), st.one_of(st.none(), st.text(max_size=10)),
    st.one_of(st.none(), st.integers(0, 100)), st.one_of(st.none(), st.integers(0, 100)),
    st.one_of(st.none(), st.text(max_size=10)), st.sampled_from(["person", "organization", "group", "anonymous"]),
    st.one_of(st.none(), st.text(max_size=5))))


@st.composite
def results(draw):
    text = draw(st.text(max_size=80))
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        cue = draw(st.one_of(st.none(), st.builds(lambda s: Cue(s, s, "", None), st.integers(0, 5))))
        quotes.append(Quote(a, b, text[a:b], draw(st.sampled_from(["direct", "partial", "indirect", "mixed"])),
                            cue, draw(speakers), draw(st.floats(0, 1)), draw(st.one_of(st.none(), st.text(max_size=6)))))
    if len(quotes) >= 2 and draw(st.booleans()):  # the first two as the parts of one split quotation
        uid = draw(st.text(min_size=1, max_size=6))
        quotes[:2] = [attrs.evolve(q, utterance_id=uid, part=n, n_parts=2) for n, q in enumerate(quotes[:2], 1)]
    return Result(draw(st.text(min_size=1, max_size=10)), tuple(quotes), (), "rules", text,
                  draw(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)))


# JSON values as a JSONL record may hold them (finite numbers; any Unicode text, no lone surrogates)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**15, 10**15) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12)

article_records = st.fixed_dictionaries(
    {"id": st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
     "text": news_like.filter(str.strip)},
    optional={"outlet": json_values, "date": st.text(max_size=10), "extra": json_values})


# -- split quotations: '"A," FRAME, "B."' with a frame of any shape between the parts
_CLAUSE_WORDS = ["we", "will", "not", "give", "up", "the", "fight", "is", "far", "from", "over", "and",
                 "everyone", "knows", "it", "our", "people", "deserve", "better", "than", "this", "today"]
_SPEAKERS = ["he", "she", "the minister", "Mr Okafor", "a senior official", "Maria Lindqvist",
             "the union's general secretary", "Prime Minister Ana Costa"]
_CUES = ["said", "added", "told reporters", "insisted", "said on Monday", "warned in a statement"]
_OPEN_CLOSE = [('"', '"'), ("“", "”"), ("‘", "’")]

clause = st.lists(st.sampled_from(_CLAUSE_WORDS), min_size=3, max_size=12).map(lambda ws: " ".join(ws))


@st.composite
def split_quotes(draw):
    """A split quotation and where its frame is: ``(text, (frame_start, frame_end))``."""
    o, c = draw(st.sampled_from(_OPEN_CLOSE))
    a, b = draw(clause), draw(clause)
    speaker, cue = draw(st.sampled_from(_SPEAKERS)), draw(st.sampled_from(_CUES))
    inverted = draw(st.booleans())
    frame = f"{cue} {speaker}" if inverted and cue in ("said", "added", "insisted") else f"{speaker} {cue}"
    sep = draw(st.sampled_from([",", "."]))
    first = f"{o}{a[:1].upper()}{a[1:]},{c} "
    second = f"{sep} {o}{b[:1].upper() if sep == '.' else b[:1]}{b[1:]}.{c}"
    text = first + frame + second
    return text, (len(first), len(first) + len(frame) + 1)
