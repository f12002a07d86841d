"""Serialization: the JSON output contract, JSONL in and out, reading articles from disk.

The mapping is written out field by field rather than derived by a generic converter: the
contract in DESIGN.md is what tools and evaluations rely on, so its shape is spelled out here,
in one place, and ``result_from_dict(result_to_dict(r, include_text=True)) == r`` holds exactly.
Nothing is ever pickled.

Reading never lets one bad record end a run: :func:`read_results` names the record, field and
line of a malformed result (lines are read by :mod:`quoteattr.inputs`); writing always gives
valid JSON in UTF-8 (:func:`dumps`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from quoteattr.errors import InputError
from quoteattr.inputs import BadRecord, iter_records, json_type, without_surrogates
from quoteattr.inputs import iter_paths  # noqa: F401 - also importable from here, as it always was
from quoteattr.model import QUOTE_FORMS, QUOTE_KINDS, ClaimPart, Cue, Entity, Quote, Result, Span, Speaker

SCHEMA_VERSION = "1.2"


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
    out = {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "cue": cue_to_dict(quote.cue),
        "speaker": speaker_to_dict(quote.speaker),
        "confidence": quote.confidence,
        "claim_id": quote.claim_id,
        "utterance_id": quote.utterance_id,
        "part": quote.part,
        "n_parts": quote.n_parts,
        "form": quote.form,
    }
    if quote.claim_parts:  # only on linked quotations that make several statements
        out["claim_parts"] = [{"start": p.start, "end": p.end, "claim_id": p.claim_id} for p in quote.claim_parts]
    return out


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


_MISSING = object()


class _Fields:
    """Typed reads from one mapping of a result record; a wrong or missing field raises
    :class:`InputError` naming its path (``quotes[2].end``) and what was expected."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, Mapping):
            raise InputError(f"{path or 'record'}: expected a JSON object, got {json_type(data)}")
        self.data, self.path = data, path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kinds: tuple[type, ...], default: Any = _MISSING) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or (value is None and default is not _MISSING):
            if default is _MISSING:
                raise InputError(f"field {self._where(key)!r} is missing")
            return default
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            names = " or ".join(_KIND_NAMES[k] for k in kinds)
            raise InputError(f"field {self._where(key)!r} must be {names}, got {json_type(value)} {value!r:.40}")
        return value

    def offset(self, key: str, default: Any = _MISSING) -> Any:
        value = self.get(key, (int,), default)
        if value is not None and value is not default and value < 0:
            raise InputError(f"field {self._where(key)!r} must be an offset >= 0, got {value}")
        return value

    def sub(self, key: str) -> Iterator["_Fields"]:
        for n, item in enumerate(self.get(key, (list,), ())):
            yield _Fields(item, f"{self._where(key)}[{n}]")

    def build(self, cls: type, **kwargs: Any) -> Any:
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:  # the model's own checks: order of offsets, range
            reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            raise InputError(f"{self.path or 'record'}: {reason}") from None

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.get(key, (str,))
        if value not in allowed:
            raise InputError(f"field {self._where(key)!r} must be one of {', '.join(allowed)}, got {value!r:.40}")
        return value


_KIND_NAMES = {str: "a string", int: "an integer", float: "a number", list: "an array", dict: "an object",
               Mapping: "an object", type(None): "null", bool: "a boolean"}


def _cue_from_dict(f: _Fields) -> Cue:
    return f.build(Cue, start=f.offset("start"), end=f.offset("end"), text=f.get("text", (str,)),
                   lemma=f.get("lemma", (str,), None))


def _speaker_from_dict(f: _Fields) -> Speaker:
    members = f.get("members", (list,), ())
    if not all(isinstance(m, str) for m in members):
        raise InputError(f"field {f._where('members')!r} must be an array of strings, got {members!r:.40}")
    return f.build(Speaker, name=f.get("name", (str,), None), mention=f.get("mention", (str,), None),
                   start=f.offset("start", None), end=f.offset("end", None), role=f.get("role", (str,), None),
                   type=f.get("type", (str,), "person"), entity_id=f.get("entity_id", (str,), None),
                   members=tuple(members))


