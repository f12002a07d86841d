"""Syntax-aware frames, used when the engine provides dependencies."""

from __future__ import annotations

import attrs

from quoteattr.nlp.base import SENTENCES, TOKENS


def _plain(att):
    p = att.__dict__.get("_plain_att")
    if p is None:
        from quoteattr.extract.attribution import Attributor

        doc = att.doc
        toks = tuple(t._replace(lemma=None, upos=None, head=None, deprel=None, ner=None) for t in doc.tokens)
        p = Attributor(attrs.evolve(doc, tokens=toks, provides=frozenset({TOKENS, SENTENCES})), att.vocab)
        att.__dict__["_plain_att"] = p
    return p


def syntax_frame(att, cue, si, earlier):
    import os
    if os.environ.get("QA_MODE") == "plain":
        return _plain(att).frame_for(cue, si, earlier)
    return None
