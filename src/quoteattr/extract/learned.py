"""Frames from a learned model's attributions, combined with the rules' frames.

The neural engine's ``attributions`` layer holds content, cue and source spans
(:class:`~quoteattr.nlp.base.LearnedAttribution`).  Each becomes a :class:`Frame` like the ones
the rules build: the cue read against the reporting-verb lexicon, the source read as a noun
phrase by :func:`~quoteattr.extract.roles.read_mention`, the kind from the quotation marks the
content holds.  Then the two extractors are combined where each is strong:

- the rules' quotations in marks (direct quotes, continuations, colon introductions, headline
  quotes) keep their exact quote-mark spans; a learned content that is the same quotation, or a
  piece of it, only lends its source when the rules found none;
- a learned content replaces the rules' reported clause that is the same attribution (Jaccard
  overlap of the contents at least :data:`SAME`, the closest such clause when there are several),
  taking that clause's source: the model learned PolNeAR's content boundaries, the rules read
  sources more reliably;
- a learned content no rules clause supports needs more probability where the rules are strong
  (:func:`min_probability`), and where it only overlaps a rules clause it replaces that clause only
  when the model is sure of it (:data:`REPLACE_PROBABILITY`);
- the rules' reported clauses that no kept learned content overlaps stay (what the model missed),
  unless the model saw no content there at all; a clause reported inside a learned content, with
  a named source and a cue of its own, is a second attribution and stays too;
- quoted words inside reported speech become partial quotations, as with the rules alone; the
  rules' own partial quotations stay where no kept content holds them, and keep their source where
  a kept content yields the same quoted words.
"""

from __future__ import annotations

from typing import Sequence

import attrs

from quoteattr.extract.attribution import Attributor, Frame, _dedupe, partial_quotes
from quoteattr.extract.cues import CueMatch
from quoteattr.extract.roles import Mention
from quoteattr.extract.sources import find_left_source, find_right_source
from quoteattr.nlp.base import AnnotatedDoc, LearnedAttribution
from quoteattr.text.marks import QuotedSpan
from quoteattr.text.spans import jaccard

