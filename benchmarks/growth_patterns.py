"""Texts that grow: one short unit repeated to any length, for the growth benchmark and tests.

Each pattern is a unit that is repeated until the text reaches the wanted size.  The units are
the shapes that scraped and transcribed news takes at its worst: runs of quote marks, a verb of
saying thousands of times in one line, lines of unclosed quotations, markup, transcripts.  A
document built from them must take time and memory in proportion to its length.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLES = ROOT / "examples" / "articles"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"

# name -> the repeated unit
PATTERNS: dict[str, str] = {
    "opening_curly_marks": "“",
    "closing_curly_marks": "”",
    "opening_single_marks": "‘",
    "straight_double_marks": '"',
    "straight_quote_then_word": '"a ',
    "said_repeated": "said ",
    "he_said_that_repeated": "He said that ",
    "honorific_repeated": "Mr. ",
    "initialism_repeated": "U.S. ",
    "html_paragraph_lines": '<p>The minister said "we will not go back".</p>\n',
    "unclosed_quote_lines": '"x\n',
    "quote_continued_lines": "“We will stay the course and we will win\n",
    "words_without_punctuation": "word ",
    "short_paragraphs": "A short paragraph.\n\n",
    "short_quotes_one_line": '"Yes," she said. ',
    "nested_quotes": "“a ‘b’ c” ",
    "apostrophes": "it's the rebels' ",
    "dashes": "word — ",
    "colon_introductions": "He said: ",
    "according_to_repeated": "according to officials, ",
    "told_reporters_that": "The minister told reporters that ",
    "sentences_one_paragraph": "The minister said it was over. ",
    "headline_quote_lines": "Minister ‘seeking a ceasefire’\n",
    "transcript_lines": "SMITH: Well, look, we said it.\n",
    "byline_quotes": "“We walk down the street.” ― Jane Doe.\n",
    "noun_claims": "the minister's claim that it worked ",
}


def grow(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters (the last repetition cut short)."""
    reps = size // len(unit) + 1
    return (unit * reps)[:size]


def real_units() -> list[str]:
    """News articles to concatenate: PolNeAR dev texts when ../shared is here, else the seed
    articles that ship with the examples."""
    path = POLNEAR / "dev.jsonl"
    if path.is_file():
        import json

        with open(path, encoding="utf-8") as f:
            return [json.loads(line)["text"] for line in f if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted(SEED_ARTICLES.glob("*.txt"))]


def real_text(size: int) -> str:
    """News articles joined by blank lines, cycled to exactly ``size`` characters."""
    units = real_units()
    parts: list[str] = []
    n = k = 0
    while n < size:
        t = units[k % len(units)].strip() + "\n\n"
        parts.append(t)
        n += len(t)
        k += 1
    return "".join(parts)[:size]


def text_for(name: str, size: int) -> str:
    """The text of pattern ``name`` (or ``real_news``) at ``size`` characters."""
    if name == "real_news":
        return real_text(size)
    return grow(PATTERNS[name], size)
