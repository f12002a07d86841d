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
