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
    """``(start, end)`` spans (any order, overlapping or not), indexed for the questions below."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # reach[k]: the largest end among the first k + 1 spans
        top = -1
        for _, b in ordered:
            top = max(top, b)
            self.reach.append(top)

    def add(self, start: int, end: int) -> None:
        """Add a span (cheap when spans come in order of start, as they usually do)."""
        if self.starts and start < self.starts[-1]:
            k = bisect.bisect_right(self.starts, start)
            self.starts.insert(k, start)
            self.reach.insert(k, max(end, self.reach[k - 1]) if k > 0 else end)
            for i in range(k + 1, len(self.reach)):
                self.reach[i] = max(self.reach[i], end)
            return
        self.starts.append(start)
        self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def _reach_before(self, k: int) -> int | None:
        return self.reach[k - 1] if k > 0 else None

    def strictly_inside(self, pos: int) -> bool:
        """Is there a span with ``start < pos < end``?"""
        r = self._reach_before(bisect.bisect_left(self.starts, pos))
        return r is not None and r > pos

    def covers(self, pos: int) -> bool:
        """Is there a span with ``start <= pos < end``?"""
        r = self._reach_before(bisect.bisect_right(self.starts, pos))
        return r is not None and r > pos

    def contains(self, start: int, end: int) -> bool:
        """Is there a span with ``span.start <= start`` and ``end <= span.end``?"""
        r = self._reach_before(bisect.bisect_right(self.starts, start))
        return r is not None and r >= end

    def starts_within(self, lo: int, hi: int) -> bool:
        """Does a span start at ``lo <= start < hi``?"""
        return bisect.bisect_left(self.starts, lo) < bisect.bisect_left(self.starts, hi)