# Rules frames found through quotation marks: exact spans the model has no reason to move.
MARK_PATTERNS = ("continuation", "continued", "colon", "headline", "unattributed")
# A learned content no rules clause supports is kept when the model's mean probability for it
# reaches min_probability().  Where the rules are weak (noun-phrase and infinitive objects, noun
# cues, contents holding quoted words) MIN_PROBABILITY applies: PolNeAR dev overlap-50 F1 0.657 at
# 0.7, 0.650 at 0.8, 0.645 at 0.85, 0.636 at 0.9, while speaker accuracy rises (0.886, 0.893,
# 0.898, 0.901) and newsdev F1 with it (0.873, 0.880, 0.885, 0.888).  A clause after a reporting
# verb without quotation marks is what the rules read best, so one they did not find needs
# CLAUSE_PROBABILITY: on PolNeAR dev F1 0.656 at 0.85, 0.653 at 0.9, 0.647 at 0.95 (speaker 0.887,
# 0.892, 0.896); on newsdev 0.871, 0.879, 0.885, and on the seeds 0.745, 0.755, 0.767 (the seed
# annotation leaves such contents out; REPLACE_PROBABILITY not yet applied in these figures).
MIN_PROBABILITY = 0.85
CLAUSE_PROBABILITY = 0.95
# A learned content that only overlaps a rules clause (less than SAME) replaces it when its
# probability reaches this; below, the rules' clause stays.  PolNeAR dev 0.647 -> 0.645, newsdev
# 0.885 -> 0.885, seeds 0.767 -> 0.788: an unsure learned boundary that runs across the rules'
# clause is mostly two clauses joined or one cut short.
REPLACE_PROBABILITY = 0.9
SAME = 0.5  # Jaccard overlap above which a learned and a rules content are one attribution


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Does ``b`` hold most (80%) of ``a``?"""
    return min(a[1], b[1]) - max(a[0], b[0]) >= 0.8 * (a[1] - a[0])


def _tokens_in(att: Attributor, a: int, b: int) -> tuple[int, int]:
    first = att._tok_at(a)
    if first is None:
        return len(att.toks), len(att.toks)
    last = first
    while last < len(att.toks) and att.toks[last].start < b:
        last += 1
    return first, last


def learned_cue(att: Attributor, span: tuple[int, int]) -> CueMatch | None:
    """The cue ``span`` read against the lexicon: a reporting verb inside it gives the lemma and
    frame; otherwise the last word is the lemma and the frame is ``learned``."""
    first, last = _tokens_in(att, *span)
    if first >= last:
        return None
    words = [t.text.lower() for t in att.toks[first:last]]
    form = " ".join(words)
    if form == "according to":
        return CueMatch(first, last, span[0], span[1], "according to", "according_to", form)
    for w in words:
        rv = att.vocab.verbs.get(w)
        if rv is not None:
            return CueMatch(first, last, span[0], span[1], rv.lemma, rv.frame, form)
    return CueMatch(first, last, span[0], span[1], words[-1], "learned", form)


def split_apposition(text: str, span: tuple[int, int]) -> tuple[tuple[int, int], str | None]:
    """``span`` up to its first comma, and the apposition after it when it reads as a role
    (``X, the head of Y,`` -> ``X`` and ``the head of Y``).  A learned source often holds the
    apposition; read whole, a name would come from its last words."""
    head, comma, rest = text[span[0]:span[1]].partition(",")
    head = head.rstrip()
    if not comma or not head:
        return span, None
    rest = rest.strip(" ,")
    role = rest if rest.split(" ", 1)[0].lower() in ("the", "a", "an") and len(rest.split()) > 1 else None
    return (span[0], span[0] + len(head)), role


def learned_source(att: Attributor, span: tuple[int, int]) -> Mention | None:
    first, last = _tokens_in(att, *span)
    if first >= last:
        return None
    return att.mention(first, last)


def _kind(text: str, quotes: Sequence[QuotedSpan], a: int, b: int) -> tuple[str, tuple[int, int]]:
    """``direct`` (and the span inside the marks) when the content is one quotation in marks,
    ``mixed`` when it holds quoted words, ``indirect`` otherwise."""
    inner = [q for q in quotes if q.start >= a - 1 and q.end <= b + 1 and q.end > q.start]
    for q in inner:
        lead = text[a:q.start].strip(" ,:;\"'“”‘’")
        tail = text[q.end:b].strip(" ,.;:!?\"'“”‘’")
        if not lead and not tail:
            return "direct", (q.start, q.end)
    return ("mixed" if inner else "indirect"), (a, b)


def source_by_rule(att: Attributor, cue: CueMatch) -> Mention | None:
    """The noun phrase the rules read as the subject of ``cue`` (left of it, else right)."""
    tok = att.toks[cue.first]
    s = att.doc.sentences[tok.sent]
    span = find_left_source(att.toks, cue.first, s.first, att.vocab) or \
        find_right_source(att.toks, cue.last, s.last, att.vocab)
    return att.mention(span.first, span.last) if span is not None else None


def learned_frames(att: Attributor, learned: Sequence[LearnedAttribution]) -> list[Frame]:
    out = []
    for la in learned:
        a, b = la.content
        kind, span = _kind(att.text, att.quotes, a, b)
        sent = att.doc.sentence_of(span[0])
        cue = learned_cue(att, la.cue) if la.cue else None
        src_span, apposition = split_apposition(att.text, la.source) if la.source else (None, None)
        source = learned_source(att, src_span) if src_span else None
        if source is None and cue is not None:
            source = source_by_rule(att, cue)
        out.append(Frame(span, kind, cue, source, "neural", sent if sent is not None else 0,
                         probability=la.probability, appositive_role=apposition))
    return out


def min_probability(frame: Frame) -> float:
    """The probability a learned content no rules clause supports needs to be kept: more for a
    reported clause without quotation marks (where the rules are strong) than for the rest."""
    from quoteattr.extract.quotes import content_form

    return CLAUSE_PROBABILITY if frame.kind == "indirect" and content_form(frame) == "clause" else MIN_PROBABILITY


def _reported_inside(f: Frame, g: Frame) -> bool:
    """Is the rules frame ``f`` a report of its own inside the learned content ``g`` (``denies X's
    claim that Y``): a named source and a cue that reads a clause, the cue within ``g``?"""
    return (f.cue is not None and not f.cue.frame.startswith("obj") and f.source is not None
            and f.source.name is not None and g.kind != "direct"
            and g.content[0] <= f.cue.start and f.cue.end <= g.content[1])


def combine(doc: AnnotatedDoc, vocab, rules: list[Frame]) -> list[Frame]:
    """The frames of ``doc``: the rules' ``rules`` merged with its learned attributions."""
    att = Attributor(doc, vocab)
    learned = learned_frames(att, doc.attributions)
    marked = [f for f in rules if f.kind == "direct" or f.pattern in MARK_PATTERNS]
    partials = [f for f in rules if f.kind == "partial"]
    clauses = [f for f in rules if f not in marked and f.kind != "partial"]
    out: list[Frame] = []
    for f in marked:
        same = [g for g in learned if jaccard(f.content, g.content) >= SAME]
        if f.source is None and f.inherits_from is None and same and same[0].source is not None:
            f = attrs.evolve(f, source=same[0].source, cue=f.cue or same[0].cue, pattern=f"{f.pattern}+neural")
        out.append(f)
    paired: set[int] = set()
    for g in learned:
        if any(jaccard(f.content, g.content) >= SAME or _inside(g.content, f.content) for f in marked):
            continue  # the quotation in marks, or a piece of it
        overlaps = [(jaccard(f.content, g.content), f) for f in clauses if f.source is not None]
        same = max((o for o in overlaps if o[0] >= SAME), key=lambda o: o[0], default=(0.0, None))[1]
        if same is not None:  # the rules read the source of the same clause more reliably
            paired.add(id(same))
            g = attrs.evolve(g, source=same.source, cue=g.cue or same.cue, inherits_from=same.inherits_from,
                             appositive_role=same.appositive_role)
        else:
            p = g.probability or 0.0
            if p < min_probability(g):
                continue
            if p < REPLACE_PROBABILITY and any(j > 0 for j, _ in overlaps):
                continue  # an unsure boundary across a rules clause: the clause stays
        out.append(g)
    kept = [g for g in out if g.probability is not None]
    for f in clauses:  # reported speech the model missed: the rules' clause where no learned content is
        if id(f) in paired or not any(jaccard(f.content, g.content) > 0 for g in learned):
            continue  # replaced, or the model saw no content there at all
        if not any(jaccard(f.content, g.content) > 0 and not _reported_inside(f, g) for g in kept):
            out.append(f)
    out += [f for f in partials if not any(g.kind != "partial" and g.content[0] <= f.content[0]
                                           and f.content[1] <= g.content[1] for g in out)]
    out = _dedupe(out)
    by_span = {f.content: f for f in partials}  # the rules' reading of the same quoted words keeps its source
    out += [by_span.get(f.content, f) for f in partial_quotes(att, out)]
    out.sort(key=lambda f: (f.content[0], -f.content[1]))
    return _dedupe(out)
