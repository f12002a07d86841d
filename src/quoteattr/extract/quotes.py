"""From an annotated document to quotations: frames, then speakers, then confidence."""

from __future__ import annotations

from quoteattr.extract.attribution import find_frames
from quoteattr.extract.confidence import score
from quoteattr.extract.coref import Resolver
from quoteattr.extract.words import Vocabulary
from quoteattr.model import Cue, Entity, Quote
from quoteattr.nlp.base import AnnotatedDoc


def extract_quotes(
    doc: AnnotatedDoc, *, doc_id: str = "doc", vocab: Vocabulary | None = None
) -> tuple[tuple[Quote, ...], tuple[Entity, ...]]:
    """The quotations of ``doc`` (in text order) and the speaker entities they refer to."""
    vocab = vocab or Vocabulary.for_lang("en")
    frames = find_frames(doc, vocab)
    resolver = Resolver(doc, vocab, doc_id)
    text = doc.text
    # resolve in text order of the source mentions, so pronouns see the speakers before them
    order = sorted(range(len(frames)), key=lambda i: (frames[i].source.start if frames[i].source else frames[i].content[0]))
    speakers = {}
    for i in order:
        f = frames[i]
        speakers[i] = resolver.resolve(f.source, f.appositive_role)
    quotes = []
    for i, f in enumerate(frames):
        a, b = f.content
        if b <= a:
            continue
        cue = Cue(f.cue.start, f.cue.end, text[f.cue.start:f.cue.end], f.cue.lemma) if f.cue is not None else None
        sp = speakers[i]
        quotes.append(Quote(a, b, text[a:b], f.kind, cue, sp, score(f, sp)))
    quotes.sort(key=lambda q: (q.start, -q.end, q.kind))
    return tuple(quotes), resolver.entities()
