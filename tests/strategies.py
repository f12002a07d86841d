"""Hypothesis strategies: news-like text full of quote marks, apostrophes and scraped noise."""

from __future__ import annotations

from hypothesis import strategies as st

MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "\\’", "\\'"]
WORDS = ["said", "told", "Reuters", "he", "she", "it", "the", "minister", "Lavrov", "Mr", "U.S.", "Sept.",
         "according", "to", "added", ",", ".", ":", "—", "Kazakhstan’s", "rebels'", "Ra’ad", "that",
         "accused", "Washington", "of", "\n", "\n\n", "Also Read", "Advertisement", "\u00a0", "claimed"]

news_like = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(min_size=1, max_size=8)),
    max_size=60,
).map(lambda parts: " ".join(parts))

any_text = st.one_of(st.text(max_size=300), news_like)


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