def _optional(f: _Fields, key: str, read) -> Any:
    value = f.get(key, (Mapping,), None)
    return None if value is None else read(_Fields(value, f._where(key)))


def _quote_from_fields(f: _Fields) -> Quote:
    confidence = f.get("confidence", (int, float), 0.5)
    return f.build(Quote, start=f.offset("start"), end=f.offset("end"), text=f.get("text", (str,)),
                   kind=f.choice("kind", QUOTE_KINDS), cue=_optional(f, "cue", _cue_from_dict),
                   speaker=_optional(f, "speaker", _speaker_from_dict), confidence=float(confidence),
                   claim_id=f.get("claim_id", (str,), None), utterance_id=f.get("utterance_id", (str,), None),
                   part=f.get("part", (int,), None), n_parts=f.get("n_parts", (int,), None),
                   form=f.choice("form", QUOTE_FORMS) if f.get("form", (str,), None) is not None else None,
                   claim_parts=tuple(p.build(ClaimPart, start=p.offset("start"), end=p.offset("end"),
                                             claim_id=p.get("claim_id", (str,))) for p in f.sub("claim_parts")))


def quote_from_dict(d: Mapping) -> Quote:
    """One quotation of the output contract; :class:`InputError` names a wrong field."""
    return _quote_from_fields(_Fields(d, "quote"))


def _entity_from_dict(f: _Fields) -> Entity:
    mentions = tuple(m.build(Span, start=m.offset("start"), end=m.offset("end"), text=m.get("text", (str,)))
                     for m in f.sub("mentions"))
    roles = f.get("roles", (list,), ())
    for n, role in enumerate(roles):
        if not isinstance(role, str):
            raise InputError(f"field {f._where('roles')}[{n}] must be a string, got {json_type(role)}")
    return f.build(Entity, id=f.get("id", (str,)), name=f.get("name", (str,), None),
                   type=f.get("type", (str,), "person"), mentions=mentions, roles=tuple(roles))


def result_from_dict(data: Mapping, *, text: str | None = None) -> Result:
    """Read one record of the output contract (the inverse of :func:`result_to_dict`).

    A record that is not one raises :class:`InputError` naming the field that is wrong
    (``quotes[3].end``: missing; ``quotes[0].kind``: not one of the kinds) and what was expected.
    """
    if not isinstance(data, Mapping) or "doc_id" not in data or "quotes" not in data:
        got = sorted(map(str, data))[:8] if isinstance(data, Mapping) else json_type(data)
        raise InputError(f"not a quoteattr record: expected keys 'doc_id' and 'quotes', got {got}")
    f = _Fields(data, "")
    doc_id = f.get("doc_id", (str, int))
    warnings = f.get("warnings", (list,), ())
    if not all(isinstance(w, str) for w in warnings):
        raise InputError("field 'warnings' must be an array of strings")
    return Result(
        doc_id=str(doc_id),
        quotes=tuple(_quote_from_fields(q) for q in f.sub("quotes")),
        entities=tuple(_entity_from_dict(e) for e in f.sub("speakers")),
        engine=f.get("engine", (str,), "rules"),
        text=f.get("text", (str,), text),
        metadata=f.get("metadata", (Mapping,), None) or {},
        warnings=tuple(warnings),
    )


