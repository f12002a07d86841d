"""Span lookups in logarithmic time: is an offset inside one of many spans, is a span inside one.

The extractors ask such questions once per cue, quotation or sentence; asked of a plain list
they cost the list's length each time, so a document with thousands of quotations took the
square of its length.  A :class:`SpanIndex` sorts the spans once by start and keeps the running
maximum of their ends: the spans that start before an offset reach at most that far.
"""

from __future__ import annotations

import bisect
from typing import Iterable


class SpanIndex:
    """``(start, end)`` spans (any order, overlapping or not), indexed for the questions below.

    Spans added later (:meth:`add`) go to a second index, cheap to extend when they come in
    order of start, as the merged quotations of one pass do."""

    __slots__ = ("starts", "reach", "_added")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # reach[k]: the largest end among the first k + 1 spans
        top = -1
        for _, b in ordered:
            if b > top:
                top = b
            self.reach.append(top)
        self._added: SpanIndex | None = None

    def add(self, start: int, end: int) -> None:
        """Add a span."""
        if self._added is None:
            self._added = SpanIndex()
        more = self._added
        if more.starts and start < more.starts[-1]:
            k = bisect.bisect_right(more.starts, start)
            more.starts.insert(k, start)
            more.reach.insert(k, max(end, more.reach[k - 1]) if k > 0 else end)
            for i in range(k + 1, len(more.reach)):
                more.reach[i] = max(more.reach[i], end)
            return
        more.starts.append(start)
        more.reach.append(max(end, more.reach[-1]) if more.reach else end)

    def _reaches_past(self, k: int, pos: int) -> bool:
        """Does one of the first ``k`` spans end after ``pos``?"""
        return k > 0 and self.reach[k - 1] > pos

    def strictly_inside(self, pos: int) -> bool:
        """Is there a span with ``start < pos < end``?"""
        return self._reaches_past(bisect.bisect_left(self.starts, pos), pos) or (
            self._added is not None and self._added.strictly_inside(pos))

    def covers(self, pos: int) -> bool:
        """Is there a span with ``start <= pos < end``?"""
        return self._reaches_past(bisect.bisect_right(self.starts, pos), pos) or (
            self._added is not None and self._added.covers(pos))

    def contains(self, start: int, end: int) -> bool:
        """Is there a span with ``span.start <= start`` and ``end <= span.end``?"""
        k = bisect.bisect_right(self.starts, start)
        return (k > 0 and self.reach[k - 1] >= end) or (
            self._added is not None and self._added.contains(start, end))

    def starts_within(self, lo: int, hi: int) -> bool:
        """Does a span start at ``lo <= start < hi``?"""
        return bisect.bisect_left(self.starts, lo) < bisect.bisect_left(self.starts, hi) or (
            self._added is not None and self._added.starts_within(lo, hi))


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two character spans divided by the stretch they cover together."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0
