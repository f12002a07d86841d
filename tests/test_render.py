"""The HTML view: every quotation highlighted, text intact and escaped, well-formed, self-contained."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr.model import Cue, Entity, Quote, Result, Speaker
from quoteattr.render import PALETTE, UNATTRIBUTED, _highlight, _Mark, colour, render_html, render_page

from tests.conftest import ARTICLES, seed_text
from tests.strategies import any_text

SEEDS = sorted(p.stem for p in ARTICLES.glob("*.txt"))
VOID = {"meta", "br", "img", "hr", "input", "link"}


class _Tree(HTMLParser):
    """Checks nesting and collects the text of the article body (inside .qa-text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text_depth: int | None = None
        self.body: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append(tag)
        if "qa-text" in (a.get("class") or "").split() and self.text_depth is None:
            self.text_depth = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        if self.text_depth == len(self.stack):
            self.text_depth = -1
        self.stack.pop()

    def handle_data(self, data):
        if self.text_depth is not None and self.text_depth > 0:
            self.body.append(data)


def parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree


SAMPLE_TEXT = ('"Any truce would be <b>senseless</b>", Lavrov said. '
               "<script>alert('x')</script> He added that talks were over.")


def sample() -> Result:
    t = SAMPLE_TEXT
    a = t.index("Any")
    b = t.index('</b>"') + 4
    m = t.index("Lavrov")
    c = t.index("said")
    sp = Speaker("Sergei Lavrov", "Lavrov", m, m + 6, "Foreign Minister", "person", "d#e1")
    q1 = Quote(a, b, t[a:b], "direct", Cue(c, c + 4, "said", "say"), sp, 0.93)
    h = t.index("He added")
    i = t.index("talks")
    sp2 = Speaker("Sergei Lavrov", "He", h, h + 2, "Foreign Minister", "person", "d#e1")
    q2 = Quote(i, len(t) - 1, t[i:-1], "indirect", Cue(h + 3, h + 8, "added", "add"), sp2, 0.7)
    q3 = Quote(t.index("alert"), t.index("alert") + 5, "alert", "partial", None, None, 0.1)
    ent = Entity("d#e1", "Sergei Lavrov", "person", (), ("Foreign Minister",))
    return Result("doc<1>", tuple(sorted((q1, q2, q3), key=lambda q: q.start)), (ent,), "rules", t)


def test_article_markup_is_escaped():
    out = render_html(sample())
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "(&#x27;x&#x27;)&lt;/script&gt;" in out
    assert "doc&lt;1&gt;" in out  # the doc id is escaped too


def test_text_survives_intact():
    r = sample()
    tree = parse(render_html(r))
    assert "".join(tree.body) == r.text


def test_every_quotation_is_a_mark_with_speaker_role_kind_confidence():
    r = sample()
    tree = parse(render_html(r))
    marks = [a for tag, a in tree.tags if tag == "mark" and "qa-quote" in a.get("class", "")]
    assert sorted({int(a["data-quote"]) for a in marks}) == [1, 2, 3]
    first = next(a for a in marks if a["data-quote"] == "1")
    assert "Sergei Lavrov" in first["title"] and "Foreign Minister" in first["title"]
    assert "direct" in first["title"] and "0.93" in first["title"]
    assert "background-color:" in first["style"]
    speakers = [a for tag, a in tree.tags if "qa-speaker" in (a.get("class") or "")]
    cues = [a for tag, a in tree.tags if "qa-cue" in (a.get("class") or "")]
    assert len(speakers) == 2 and len(cues) == 2


def test_one_colour_per_speaker_and_grey_when_unattributed():
    tree = parse(render_html(sample()))
    style = {a["data-kind"]: a["style"] for tag, a in tree.tags if tag == "mark" and "data-quote" in a}
    colour = lambda s: re.search(r"background-color:([^;]+);", s).group(1)  # noqa: E731
    assert colour(style["direct"]) == colour(style["indirect"])  # both Lavrov's
    assert colour(style["partial"]) == UNATTRIBUTED[0]


def test_legend_lists_speakers_with_roles():
    tree = parse(render_html(sample()))
    items = [a["data-speaker"] for tag, a in tree.tags if "qa-legend-item" in (a.get("class") or "")]
    assert items == ["Sergei Lavrov", "unattributed"]
    assert "Foreign Minister" in render_html(sample())


def test_dicts_render_like_results():
    r = sample()
    assert render_html(r.to_dict(include_text=True)) == render_html(r)
    assert render_html(r.to_dict(), text=r.text) == render_html(r)
    assert r._repr_html_() == render_html(r)
    assert quoteattr.render_html is render_html


def test_without_text_the_quotations_are_listed():
    r = sample()
    out = render_html(r.to_dict())
    parse(out)
    assert "quotations only" in out
    assert out.count('class="qa-quote') == 3


def test_not_a_result_is_a_clear_error():
    with pytest.raises(quoteattr.InputError, match="Result"):
        render_html(42)  # type: ignore[arg-type]


def test_self_contained():
    page = render_page([sample(), sample()])
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "http://" not in page and "https://" not in page and "url(" not in page
    parse(page)


@pytest.mark.parametrize("doc_id", SEEDS)
def test_seed_articles(rules, doc_id):
    text = seed_text(doc_id)
    r = rules.extract(text, doc_id=doc_id)
    tree = parse(render_html(r))
    assert "".join(tree.body) == text
    marks = {a["data-quote"] for tag, a in tree.tags if tag == "mark" and "data-quote" in a}
    assert len(marks) == len(r.quotes) > 0


def test_no_quotations():
    r = Result("empty", text="Nothing to see <here>.")
    out = render_html(r)
    assert "No quotations found" in out and "&lt;here&gt;" in out


@st.composite
def text_and_marks(draw):
    text = draw(any_text)
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n), st.integers(0, 2)), max_size=8))
    marks = [_Mark(min(a, b), max(a, b), rank, f'<span data-m="{k}">', "</span>")
             for k, (a, b, rank) in enumerate(spans) if a != b]
    return text, marks


