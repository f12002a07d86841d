"""From an annotated document to quotations: frames, then speakers, then confidence."""

from __future__ import annotations

from quoteattr.extract.attribution import Frame, find_frames
from quoteattr.extract.confidence import score
from quoteattr.extract.coref import Resolver
from quoteattr.extract.relatives import at_relative
from quoteattr.extract.syntax import surface_view
from quoteattr.extract.words import Vocabulary
from quoteattr.model import Cue, Entity, Quote, Speaker
from quoteattr.nlp.base import ATTRIBUTIONS, AnnotatedDoc


def attribute(
    doc: AnnotatedDoc, *, doc_id: str = "doc", vocab: Vocabulary | None = None
) -> tuple[list[Frame], list[Speaker | None], Resolver]:
    """The frames of ``doc`` with their resolved speakers (one per frame) and the resolver."""
    vocab = vocab or Vocabulary.for_lang("en")
    frames = find_frames(doc, vocab)
    if ATTRIBUTIONS in doc.provides:  # a learned model's spans, combined with the rules' frames
        from quoteattr.extract.learned import combine

        frames = combine(doc, vocab, frames)
    resolver = Resolver(surface_view(doc), vocab, doc_id)
    # resolve in text order of the source mentions, so pronouns see the speakers before them
    order = sorted(range(len(frames)), key=lambda i: (frames[i].source.start if frames[i].source else frames[i].content[0]))
    speakers: list[Speaker | None] = [None] * len(frames)
    for i in order:
        speakers[i] = resolver.resolve(frames[i].source, frames[i].appositive_role)
    resolver.finish()
    toks = surface_view(doc).tokens
    speakers = [at_relative(doc.text, toks, f, resolver.final(sp)) for f, sp in zip(frames, speakers)]
    return frames, speakers, resolver


# Cue frames whose content is a reported clause (``said that ...``, ``according to X, ...``,
# ``X said: ...``); object frames (``condemned the attack``, ``accused X of Y``), noun cues and
# learned cues outside the lexicon report something other than a clause.
CLAUSE_FRAMES = frozenset({"clause", "according_to", "colon", "byline"})


def content_form(frame: Frame) -> str:
    """``quote`` for words in marks, ``clause`` for a reported clause, ``phrase`` otherwise
    (see :data:`quoteattr.model.QUOTE_FORMS`)."""
    if frame.kind in ("direct", "partial"):
        return "quote"
    return "clause" if frame.cue is not None and frame.cue.frame in CLAUSE_FRAMES else "phrase"


def extract_quotes(
    doc: AnnotatedDoc, *, doc_id: str = "doc", vocab: Vocabulary | None = None
) -> tuple[tuple[Quote, ...], tuple[Entity, ...]]:
    """The quotations of ``doc`` (in text order) and the speaker entities they refer to."""
    frames, speakers, resolver = attribute(doc, doc_id=doc_id, vocab=vocab)
    text = doc.text
    quotes = []
    utterances = 0
    for f, sp in zip(frames, speakers):
        a, b = f.content
        if b <= a:
            continue
        cue = Cue(f.cue.start, f.cue.end, text[f.cue.start:f.cue.end], f.cue.lemma) if f.cue is not None else None
        parts = f.parts()
        form = content_form(f)
        conf = score(f, sp)
        if len(parts) == 1:
            quotes.append(Quote(a, b, text[a:b], f.kind, cue, sp, conf, form=form))
            continue
        # a quotation interrupted by its own frame: one quotation per part, sharing an utterance id
        utterances += 1
        uid = f"{doc_id}#u{utterances}"
        for n, (pa, pb) in enumerate(parts, 1):
            quotes.append(Quote(pa, pb, text[pa:pb], f.kind, cue, sp, conf,
                                utterance_id=uid, part=n, n_parts=len(parts), form=form))
    quotes.sort(key=lambda q: (q.start, -q.end, q.kind))
    return tuple(quotes), resolver.entities()
