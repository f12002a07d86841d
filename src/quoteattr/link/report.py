"""Plain-text tables of claims and speakers (what ``quoteattr link --format table`` and
``quoteattr claims`` print); strings only, the CLI does the printing."""

from __future__ import annotations

from typing import Sequence

from quoteattr.link.records import ClaimCluster, SpeakerEntity


def _cut(text: str, room: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= room else text[: max(1, room - 1)] + "…"


def format_claims(claims: Sequence[ClaimCluster], width: int = 150) -> str:
    """One row per claim: id, members, articles, first seen, speakers, links, representative text."""
    if not claims:
        return "(no claims)"
    head = f"{'claim':16} {'n':>3} {'arts':>4}  {'first seen':28} {'speakers':24} {'links':14} text"
    lines = [head]
    room = max(40, width - len(head) + 4)
    for c in claims:
        first = c.first_seen
        seen = f"{first.doc_id}#{first.index}" if first else "-"
        if first and first.date:
            seen = f"{first.date} {seen}"
        names = list(dict.fromkeys(m.speaker_name for m in c.members if m.speaker_name))
        types = sorted({ln.type for ln in c.links if ln.via != "repeat"} | ({"exact"} if any(
            ln.via == "repeat" for ln in c.links) else set()))
        lines.append(f"{c.id:16} {len(c):>3} {len(c.articles):>4}  {_cut(seen, 28):28} "
                     f"{_cut(', '.join(names) or '-', 24):24} {_cut(','.join(types) or '-', 14):14} "
                     f"{_cut(c.representative, room)}")
        if c.outlets:
            lines.append(f"{'':16} {'':>3} {'':>4}  outlets: {', '.join(c.outlets)}")
    return "\n".join(lines)


def format_speakers(speakers: Sequence[SpeakerEntity], width: int = 120) -> str:
    """One row per speaker entity: id, name, type, mentions, articles, roles."""
    if not speakers:
        return "(no speakers)"
    lines = [f"{'entity':16} {'name':28} {'type':12} {'quotes':>6} {'arts':>4}  roles"]
    for s in speakers:
        roles = "; ".join(r for r, _ in s.roles)
        lines.append(f"{s.id:16} {_cut(s.name or '-', 28):28} {s.type:12} {len(s.mentions):>6} "
                     f"{len(s.articles):>4}  {_cut(roles, max(20, width - 76))}")
    return "\n".join(lines)
