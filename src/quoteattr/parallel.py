"""Corpus scale on one machine: :func:`extract_many` over all cores, in input order.

Work goes to a :class:`concurrent.futures.ProcessPoolExecutor` whose initializer builds one
:class:`~quoteattr.pipeline.Pipeline` per worker process, so models load once per worker, not
once per article.  Articles travel in chunks; at most a few chunks per worker are in flight, so
memory stays bounded on inputs of any length (a generator over millions of files is fine) and
results come back in input order as soon as the chunks before them are done.
"""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from quoteattr.errors import InputError, QuoteattrError
from quoteattr.model import Result
from quoteattr.pipeline import EngineName, OnError, Pipeline, _guess_id, _unpack, resolve_engine
from quoteattr.progress import progress_bar, tracked

__all__ = ["extract_many", "resolve_jobs", "worker_pipeline"]

log = logging.getLogger("quoteattr")

Record = tuple[str, Any, Mapping[str, Any]]


def resolve_jobs(n_jobs: int | None) -> int:
    """Worker count for ``n_jobs``: ``-1`` (or None) all cores, ``-2`` all but one, ``n > 0`` n.

    "All cores" means the cores this process may run on (its CPU affinity), not the machine's.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        cores = os.cpu_count() or 1
    if n_jobs is None:
        return cores
    if n_jobs == 0:
        raise ValueError("n_jobs=0 means no workers; use 1 for in-process, -1 for all cores")
    return n_jobs if n_jobs > 0 else max(1, cores + 1 + n_jobs)


@functools.lru_cache(maxsize=4)
def worker_pipeline(engine: str, lang: str = "en", models_dir: str | None = None, use_gpu: bool = False) -> Pipeline:
    """The pipeline of this process for these settings, built on first use and then reused.

    Process-pool workers and Dask workers call it, so each worker process builds its engine once.
    """
    return Pipeline(engine, lang=lang, models_dir=models_dir, use_gpu=use_gpu)  # type: ignore[arg-type]


# -- worker side ------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(engine: str, lang: str, models_dir: str | None, use_gpu: bool) -> None:
    # A worker process is ours: extraction allocates many small acyclic objects, and the cyclic
    # collector's default thresholds make it traverse the lexicons and caches again and again
    # (about 15% of the time).  Freeze what exists after start-up and collect less often.
    gc.set_threshold(50_000, 20, 100)
    try:
        _WORKER["pipeline"] = worker_pipeline(engine, lang, models_dir, use_gpu)
        _WORKER["pipeline"].extract("Warm-up.")  # lexicons loaded before the freeze
        gc.freeze()
    except Exception as exc:  # noqa: BLE001 - re-raised in the parent by the first task
        # Custom exception classes do not always survive pickling back to the parent, and an
        # initializer that raises only breaks the pool with no message; keep the text instead.
        _WORKER["error"] = f"{type(exc).__name__}: {exc}"


def _run_chunk(chunk: list[Record], batch_size: int, on_error: OnError) -> tuple[list[Result], list[tuple[str, str]]]:
    if "error" in _WORKER:
        raise QuoteattrError(f"building the pipeline in a worker process failed: {_WORKER['error']}")
    errors: list[tuple[str, str]] = []
    nlp: Pipeline = _WORKER["pipeline"]
    # "warn" is logged by the parent, which owns the user's logging configuration
    mode: OnError = "raise" if on_error == "raise" else "skip"
    results = list(nlp.stream(chunk, batch_size=batch_size, on_error=mode, errors=errors))
    return results, errors


# -- parent side ------------------------------------------------------------------------------
def _records(items: Iterable[Any], on_error: OnError, errors: list | None) -> Iterator[Record]:
    """``(doc_id, text, metadata)`` for each item; ids are numbered across the whole input.

    Unpacking happens here rather than in the workers so that items without an id get the same
    ``doc{n}`` as :meth:`Pipeline.stream` would give them, counting over the whole input.
    """
    for n, item in enumerate(items):
        try:
            yield _unpack(item, n)
        except InputError as exc:
            Pipeline._report(on_error, errors, _guess_id(item, n), exc)


def _context(mp_context: str | None):
    # fork starts workers fastest and needs no `if __name__ == "__main__"` guard in scripts and
    # notebooks, but forking a process that has started torch's threads can deadlock: use spawn
    # once torch (the stanza engine) is loaded in this process.
    if mp_context is None:
        methods = multiprocessing.get_all_start_methods()
        mp_context = "fork" if "fork" in methods and "torch" not in sys.modules else "spawn"
    return multiprocessing.get_context(mp_context)


def extract_many(
    records: Iterable[str | tuple[str, str] | Mapping[str, Any]],
    *,
    n_jobs: int | None = -1,
    engine: EngineName | Pipeline = "auto",
    lang: str = "en",
    models_dir: str | Path | None = None,
    use_gpu: bool = False,
    batch_size: int = 32,
    chunk_size: int = 16,
    on_error: OnError = "warn",
    errors: list | None = None,
    progress: bool | None = None,
    total: int | None = None,
    mp_context: str | None = None,
) -> Iterator[Result]:
    """Extract from many articles on all cores; yields :class:`Result` objects in input order.

    ``records`` are what :meth:`Pipeline.stream` takes: texts, ``(doc_id, text)`` pairs, or
    records ``{"id"|"doc_id", "text", ...}`` whose other fields pass through as metadata.
    ``n_jobs`` worker processes (``-1``: all cores; ``1``: in this process, no pool) each build
    one pipeline with ``engine``, ``lang`` and ``models_dir``; ``engine`` may also be a
    :class:`Pipeline`, used as is in process and by its engine name in workers.  Articles go to
    the workers ``chunk_size`` at a time.  Bad records follow ``on_error`` as in
    :meth:`Pipeline.stream` and are listed in ``errors`` as ``(doc_id, message)``.  A progress
    bar (articles/s, ETA when ``total`` or ``len(records)`` is known) goes to stderr when
    ``progress`` is True, or when it is None and stderr is a terminal.

    >>> results = list(extract_many(["Text one.", "Text two."], n_jobs=1, engine="rules"))
    >>> [r.doc_id for r in results]
    ['doc0', 'doc1']
    """
    jobs = resolve_jobs(n_jobs)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
    if total is None and hasattr(records, "__len__"):
        total = len(records)  # type: ignore[arg-type]
    if jobs == 1:
        return _in_process(records, engine, lang, models_dir, use_gpu, batch_size, on_error, errors, progress, total)
    if isinstance(engine, Pipeline):
        name, lang = engine.engine_name, engine.lang
    else:  # "auto" decided here, once, so every worker runs the same engine
        name, note = resolve_engine(engine, lang=lang, models_dir=models_dir)
        if note:
            log.info(note)
    return _in_pool(records, jobs, name, lang, models_dir, use_gpu, batch_size, chunk_size, on_error, errors,
                    progress, total, mp_context)


def _in_process(records, engine, lang, models_dir, use_gpu, batch_size, on_error, errors, progress, total):
    nlp = engine if isinstance(engine, Pipeline) else Pipeline(engine, lang=lang, models_dir=models_dir, use_gpu=use_gpu)
    results = nlp.stream(_records(records, on_error, errors), batch_size=batch_size, on_error=on_error, errors=errors)
    return tracked(results, progress, total=total, desc="extract", unit="art")


def _in_pool(records, jobs, engine, lang, models_dir, use_gpu, batch_size, chunk_size, on_error, errors,
             progress, total, mp_context):
    models_dir = str(models_dir) if models_dir is not None else None
    max_in_flight = 4 * jobs
    pending: deque[Future] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(mp_context), initializer=_init_worker,
                               initargs=(engine, lang, models_dir, use_gpu))
    bar = progress_bar(progress, total=total, desc=f"extract ×{jobs}", unit="art")

    def collect(fut: Future) -> list[Result]:
        results, errs = fut.result()
        for doc_id, msg in errs:
            if errors is not None:
                errors.append((doc_id, msg))
            if on_error == "warn":
                log.warning("skipped %s: %s", doc_id, msg)
        if bar is not None:
            bar.update(len(results) + len(errs))
        return results

    try:
        chunk: list[Record] = []
        for rec in _records(records, on_error, errors):
            chunk.append(rec)
            if len(chunk) < chunk_size:
                continue
            pending.append(pool.submit(_run_chunk, chunk, batch_size, on_error))
            chunk = []
            while pending and (len(pending) >= max_in_flight or pending[0].done()):
                yield from collect(pending.popleft())
        if chunk:
            pending.append(pool.submit(_run_chunk, chunk, batch_size, on_error))
        while pending:
            yield from collect(pending.popleft())
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.close()