@settings(max_examples=200, deadline=None)
@given(text_and_marks())
def test_overlapping_marks_nest_and_keep_the_text(case):
    """Against a naive oracle: each character is covered by exactly the marks whose span holds it."""
    text, marks = case
    out = _highlight(text, marks)
    covered: list[set[str]] = []
    stack: list[str] = []
    for token in re.split(r"(<span data-m=\"\d+\">|</span>)", out):
        if token.startswith("<span"):
            stack.append(re.search(r"\d+", token).group())
        elif token == "</span>":
            stack.pop()
        else:
            covered.extend(set(stack) for _ in html.unescape(token))
    assert stack == []
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    for i in range(len(text)):
        expected = {m.open.split('"')[1] for m in marks if m.start <= i < m.end}
        assert covered[i] == expected


def test_cli_render(tmp_path):
    from quoteattr.cli import main

    out = tmp_path / "a.html"
    assert main(["render", "--engine", "rules", str(ARTICLES / f"{SEEDS[0]}.txt"), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    parse(page)
    assert 'class="qa-quote' in page and f"<title>{SEEDS[0]}</title>" in page

    res = tmp_path / "r.jsonl"
    assert main(["extract", "--engine", "rules", "--include-text", "-q", str(ARTICLES), "-o", str(res)]) == 0
    both = tmp_path / "b.html"
    assert main(["render", "--results", str(res), "-o", str(both)]) == 0
    assert both.read_text(encoding="utf-8").count('class="qa-doc"') == len(SEEDS)


# -- colours that can be told apart ------------------------------------------------------------
def _lab(hex_colour: str, deficiency: str | None = None) -> tuple[float, float, float]:
    """CIELAB of an sRGB colour, as seen with full colour vision or with a full dichromacy
    (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in linear RGB)."""
    machado = {
        "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
        "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
        "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
    }
    srgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    if deficiency:
        m = machado[deficiency]
        r, g, b = [min(1.0, max(0.0, m[i][0] * r + m[i][1] * g + m[i][2] * b)) for i in range(3)]
    x, y, z = 0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


@pytest.mark.parametrize("deficiency", [None, "deuteranopia", "protanopia", "tritanopia"])
def test_speaker_highlights_are_told_apart_also_by_colour_blind_readers(deficiency):
    highlights = [h for h, _ in PALETTE] + [UNATTRIBUTED[0]]
    for i, a in enumerate(highlights):
        for b in highlights[i + 1:]:
            distance = sum((p - q) ** 2 for p, q in zip(_lab(a, deficiency), _lab(b, deficiency))) ** 0.5
            assert distance >= 10, f"{a} and {b} look alike ({deficiency or 'full colour vision'}: ΔE {distance:.1f})"


def test_different_speakers_get_distinct_colours():
    names = ["Maria Lopez", "Ahmed Khan", "John Smith", "Li Wei", "Anna Novak", "Kofi Mensah", "Olga Petrova",
             "Tom Baker", "Ines Costa", "Raj Patel", "Yuki Sato", "Omar Haddad"]
    text = "\n\n".join(f'"We need the bridge number {k}," {name} said.' for k, name in enumerate(names))
    r = quoteattr.extract(text, engine="rules")
    assert [q.speaker.name for q in r] == names
    tree = parse(render_html(r))
    marks = [a for tag, a in tree.tags if tag == "mark" and "qa-quote" in a.get("class", "")]
    backgrounds = {a["title"].split(" —")[0].split(" (")[0]: re.search(r"background-color:([^;]+);", a["style"]).group(1)
                   for a in marks}
    assert len(marks) == len(names) and len(set(backgrounds.values())) == len(names), backgrounds
    assert len({colour(n) for n in range(60)}) == 60
