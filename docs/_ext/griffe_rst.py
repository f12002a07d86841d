"""A griffe extension for the API reference: quoteattr's docstrings are reStructuredText-flavoured
(``literal``, :class:`~quoteattr.model.Result` roles, ``>>>`` doctests), the docs are Markdown.

Doctest blocks become ``pycon`` code blocks (otherwise ``[...]`` in their output reads as a
Markdown link and fails the strict build) and roles become code spans naming the object.
Loaded by mkdocstrings from ``mkdocs.yml``; it changes nothing in the code.
"""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`~?([^`]+)`")


def _role(m: re.Match) -> str:
    target = m.group(1)
    shown = target.rsplit(".", 1)[-1] if m.group(0).split("`", 1)[1].startswith("~") else target
    return f"`{shown}`"


def _fence_doctests(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            out.append(f"{indent}```")
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def rst_to_markdown(text: str) -> str:
    return _fence_doctests(ROLE.sub(_role, text))


class RstToMarkdown(griffe.Extension):
    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rst_to_markdown(obj.docstring.value)
