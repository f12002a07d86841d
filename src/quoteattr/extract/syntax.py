"""Syntax-aware frames, used when the engine provides dependencies (placeholder)."""

from __future__ import annotations


def syntax_frame(att, cue, si, earlier):  # pragma: no cover - replaced by the stanza engine work
    return None
