"""HTML view of a result: the article with its quotations highlighted, one colour per speaker.

:func:`render_html` returns a self-contained fragment (inline styles, no scripts, no external
assets) for notebooks (``Result._repr_html_``) and for embedding; :func:`render_page` wraps one or
more results in a standalone HTML document (``quoteattr render``).  Both accept a
:class:`~quoteattr.model.Result` or a plain record of the output contract, as displaCy's
``manual=True`` does.  Every piece of article text is HTML-escaped.

Colours are inline ``style`` attributes rather than a stylesheet so that they survive the HTML
sanitisers of notebook viewers, which drop ``<style>`` blocks; the ``qa-*`` class names and
``data-*`` attributes are there for tests and for users who want to restyle the view.
"""

from __future__ import annotations

import html
from typing import Iterable, Mapping, Union

import attrs

from quoteattr.errors import InputError
from quoteattr.model import Quote, Result, Speaker

__all__ = ["render_html", "render_page"]

ResultLike = Union[Result, Mapping]

# (highlight, ink) pairs: a light background for the quotation, a dark shade of the same hue for
# the speaker mention and the cue underline.  The highlights are Paul Tol's "light" scheme, made
# for coloured backgrounds under black text and told apart with every common colour-vision
# deficiency (https://personal.sron.nl/~pault/); the order is his.  Beyond eight speakers, hues
# follow the golden angle (distinct, but no longer colour-blind safe: the legend names each one).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#77aadd", "#1d4772"),  # light blue
    ("#ee8866", "#812b0e"),  # orange
    ("#eedd88", "#6b5c0f"),  # light yellow
    ("#ffaabb", "#8f001d"),  # pink
    ("#99ddff", "#005f8f"),  # light cyan
    ("#44bb99", "#266956"),  # mint
    ("#bbcc33", "#5a6119"),  # pear
    ("#aaaa00", "#5c5c00"),  # olive
)
UNATTRIBUTED = ("#dddddd", "#4b5563")  # Tol's pale grey

_FONT = "font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
_DOC_STYLE = (
    _FONT + "color:#111827;background:#ffffff;border:1px solid #d1d5db;border-radius:6px;"
    "padding:12px 16px;margin:8px 0;max-width:60em;line-height:1.6;font-size:15px;"
)


def colour(n: int) -> tuple[str, str]:
    """The (highlight, ink) colours of the ``n``-th speaker."""
    if n < len(PALETTE):
        return PALETTE[n]
    hue = (n * 137.508) % 360
    return f"hsl({hue:.0f},85%,85%)", f"hsl({hue:.0f},70%,30%)"


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _as_result(obj: ResultLike, text: str | None) -> Result:
    if isinstance(obj, Result):
        return obj if text is None else attrs.evolve(obj, text=text)
    if isinstance(obj, Mapping):
        from quoteattr.io import result_from_dict

        return result_from_dict(obj, text=text)
    raise InputError(
        f"render_html takes a quoteattr Result or an output record (dict), got {type(obj).__name__}"
    )


# -- speakers ---------------------------------------------------------------------------------
def _speaker_key(sp: Speaker | None) -> str:
    if sp is None:
        return "\x00unattributed"
    return sp.entity_id or sp.name or (sp.mention or "").lower() or "\x00unattributed"


@attrs.frozen
class _Legend:
    key: str
    label: str
    type: str | None
    roles: tuple[str, ...]
    count: int
    colours: tuple[str, str]


def _legend(result: Result) -> dict[str, _Legend]:
    """One entry per speaker, in order of first quotation, with every role the article gives it."""
    roles_of = {e.id: e.roles for e in result.entities}
    order: dict[str, list[Quote]] = {}
    for q in result.quotes:
        order.setdefault(_speaker_key(q.speaker), []).append(q)
    out: dict[str, _Legend] = {}
    n = 0
    for key, quotes in order.items():
        sp = quotes[0].speaker
        if sp is None or key == "\x00unattributed":
            out[key] = _Legend(key, "unattributed", None, (), len(quotes), UNATTRIBUTED)
            continue
        roles: list[str] = []
        for r in [q.speaker.role for q in quotes if q.speaker] + list(roles_of.get(sp.entity_id or "", ())):
            if r and r not in roles:
                roles.append(r)
        label = sp.name or f"“{sp.mention}” (unresolved)"
        out[key] = _Legend(key, label, sp.type, tuple(roles), len(quotes), colour(n))
        n += 1
    return out


