"""Progress bars for long runs, on a terminal and in Jupyter.

One helper for every stage that can take seconds (extraction over many articles, embedding,
clustering), so they all look and behave alike: shown on an interactive stderr or when asked,
silent otherwise, never a warning when the notebook widgets are missing.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Iterator, TypeVar

T = TypeVar("T")


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def progress_bar(enabled: bool | None, *, total: int | None, desc: str, unit: str = "it") -> Any:
    """A tqdm bar for `total` steps, or None when progress is off.

    `enabled=None` shows the bar when stderr is a terminal or the code runs in Jupyter. In Jupyter the
    widget bar is used when ipywidgets is installed, else the text bar (no TqdmWarning either way).
    """
    notebook = _in_notebook()
    show = (sys.stderr.isatty() or notebook) if enabled is None else enabled
    if not show:
        return None
    if notebook:
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm(total=total, unit=unit, desc=desc, smoothing=0.1)
        except ImportError:
            pass
    from tqdm import tqdm

    try:
        screen = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        screen = os.terminal_size((0, 0))
    # tqdm hides the bar on a terminal that reports no size (some CI consoles, fresh ptys)
    shape = {"dynamic_ncols": True} if min(screen) > 0 else {"ncols": 100, "nrows": 24}
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, smoothing=0.1, **shape)


def tracked(items: Iterable[T], enabled: bool | None, *, total: int | None, desc: str, unit: str = "it") -> Iterator[T]:
    """``items`` passed through, one step of a :func:`progress_bar` each; the bar closes at the end."""
    bar = progress_bar(enabled, total=total, desc=desc, unit=unit)
    if bar is None:
        yield from items
        return
    try:
        for x in items:
            bar.update(1)
            yield x
    finally:
        bar.close()
