"""Quotations as pandas DataFrames: one row per quotation, for notebooks and corpus studies.

pandas is an optional extra (``pip install 'quoteattr[notebook]'``); without it these functions
raise :class:`~quoteattr.errors.OptionalDependencyError` saying how to install it.  The columns
and their dtypes are fixed (:data:`COLUMNS`), so frames from different runs, from
:mod:`quoteattr.dask` partitions and from linked corpora (``claim_id`` set) concatenate cleanly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

from quoteattr.errors import OptionalDependencyError
from quoteattr.model import Result

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["COLUMNS", "results_to_pandas", "empty_frame", "quote_rows"]

COLUMNS: dict[str, str] = {
    "doc_id": "string",           # the article
    "quote": "int64",             # position of the quotation in its article (0-based)
    "start": "int64",             # content span: text[start:end] == text
    "end": "int64",
    "kind": "string",             # direct | partial | indirect | mixed
    "text": "string",             # the content
    "speaker": "string",          # resolved canonical name; <NA> when the text does not settle it
    "mention": "string",          # the words the quotation is attached to (may be a pronoun)
    "role": "string",
    "speaker_type": "string",     # person | organization | group | anonymous
    "entity_id": "string",
    "speaker_start": "Int64",
    "speaker_end": "Int64",
    "cue": "string",              # the reporting verb or phrase
    "cue_start": "Int64",
    "cue_end": "Int64",
    "confidence": "float64",
    "claim_id": "string",         # set once articles are linked
    "utterance_id": "string",     # shared by the parts of a split quotation
    "part": "Int64",
    "n_parts": "Int64",
    "form": "string",             # quote | clause | phrase
}
"""Column name -> pandas dtype of the frames of quotations, in column order.

Strings use the nullable ``string`` dtype and the offsets of an optional speaker or cue the
nullable ``Int64``, so a missing value is ``<NA>`` whatever the pandas version, and every
partition of a Dask DataFrame has the same dtypes."""

ResultLike = Union[Result, Mapping[str, Any]]


def _pandas():
    try:
        import pandas
    except ImportError as exc:
        raise OptionalDependencyError("DataFrames of quotations", "pandas", "notebook") from exc
    return pandas


def quote_rows(result: ResultLike) -> list[dict[str, Any]]:
    """The rows of one result (a :class:`Result` or an output-contract record) as plain dicts."""
    if isinstance(result, Mapping):
        from quoteattr.io import result_from_dict

        result = result_from_dict(result)
    rows = []
    for n, q in enumerate(result.quotes):
        sp, cue = q.speaker, q.cue
        rows.append({
            "doc_id": result.doc_id,
            "quote": n,
            "start": q.start,
            "end": q.end,
            "kind": q.kind,
            "text": q.text,
            "speaker": sp.name if sp else None,
            "mention": sp.mention if sp else None,
            "role": sp.role if sp else None,
            "speaker_type": sp.type if sp else None,
            "entity_id": sp.entity_id if sp else None,
            "speaker_start": sp.start if sp else None,
            "speaker_end": sp.end if sp else None,
            "cue": cue.text if cue else None,
            "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None,
            "confidence": q.confidence,
            "claim_id": q.claim_id,
            "utterance_id": q.utterance_id,
            "part": q.part,
            "n_parts": q.n_parts,
            "form": q.form,
        })
    return rows


def empty_frame() -> "pd.DataFrame":
    """A frame with the columns and dtypes of :func:`results_to_pandas` and no rows."""
    pd = _pandas()
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in COLUMNS.items()})


def results_to_pandas(results: ResultLike | Iterable[ResultLike]) -> "pd.DataFrame":
    """One row per quotation of ``results``, in article order then text order.

    Takes one or many :class:`~quoteattr.model.Result` objects or output-contract records
    (``Result.to_dict()``, lines of ``quoteattr extract`` / ``quoteattr link``), or a linked
    corpus (anything with a ``results`` attribute, such as ``Corpus(...).link()``): its
    quotations come with ``claim_id`` set.  Columns: see :data:`COLUMNS`.  Needs pandas.
    """
    pd = _pandas()
    if hasattr(results, "results") and not isinstance(results, (Result, Mapping)):
        results = results.results  # a Linked corpus
    items = [results] if isinstance(results, (Result, Mapping)) else results
    rows = [row for r in items for row in quote_rows(r)]
    if not rows:
        return empty_frame()
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return frame.astype(COLUMNS)
