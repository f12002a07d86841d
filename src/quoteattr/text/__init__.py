"""The text layer: quote marks, boilerplate, paragraphs, sentences and tokens, in raw offsets."""

from quoteattr.text.boilerplate import is_boilerplate
from quoteattr.text.marks import QuotedSpan, ScanResult, scan
from quoteattr.text.segment import Paragraph, Segmentation, segment, tokenize

__all__ = [
    "Paragraph",
    "QuotedSpan",
    "ScanResult",
    "Segmentation",
    "is_boilerplate",
    "scan",
    "segment",
    "tokenize",
]
