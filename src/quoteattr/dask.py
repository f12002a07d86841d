"""Corpus scale beyond one machine: extraction over Dask collections, partition by partition.

Each partition is processed by :meth:`Pipeline.stream` with a pipeline built once per worker
process (:func:`quoteattr.parallel.worker_pipeline`), on whatever scheduler is active: threads,
processes, or a ``dask.distributed`` cluster (a :class:`~distributed.LocalCluster` or a real
one; see ``docs/scale.md``).

- :func:`extract_bag`: a ``dask.bag`` of texts / ``(doc_id, text)`` pairs / records in, a bag
  of :class:`~quoteattr.model.Result` out (feed it to linking, or write JSONL with
  ``.map(Result.to_json)``);
- :func:`extract_dataframe`: a Dask DataFrame with a text column in, a Dask DataFrame of
  quotations out, one row per quotation with the columns of :data:`quoteattr.frames.COLUMNS`;
- :func:`results_to_dask`: a bag of results to that DataFrame of quotations.

Dask is an optional extra (``pip install 'quoteattr[dask]'``); without it these functions raise
:class:`~quoteattr.errors.OptionalDependencyError`.  Importing this module imports no Dask.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from quoteattr.errors import OptionalDependencyError
from quoteattr.model import Result
from quoteattr.pipeline import OnError, resolve_engine

log = logging.getLogger("quoteattr")

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["extract_bag", "extract_dataframe", "results_to_dask"]


def _require(module: str, package: str) -> None:
    try:
        __import__(module)
    except ImportError as exc:
        raise OptionalDependencyError("quoteattr.dask", package, "dask") from exc


def _partition_results(
    items: Iterable[Any],
    partition: int,
    engine: str,
    lang: str,
    models_dir: str | None,
    batch_size: int,
    on_error: OnError,
) -> list[Result]:
    from quoteattr.parallel import worker_pipeline

    nlp = worker_pipeline(engine, lang, models_dir)
    records = []
    for n, item in enumerate(items):
        if isinstance(item, str):  # bare texts: ids unique across partitions
            item = (f"doc{partition}-{n}", item)
        records.append(item)
    return list(nlp.stream(records, batch_size=batch_size, on_error=on_error))


def _resolved(engine: str, lang: str, models_dir: str | Path | None) -> str:
    """``auto`` decided on the client, once, so every worker of the cluster runs the same engine
    (a worker without the models then fails loudly instead of quietly using another one)."""
    name, note = resolve_engine(engine, lang=lang, models_dir=models_dir)
    if note:
        log.info(note)
    return name


def extract_bag(
    bag: "dask.bag.Bag",
    *,
    engine: str = "auto",
    lang: str = "en",
    models_dir: str | Path | None = None,
    batch_size: int = 32,
    on_error: OnError = "warn",
) -> "dask.bag.Bag":
    """A lazy bag of :class:`Result` objects, one per article of ``bag``, in the bag's order.

    Items are texts, ``(doc_id, text)`` pairs or records ``{"id"|"doc_id", "text", ...}`` (other
    fields pass through as metadata); bare texts get ids ``doc{partition}-{n}``.  Bad records
    follow ``on_error`` (``"warn"`` logs on the worker that met them, ``"skip"`` drops them,
    ``"raise"`` fails the computation).  Call ``.compute()`` (or a distributed client) to run.
    """
    _require("dask.bag", "dask")
    import dask.bag as db
    from dask import delayed

    run = delayed(_partition_results, pure=True)
    md = str(models_dir) if models_dir is not None else None
    engine = _resolved(engine, lang, models_dir)
    parts = [run(part, i, engine, lang, md, batch_size, on_error) for i, part in enumerate(bag.to_delayed())]
    return db.from_delayed(parts)


def _quote_frame(results: Iterable[Result]) -> "pd.DataFrame":
    from quoteattr.frames import results_to_pandas

    return results_to_pandas(list(results))


def results_to_dask(results: "dask.bag.Bag") -> "dask.dataframe.DataFrame":
    """A bag of results (from :func:`extract_bag`) as a Dask DataFrame of quotations."""
    _require("dask.dataframe", "dask[dataframe]")
    import dask.dataframe as dd
    from dask import delayed

    from quoteattr.frames import empty_frame

    frame = delayed(_quote_frame, pure=True)
    return dd.from_delayed([frame(part) for part in results.to_delayed()], meta=empty_frame(), verify_meta=False)


def _frame_partition(
    df: "pd.DataFrame",
    text: str,
    doc_id: str | None,
    engine: str,
    lang: str,
    models_dir: str | None,
    batch_size: int,
    on_error: OnError,
) -> "pd.DataFrame":
    from quoteattr.frames import results_to_pandas
    from quoteattr.parallel import worker_pipeline

    nlp = worker_pipeline(engine, lang, models_dir)
    ids = df[doc_id] if doc_id is not None else df.index
    records = [(str(i), t) for i, t in zip(ids, df[text])]
    frame = results_to_pandas(list(nlp.stream(records, batch_size=batch_size, on_error=on_error)))
    return frame


def extract_dataframe(
    df: "dask.dataframe.DataFrame",
    *,
    text: str = "text",
    doc_id: str | None = None,
    engine: str = "auto",
    lang: str = "en",
    models_dir: str | Path | None = None,
    batch_size: int = 32,
    on_error: OnError = "warn",
) -> "dask.dataframe.DataFrame":
    """A Dask DataFrame of quotations (one row per quotation) from a Dask DataFrame of articles.

    ``text`` names the column with the article text; ``doc_id`` the column with its id (default:
    ``"doc_id"`` or ``"id"`` when present, else the index).  The result has the columns and
    dtypes of :data:`quoteattr.frames.COLUMNS`; join other article columns back on ``doc_id``.
    Bad rows follow ``on_error`` as in :func:`extract_bag`.
    """
    _require("dask.dataframe", "dask[dataframe]")
    from quoteattr.frames import empty_frame

    if text not in df.columns:
        raise KeyError(f"no text column {text!r} in the DataFrame (columns: {', '.join(map(str, df.columns))})")
    if doc_id is None:
        doc_id = next((c for c in ("doc_id", "id") if c in df.columns), None)
    elif doc_id not in df.columns:
        raise KeyError(f"no id column {doc_id!r} in the DataFrame (columns: {', '.join(map(str, df.columns))})")
    md = str(models_dir) if models_dir is not None else None
    engine = _resolved(engine, lang, models_dir)
    return df.map_partitions(_frame_partition, text, doc_id, engine, lang, md, batch_size, on_error,
                             meta=empty_frame(), align_dataframes=False)

