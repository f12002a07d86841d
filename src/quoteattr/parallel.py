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
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from quoteattr.errors import InputError, QuoteattrError, WorkerDiedError
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


Outcome = Result | tuple[str, str]  # a result, or (doc_id, message) for a record that failed


def _run_chunk(chunk: list[Record], batch_size: int, on_error: OnError) -> list[Outcome]:
    """The chunk's results and errors, in input order."""
    if "error" in _WORKER:
        raise QuoteattrError(f"building the pipeline in a worker process failed: {_WORKER['error']}")
    errors: list[tuple[str, str]] = []
    nlp: Pipeline = _WORKER["pipeline"]
    # "warn" is logged by the parent, which owns the user's logging configuration
    mode: OnError = "raise" if on_error == "raise" else "skip"
    out: list[Outcome] = []
    for r in nlp.stream(chunk, batch_size=batch_size, on_error=mode, errors=errors):
        out.extend(errors)  # stream reports a record's error before it yields the next result
        errors.clear()
        out.append(r)
    out.extend(errors)
    return out


# -- parent side ------------------------------------------------------------------------------
def _records(items: Iterable[Any], on_error: OnError, errors: list | None, *, ordered: bool = False) -> Iterator[Any]:
    """``(doc_id, text, metadata)`` for each item; ids are numbered across the whole input.

    Unpacking happens here rather than in the workers so that items without an id get the same
    ``doc{n}`` as :meth:`Pipeline.stream` would give them, counting over the whole input.  With
    ``ordered`` an item that does not unpack comes as ``(doc_id, message)`` in its place (the pool
    reports it when the results before it are out); otherwise it is reported here.
    """
    for n, item in enumerate(items):
        try:
            yield _unpack(item, n)
        except InputError as exc:
            if ordered and on_error != "raise":
                yield (_guess_id(item, n), str(exc))
            else:
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
    :meth:`Pipeline.stream` and are listed in ``errors`` as ``(doc_id, message)``, in input order
    whatever ``n_jobs`` is; a worker that dies on a record (a signal, the out-of-memory killer) or
    a record whose metadata cannot be pickled costs that record alone (:class:`WorkerDiedError`,
    :class:`InputError`), the pool being rebuilt and the rest going on in order.  A progress
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
    # stream unpacks and numbers the records itself, as _records does for the pool
    results = nlp.stream(records, batch_size=batch_size, on_error=on_error, errors=errors)
    return tracked(results, progress, total=total, desc="extract", unit="art")


class _Chunk:
    """Records sent to the pool together, the future of their outcomes, or outcomes known already."""

    def __init__(self, records: list[Record], future: Future | None = None, outcomes: list[Outcome] | None = None):
        self.records, self.future, self.outcomes = records, future, outcomes


def _in_pool(records, jobs, engine, lang, models_dir, use_gpu, batch_size, chunk_size, on_error, errors,
             progress, total, mp_context):
    """Chunks over a process pool, outcomes in input order.

    A chunk whose worker died (``os._exit``, a signal, the out-of-memory killer) or that could not
    be sent to one (metadata that does not pickle) is run again one record at a time in a
    separate one-worker pool, so that only the record that breaks it is lost (and reported); a
    broken pool is replaced and the chunks that were in it are sent again.
    """
    models_dir = str(models_dir) if models_dir is not None else None
    max_in_flight = 4 * jobs
    pending: deque[_Chunk] = deque()
    ctx = _context(mp_context)
    initargs = (engine, lang, models_dir, use_gpu)

    def new_pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=initargs)

    pools = {"main": new_pool(jobs)}
    bar = progress_bar(progress, total=total, desc=f"extract ×{jobs}", unit="art")

    def submit(chunk: list[Record]) -> None:
        try:
            future = pools["main"].submit(_run_chunk, chunk, batch_size, on_error)
        except BrokenProcessPool:  # a worker died since the last look: the chunks before this one go again
            replace_main_pool()
            future = pools["main"].submit(_run_chunk, chunk, batch_size, on_error)
        pending.append(_Chunk(chunk, future))

    def outcomes_of(entry: _Chunk) -> list[Outcome]:
        if entry.outcomes is not None:
            return entry.outcomes
        try:
            return entry.future.result()
        except QuoteattrError:  # the engine cannot be built, or on_error="raise": the caller's to handle
            raise
        except BrokenProcessPool:
            replace_main_pool()
        except Exception as exc:  # noqa: BLE001 - could not be sent or returned: find the record
            log.info("a chunk failed in the pool (%s: %s); running its records one at a time", type(exc).__name__, exc)
        return [one(rec) for rec in entry.records]

    def replace_main_pool() -> None:
        pools["main"].shutdown(wait=False, cancel_futures=True)
        pools["main"] = new_pool(jobs)
        for entry in pending:  # what was in the broken pool goes to the new one
            fut = entry.future
            if fut is not None and (not fut.done() or fut.cancelled() or isinstance(fut.exception(), BrokenProcessPool)):
                entry.future = pools["main"].submit(_run_chunk, entry.records, batch_size, on_error)

    def one(rec: Record) -> Outcome:
        """One record alone in the isolation pool: its outcome, or its worker's death as its error."""
        if "alone" not in pools:
            pools["alone"] = new_pool(1)
        try:
            return pools["alone"].submit(_run_chunk, [rec], batch_size, on_error).result()[0]
        except QuoteattrError:
            raise
        except BrokenProcessPool:
            pools.pop("alone").shutdown(wait=False, cancel_futures=True)
            exc: Exception = WorkerDiedError(
                "the worker process extracting it died (killed by a signal, out of memory, or exited); "
                "the other records went on")
        except Exception as sent:  # noqa: BLE001 - e.g. metadata that cannot be pickled
            exc = InputError(f"cannot be sent to a worker process ({type(sent).__name__}: {sent}); "
                             "give metadata that pickles (plain JSON data), or n_jobs=1")
        if on_error == "raise":
            raise type(exc)(f"{rec[0]}: {exc}")
        return (rec[0], str(exc))

    def collect(entry: _Chunk) -> Iterator[Result]:
        for item in outcomes_of(entry):
            if isinstance(item, Result):
                yield item
                continue
            doc_id, msg = item
            if errors is not None:
                errors.append((doc_id, msg))
            if on_error == "warn":
                log.warning("skipped %s: %s", doc_id, msg)
        if bar is not None:
            bar.update(len(entry.records))

    try:
        chunk: list[Record] = []
        for rec in _records(records, on_error, None, ordered=True):
            if isinstance(rec, tuple) and len(rec) == 2:  # (doc_id, message): a record that did not unpack
                if chunk:
                    submit(chunk)
                    chunk = []
                pending.append(_Chunk([], outcomes=[rec]))
            else:
                chunk.append(rec)
                if len(chunk) >= chunk_size:
                    submit(chunk)
                    chunk = []
            while pending and (len(pending) >= max_in_flight or _done(pending[0])):
                yield from collect(pending.popleft())
        if chunk:
            submit(chunk)
        while pending:
            yield from collect(pending.popleft())
    finally:
        for entry in pending:
            if entry.future is not None:
                entry.future.cancel()
        for pool in pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.close()


def _done(entry: _Chunk) -> bool:
    return entry.outcomes is not None or entry.future.done()
