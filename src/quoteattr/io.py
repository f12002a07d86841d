"""Serialization: the JSON output contract, JSONL in and out, reading articles from disk.

The mapping is written out field by field rather than derived by a generic converter: the
contract in DESIGN.md is what tools and evaluations rely on, so its shape is spelled out here,
in one place, and ``result_from_dict(result_to_dict(r, include_text=True)) == r`` holds exactly.
Nothing is ever pickled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from quoteattr.errors import InputError
from quoteattr.model import Cue, Entity, Quote, Result, Span, Speaker

SCHEMA_VERSION = "1.0"


def _span_to_dict(span: Span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}


def cue_to_dict(cue: Cue | None) -> dict | None:
    if cue is None:
        return None
    return {"text": cue.text, "start": cue.start, "end": cue.end, "lemma": cue.lemma}


def speaker_to_dict(speaker: Speaker | None) -> dict | None:
    if speaker is None:
        return None
    out = {
        "name": speaker.name,
        "mention": speaker.mention,
        "start": speaker.start,
        "end": speaker.end,
        "role": speaker.role,
        "type": speaker.type,
        "entity_id": speaker.entity_id,
    }
    if speaker.members:  # joint speakers only, so single speakers keep their shape
        out["members"] = list(speaker.members)
    return out


def quote_to_dict(quote: Quote) -> dict:
    return {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "cue": cue_to_dict(quote.cue),
        "speaker": speaker_to_dict(quote.speaker),
        "confidence": quote.confidence,
        "claim_id": quote.claim_id,
    }


def entity_to_dict(entity: Entity) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "mentions": [_span_to_dict(m) for m in entity.mentions],
        "roles": list(entity.roles),
    }


def result_to_dict(result: Result, *, include_text: bool = False) -> dict:
    """The output contract for one article (see DESIGN.md and docs/schema.md)."""
    out: dict[str, Any] = {
        "doc_id": result.doc_id,
        "schema_version": SCHEMA_VERSION,
        "engine": result.engine,
        "quotes": [quote_to_dict(q) for q in result.quotes],
        "speakers": [entity_to_dict(e) for e in result.entities],
    }
    if result.metadata:
        out["metadata"] = dict(result.metadata)
    if result.warnings:
        out["warnings"] = list(result.warnings)
    if include_text and result.text is not None:
        out["text"] = result.text
    return out


def _cue_from_dict(d: Mapping | None) -> Cue | None:
    if d is None:
        return None
    return Cue(int(d["start"]), int(d["end"]), d["text"], d.get("lemma"))


def _speaker_from_dict(d: Mapping | None) -> Speaker | None:
    if d is None:
        return None
    return Speaker(
        name=d.get("name"),
        mention=d.get("mention"),
        start=d.get("start"),
        end=d.get("end"),
        role=d.get("role"),
        type=d.get("type") or "person",
        entity_id=d.get("entity_id"),
        members=tuple(d.get("members") or ()),
    )


def quote_from_dict(d: Mapping) -> Quote:
    return Quote(
        start=int(d["start"]),
        end=int(d["end"]),
        text=d["text"],
        kind=d["kind"],
        cue=_cue_from_dict(d.get("cue")),
        speaker=_speaker_from_dict(d.get("speaker")),
        confidence=float(d.get("confidence", 0.5)),
        claim_id=d.get("claim_id"),
    )


def _entity_from_dict(d: Mapping) -> Entity:
    return Entity(
        id=d["id"],
        name=d.get("name"),
        type=d.get("type") or "person",
        mentions=tuple(Span(int(m["start"]), int(m["end"]), m["text"]) for m in d.get("mentions", ())),
        roles=tuple(d.get("roles", ())),
    )


def result_from_dict(data: Mapping, *, text: str | None = None) -> Result:
    """Read one record of the output contract (the inverse of :func:`result_to_dict`)."""
    if "doc_id" not in data or "quotes" not in data:
        raise InputError(
            f"not a quoteattr record: expected keys 'doc_id' and 'quotes', got {sorted(data)[:8]}"
        )
    return Result(
        doc_id=str(data["doc_id"]),
        quotes=tuple(quote_from_dict(q) for q in data["quotes"]),
        entities=tuple(_entity_from_dict(e) for e in data.get("speakers", ())),
        engine=data.get("engine", "rules"),
        text=data.get("text", text),
        metadata=data.get("metadata") or {},
        warnings=tuple(data.get("warnings", ())),
    )


def dumps(record: Mapping) -> str:
    """One compact JSON line; non-ASCII kept as is so the JSONL stays readable."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_jsonl(results: Iterable[Result], fp: IO[str], *, include_text: bool = False) -> int:
    """Write one line per result, flushing each so a pipe sees it at once; returns the count."""
    n = 0
    for r in results:
        fp.write(dumps(r.to_dict(include_text=include_text)) + "\n")
        fp.flush()
        n += 1
    return n


def read_jsonl(path: str | Path | IO[str]) -> Iterator[dict]:
    """Yield the JSON objects of a JSONL file (blank lines skipped)."""
    fp = open(path, encoding="utf-8") if isinstance(path, (str, Path)) else path
    try:
        for lineno, line in enumerate(fp, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{getattr(fp, 'name', '<stream>')}:{lineno}: not valid JSON ({exc.msg})") from exc
    finally:
        if fp is not path:
            fp.close()


def read_results(path: str | Path | IO[str]) -> Iterator[Result]:
    """Results back from a JSONL file written by ``quoteattr extract``."""
    for record in read_jsonl(path):
        yield result_from_dict(record)


def read_text(path: str | Path) -> str:
    """An article's text exactly as stored: UTF-8 (a BOM is dropped), newlines untouched.

    Raises :class:`InputError` naming the file when it is not UTF-8 text.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{p}: not UTF-8 text (bad byte at offset {exc.start}); re-encode it as UTF-8, "
            "e.g. `iconv -f latin1 -t utf-8`"
        ) from exc
    if "\x00" in text:
        raise InputError(f"{p}: looks like a binary file (NUL bytes); expected UTF-8 text")
    return text


def iter_paths(paths: Iterable[str | Path], *, pattern: str = "*.txt") -> Iterator[Path]:
    """Files named directly, and the ``*.txt`` files of folders (sorted, recursively)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.rglob(pattern) if q.is_file())
        else:
            yield p


def doc_id_for(path: str | Path) -> str:
    """The document id of a file: its name without ``.txt``."""
    p = Path(path)
    return p.name[:-4] if p.name.endswith(".txt") else p.name