def _quote_title(q: Quote, n: int) -> str:
    sp = q.speaker
    lines = [f"quotation {n} · {q.kind} · confidence {q.confidence:.2f}"]
    if sp is None:
        lines.append("speaker: unattributed")
    else:
        who = sp.name or "unresolved"
        if sp.mention and sp.mention != sp.name:
            who += f" (mention: “{sp.mention}”)"
        lines.append(f"speaker: {who}")
        lines.append(f"role: {sp.role or '-'} · type: {sp.type}")
    lines.append(f"cue: {q.cue.text if q.cue else '-'}")
    return "\n".join(lines)


# -- marks ------------------------------------------------------------------------------------
@attrs.frozen
class _Mark:
    start: int
    end: int
    rank: int  # 0 quotation, 1 speaker mention, 2 cue: inner marks have higher ranks
    open: str
    close: str


def _quote_open(q: Quote, n: int, legend: Mapping[str, _Legend]) -> str:
    entry = legend[_speaker_key(q.speaker)]
    light, ink = entry.colours
    if q.kind == "indirect":  # reported speech: a paler wash and a dotted edge
        style = (f"background-color:{light};background-color:color-mix(in srgb,{light} 55%,transparent);"
                 f"border-bottom:2px dotted {ink};")
    else:
        style = f"background-color:{light};"
    return (
        f'<mark class="qa-quote qa-{_esc(q.kind)}" data-quote="{n}" data-kind="{_esc(q.kind)}" '
        f'data-speaker="{_esc(entry.label)}" title="{_esc(_quote_title(q, n))}" '
        f'style="{style}color:inherit;padding:1px 0;border-radius:2px;">'
    )


def _marks(result: Result, legend: Mapping[str, _Legend], length: int) -> list[_Mark]:
    marks: list[_Mark] = []
    seen_speakers: set[tuple[int, int]] = set()
    seen_cues: set[tuple[int, int]] = set()

    def clip(a: int, b: int) -> tuple[int, int]:
        return max(0, min(a, length)), max(0, min(b, length))

    for n, q in enumerate(result.quotes, 1):
        ink = legend[_speaker_key(q.speaker)].colours[1]
        a, b = clip(q.start, q.end)
        marks.append(_Mark(a, b, 0, _quote_open(q, n, legend), "</mark>"))
        sp = q.speaker
        if sp is not None and sp.start is not None and sp.end is not None and (sp.start, sp.end) not in seen_speakers:
            seen_speakers.add((sp.start, sp.end))
            a, b = clip(sp.start, sp.end)
            entry = legend[_speaker_key(sp)]
            title = f"speaker: {entry.label}\nrole: {sp.role or '-'} · type: {sp.type}"
            marks.append(_Mark(a, b, 1,
                               f'<span class="qa-speaker" data-speaker="{_esc(entry.label)}" '
                               f'title="{_esc(title)}" style="font-weight:700;border-bottom:3px solid {ink};'
                               f'color:{ink};">',
                               "</span>"))
        cue = q.cue
        if cue is not None and (cue.start, cue.end) not in seen_cues:
            seen_cues.add((cue.start, cue.end))
            a, b = clip(cue.start, cue.end)
            marks.append(_Mark(a, b, 2,
                               f'<span class="qa-cue" title="cue: {_esc(cue.text)}" '
                               f'style="text-decoration:underline;text-decoration-color:{ink};'
                               f'text-decoration-thickness:2px;text-underline-offset:3px;">',
                               "</span>"))
    return [m for m in marks if m.end > m.start]


def _highlight(text: str, marks: list[_Mark]) -> str:
    """``text`` escaped, with ``marks`` as properly nested elements.

    Marks may overlap (a speaker mention inside another speaker's quotation, two quotations
    sharing words); where one ends inside another the inner one is closed and reopened, so the
    output is always well-formed HTML and every character keeps all the marks that cover it.
    """
    marks = sorted(marks, key=lambda m: (m.start, -m.end, m.rank))
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    nxt = 0
    pos = 0
    for p in bounds:
        out.append(_esc(text[pos:p]))
        pos = p
        if any(m.end == p for m in stack):
            reopen: list[_Mark] = []
            while any(m.end == p for m in stack):
                m = stack.pop()
                out.append(m.close)
                if m.end != p:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.open)
                stack.append(m)
        while nxt < len(marks) and marks[nxt].start == p:
            out.append(marks[nxt].open)
            stack.append(marks[nxt])
            nxt += 1
    out.extend(m.close for m in reversed(stack))
    return "".join(out)


