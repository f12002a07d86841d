"""Extractors over an annotated document: cues, sources, content, attribution, roles, coref."""

from quoteattr.extract.attribution import Frame, find_frames
from quoteattr.extract.cues import CueMatch, find_cues
from quoteattr.extract.quotes import extract_quotes
from quoteattr.extract.roles import Mention, read_mention
from quoteattr.extract.words import Vocabulary

__all__ = ["CueMatch", "Frame", "Mention", "Vocabulary", "extract_quotes", "find_cues", "find_frames", "read_mention"]