def dumps(record: Mapping) -> str:
    """One compact JSON line; non-ASCII kept as is so the JSONL stays readable.

    The line is always valid JSON that encodes as UTF-8: a non-finite number (``NaN``,
    ``Infinity``, which JSON does not have) becomes ``null`` and a string that cannot be encoded
    (a lone surrogate, e.g. an undecodable byte read with ``surrogateescape``) has those characters
    replaced by U+FFFD; each such repair adds a line to the record's ``warnings``.
    """
    try:
        line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
        line.encode("utf-8")
        return line
    except (ValueError, TypeError, UnicodeEncodeError):
        pass
    repairs: list[str] = []
    clean = _repaired(record, "", repairs)
    if isinstance(clean, dict) and repairs:
        clean["warnings"] = list(clean.get("warnings") or ()) + [f"output repaired: {r}" for r in repairs]
    return json.dumps(clean, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def dumps_array(records: Iterable[Mapping]) -> str:
    """A JSON array of records, two-space indented, each repaired as :func:`dumps` does."""
    items = [json.dumps(json.loads(dumps(r)), ensure_ascii=False, indent=2) for r in records]
    return "[\n" + ",\n".join("  " + x.replace("\n", "\n  ") for x in items) + "\n]" if items else "[]"


def _repaired(value: Any, path: str, repairs: list[str]) -> Any:
    """``value`` with non-finite floats as None and lone surrogates as U+FFFD, each repair listed."""
    if isinstance(value, float) and not math.isfinite(value):
        repairs.append(f"{path or 'value'}: {value!r} is not a JSON number, written as null")
        return None
    if isinstance(value, str):
        fixed = without_surrogates(value)
        if fixed is not value:
            repairs.append(f"{path or 'value'}: characters that are not Unicode text replaced with U+FFFD")
        return fixed
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            key = without_surrogates(k) if isinstance(k, str) else k
            out[key] = _repaired(v, f"{path}.{key}" if path else str(key), repairs)
        return out
    if isinstance(value, (list, tuple)):
        return [_repaired(v, f"{path}[{i}]", repairs) for i, v in enumerate(value)]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    repairs.append(f"{path or 'value'}: a {type(value).__name__}, not JSON data, written as its text")
    return without_surrogates(str(value))


def write_jsonl(results: Iterable[Result], fp: IO[str], *, include_text: bool = False) -> int:
    """Write one line per result, flushing each so a pipe sees it at once; returns the count."""
    n = 0
    for r in results:
        fp.write(dumps(r.to_dict(include_text=include_text)) + "\n")
        fp.flush()
        n += 1
    return n


def open_jsonl(path: str | Path) -> IO[str]:
    """A JSONL file as text whose bytes that are not UTF-8 become lone surrogates (see
    :func:`iter_records`); raises :class:`InputError` naming the file when it cannot be opened."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a folder; expected a JSONL file")
    try:
        return open(p, encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc


def read_jsonl(path: str | Path | IO[str]) -> Iterator[dict]:
    """Yield the JSON objects of a JSONL file (blank lines skipped); a line that is not a usable
    record raises :class:`InputError` naming the file, the line and the problem."""
    fp = open_jsonl(path) if isinstance(path, (str, Path)) else path
    name = str(path) if isinstance(path, (str, Path)) else getattr(fp, "name", "<stream>")
    try:
        for _, rec in iter_records(fp, str(name)):
            if isinstance(rec, BadRecord):
                raise InputError(f"{rec.doc_id}: {rec.message}")
            yield rec
    finally:
        if fp is not path:
            fp.close()


def read_results(path: str | Path | Iterable[str], errors: list | None = None, *,
                 source: str | None = None) -> Iterator[Result]:
    """Results back from a JSONL file written by ``quoteattr extract``.

    A line that is not a valid result raises :class:`InputError` naming the record (its
    ``doc_id``, else ``FILE:LINE``), the field and the line; with an ``errors`` list it is appended
    there as ``(record, message)`` instead and the other records are still read.  ``path`` may
    also be an open stream (any iterable of lines), named ``source`` in messages.
    """
    fp = open_jsonl(path) if isinstance(path, (str, Path)) else path
    name = source or (str(path) if isinstance(path, (str, Path)) else str(getattr(fp, "name", "<stream>")))
    name = "stdin" if name == "<stdin>" else name
    try:
        for lineno, rec in iter_records(fp, name, article=False):
            if isinstance(rec, BadRecord):
                where, msg = rec.doc_id, rec.message
            else:
                try:
                    yield result_from_dict(rec)
                    continue
                except InputError as exc:
                    doc_id = rec.get("doc_id")
                    if isinstance(doc_id, (str, int)):
                        where, msg = str(doc_id), f"{exc} (line {lineno} of {name})"
                    else:
                        where, msg = f"{name}:{lineno}", str(exc)
            if errors is None:
                raise InputError(f"{where}: {msg}")
            errors.append((where, msg))
    finally:
        if fp is not path:
            fp.close()  # type: ignore[union-attr]


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


def doc_id_for(path: str | Path) -> str:
    """The document id of a file: its name without ``.txt``."""
    p = Path(path)
    return p.name[:-4] if p.name.endswith(".txt") else p.name
