"""Confidence: how likely a quotation is right, from how it was found.

A logistic model over the evidence of each frame: the pattern that found it (a quotation in
marks with a cue and a named source is the surest; a lone quotation with no cue the least), its
kind, the cue (``said``/``told`` versus a belief or object verb), how the source was settled (a
name, a resolved pronoun, nothing) and the content's length.  The weights live in
``confidence.json`` beside this module and are fitted on PolNeAR train by
``scripts/fit_confidence.py``, with "right" meaning the span matches a gold attribution
(overlap >= 0.5) and the speaker is the gold source.  docs/evaluation.md reports precision per
confidence band on the seeds and PolNeAR dev.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from quoteattr.extract.attribution import Frame
from quoteattr.model import Speaker

CORE_SPEECH = frozenset({"say", "tell", "add", "state", "announce", "report", "write", "tweet", "insist",
                         "claim", "warn", "argue", "note", "explain", "declare", "according to", "ask",
                         "reply", "respond", "confirm", "deny", "acknowledge", "suggest", "continue", ":"})


def features(frame: Frame, speaker: Speaker | None) -> list[str]:
    """The named binary features of a frame (the model's inputs)."""
    pattern = frame.pattern.split(">")[0].split("+")[0]
    # quoted words inside reported speech are as right as the attribution around them (PolNeAR,
    # which the weights are fitted on, marks the whole reported clause, never the quoted words)
    kind = "mixed" if frame.kind == "partial" else frame.kind
    out = [f"pattern={pattern}", f"kind={kind}", f"pattern_kind={pattern}/{kind}"]
    if "+" in frame.pattern:
        out.append("merged_run")
    cue = frame.cue
    if cue is None:
        out.append("cue=none")
    elif cue.lemma in CORE_SPEECH:
        out.append("cue=core")
    else:
        out.append(f"cue={cue.frame}")
    if speaker is None:
        out.append("speaker=none")
    else:
        pronoun = (speaker.mention or "").lower() in ("he", "she", "it", "they", "we", "i")
        if pronoun:
            out.append("speaker=pronoun_resolved" if speaker.name or speaker.role else "speaker=pronoun_unresolved")
        else:
            out.append(f"speaker={speaker.type}")
        if speaker.role:
            out.append("speaker_role")
    if frame.probability is not None:  # a learned content: the model's own probability, in bands
        p = frame.probability
        out.append("neural_p<0.6" if p < 0.6 else "neural_p<0.75" if p < 0.75 else "neural_p<0.9" if p < 0.9
                   else "neural_p>=0.9")
    if frame.kind == "partial":
        return out
    a, b = frame.content
    n = max(1, (b - a) // 6)  # about six characters a word
    out.append("len<4" if n < 4 else "len<10" if n < 10 else "len<30" if n < 30 else "len<60" if n < 60 else "len>=60")
    return out


@lru_cache(maxsize=None)
def weights() -> dict[str, float]:
    path = resources.files("quoteattr.extract").joinpath("confidence.json")
    return json.loads(path.read_text(encoding="utf-8"))["weights"]


def score(frame: Frame, speaker: Speaker | None) -> float:
    """A probability in [0.01, 0.99] that the quotation and its speaker are right.  Frames of a
    learned model use the weights fitted for it (shipped in its ``meta.json``)."""
    w = weights()
    if frame.probability is not None:
        from quoteattr.nlp.neural import calibration

        w = calibration() or w
    z = w.get("bias", 0.0) + sum(w.get(f, 0.0) for f in features(frame, speaker))
    p = 1.0 / (1.0 + math.exp(-z))
    return round(min(0.99, max(0.01, p)), 2)