# -- the view ---------------------------------------------------------------------------------
def _legend_html(legend: Mapping[str, _Legend]) -> str:
    if not legend:
        return '<div class="qa-legend" style="color:#6b7280;">No quotations found.</div>'
    items = []
    for e in legend.values():
        light, ink = e.colours
        roles = f' <span style="color:#4b5563;">— {_esc("; ".join(e.roles))}</span>' if e.roles else ""
        kind = f' <span style="color:#6b7280;font-size:0.85em;">({_esc(e.type)})</span>' if e.type else ""
        items.append(
            f'<li class="qa-legend-item" data-speaker="{_esc(e.label)}" style="margin:2px 0;list-style:none;">'
            f'<span style="display:inline-block;width:0.9em;height:0.9em;margin-right:6px;vertical-align:-1px;'
            f'background:{light};border:2px solid {ink};border-radius:2px;"></span>'
            f'<strong style="color:{ink};">{_esc(e.label)}</strong>{roles}{kind}'
            f' <span style="color:#6b7280;font-size:0.85em;">· {e.count} quotation{"s" if e.count != 1 else ""}</span>'
            "</li>"
        )
    return (
        '<ul class="qa-legend" style="margin:6px 0 10px 0;padding:0;columns:2 18em;font-size:0.92em;">'
        + "".join(items) + "</ul>"
    )


_KEY = (
    '<div class="qa-key" style="font-size:0.8em;color:#6b7280;margin-bottom:8px;">'
    '<mark style="background-color:#e5e7eb;color:inherit;">highlight</mark> quotation (hover for speaker, role, '
    'kind, confidence) · <span style="border-bottom:2px dotted #4b5563;">dotted</span> reported (indirect) speech · '
    '<strong style="border-bottom:3px solid #4b5563;">bold</strong> speaker mention · '
    '<span style="text-decoration:underline;text-decoration-thickness:2px;">underline</span> cue</div>'
)


def render_html(result: ResultLike, *, text: str | None = None) -> str:
    """The article with its quotations highlighted, as a self-contained HTML fragment (a string).

    ``result`` is a :class:`~quoteattr.model.Result` or a record of the output contract
    (``Result.to_dict()`` / a line of ``quoteattr extract``); ``text`` supplies the article when
    the result does not carry it.  Without any text the quotations are listed on their own.
    Each quotation is a ``<mark class="qa-quote">`` coloured by speaker, with a tooltip giving
    speaker, role, kind and confidence; cues are underlined and speaker mentions set in bold.
    """
    r = _as_result(result, text)
    legend = _legend(r)
    n_sp = sum(1 for k in legend if not k.startswith("\x00"))
    head = (
        f'<div class="qa-head" style="margin-bottom:4px;"><strong>{_esc(r.doc_id)}</strong>'
        f' <span style="color:#6b7280;font-size:0.9em;">· {len(r.quotes)} quotation{"s" if len(r.quotes) != 1 else ""}'
        f' · {n_sp} speaker{"s" if n_sp != 1 else ""} · engine {_esc(r.engine)}</span></div>'
    )
    if r.text is not None:
        body = (
            '<div class="qa-text" style="white-space:pre-wrap;overflow-wrap:break-word;">'
            + _highlight(r.text, _marks(r, legend, len(r.text))) + "</div>"
        )
    else:
        items = []
        for n, q in enumerate(r.quotes, 1):
            e = legend[_speaker_key(q.speaker)]
            items.append(f'<li style="margin:4px 0;">{_quote_open(q, n, legend)}{_esc(q.text)}</mark>'
                         f' <span style="color:{e.colours[1]};font-weight:700;">— {_esc(e.label)}</span></li>')
        body = (
            '<div class="qa-text" style="color:#6b7280;font-size:0.85em;">(article text not included; '
            "quotations only)</div><ol>" + "".join(items) + "</ol>"
        )
    return (
        f'<div class="qa-doc" data-doc-id="{_esc(r.doc_id)}" style="{_DOC_STYLE}">'
        + head + _legend_html(legend) + _KEY + body + "</div>"
    )


def render_page(results: ResultLike | Iterable[ResultLike], *, title: str | None = None) -> str:
    """A standalone HTML document (UTF-8, no external assets) showing one or more results."""
    items = [results] if isinstance(results, (Result, Mapping)) else list(results)
    views = "\n".join(render_html(r) for r in items)
    if title is None:
        title = _as_result(items[0], None).doc_id if len(items) == 1 else f"quoteattr: {len(items)} articles"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n</head>\n"
        f'<body style="{_FONT}background:#f9fafb;margin:0;padding:16px;">\n{views}\n</body>\n</html>\n'
    )
