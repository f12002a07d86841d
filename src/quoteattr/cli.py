"""The command line: ``quoteattr extract``, ``eval`` and the other subcommands.

Only this module prints or exits.  Errors about single articles go to stderr and the run goes
on; the exit status is non-zero only when nothing could be processed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence

from quoteattr._version import __version__
from quoteattr.errors import InputError, QuoteattrError
from quoteattr.inputs import BadRecord, LiveLines, iter_articles, iter_records, path_problem
from quoteattr.io import SCHEMA_VERSION, dumps, dumps_array, read_results, read_text
from quoteattr.model import Result
from quoteattr.pipeline import ENGINES
from quoteattr.progress import tracked

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SMALL_RUN = 32  # fewer articles than this are extracted in-process by default


def _err(msg: str) -> None:
    print(f"quoteattr: {msg}", file=sys.stderr)


# -- inputs -----------------------------------------------------------------------------------
def read_articles(articles: Iterable[tuple[Path, str]]) -> Iterator[dict | BadRecord]:
    """Records ``{"doc_id", "text", "path"}`` for the ``(path, doc_id)`` pairs of
    :func:`~quoteattr.inputs.iter_articles` (``-`` reads stdin); a file that cannot be read comes
    as a :class:`~quoteattr.inputs.BadRecord` in its place."""
    for p, doc_id in articles:
        if str(p) == "-":
            yield {"doc_id": "stdin", "text": sys.stdin.read()}
            continue
        try:
            yield {"doc_id": doc_id, "text": read_text(p), "path": str(p)}
        except InputError as exc:  # its message names the file: the error line names it once
            yield BadRecord(str(p), str(exc).removeprefix(f"{p}: "))


def jsonl_groups(paths: Sequence[str], errors: list[tuple[str, str]], size: int) -> Iterator[list]:
    """Records ``{"id"|"doc_id", "text", ...}`` from JSONL files or stdin (``-`` or no path), in
    groups of at most ``size``: a group ends early when the next line has not arrived yet, so a
    pipe held open gets each result as soon as its line is in.  Lines that are not records come
    as :class:`~quoteattr.inputs.BadRecord` in their place; files that cannot be read go to ``errors``."""
    for name, lines, ready in _jsonl_sources(list(paths) or ["-"], errors):
        group: list = []
        for _, rec in iter_records(lines, name):
            group.append(rec)
            if len(group) >= size or not ready():
                yield group
                group = []
        if group:
            yield group


def read_result_files(paths: Sequence[str], errors: list[tuple[str, str]]) -> list[Result]:
    """Results from JSONL files written by ``quoteattr extract`` (``-``: stdin); a record or file
    that cannot be read is reported in ``errors`` (naming the record, the field and the line)."""
    return [r for name, lines, _ in _jsonl_sources(paths, errors) for r in read_results(lines, errors, source=name)]


def _jsonl_sources(paths: Sequence[str], errors: list[tuple[str, str]]) -> Iterator[tuple[str, Iterable[str], Callable[[], bool]]]:
    """``(name, lines, ready)`` for each JSONL path (``-``: stdin), read as the lines arrive, with
    bytes that are not UTF-8 as lone surrogates; ``ready()`` says whether the next line is at hand.
    A path that cannot be read goes to ``errors``."""
    for src in paths:
        name = "stdin" if src == "-" else src
        try:
            fd, close = _open_fd(src)
        except InputError as exc:
            errors.append((src, str(exc).removeprefix(f"{src}: ")))
            continue
        try:
            if fd is None:  # stdin replaced by a text stream (tests, embedding): nothing to wait for
                yield name, sys.stdin, lambda: True
            else:
                live = LiveLines(fd)
                yield name, live, live.ready
        finally:
            if close:
                os.close(fd)


def _open_fd(src: str) -> tuple[int | None, bool]:
    """A file descriptor to read ``src`` from (None: read ``sys.stdin`` as text) and whether to close it."""
    if src == "-":
        try:
            return sys.stdin.fileno(), False
        except (AttributeError, OSError, ValueError):
            return None, False
    p = Path(src)
    problem = path_problem(p)
    if problem is not None and not problem.startswith("a FIFO"):  # a named pipe of JSONL is fine
        raise InputError(f"{p}: {problem}")
    if p.is_dir():
        raise InputError(f"{p}: a folder; expected a JSONL file (or use --input-format text for articles)")
    try:
        return os.open(p, os.O_RDONLY), True
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc


# -- outputs ----------------------------------------------------------------------------------
def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def format_table(results: Sequence[Result], width: int | None = None) -> str:
    """A plain-text table of quotations, one block per article, as wide as the terminal."""
    width = width or max(140, shutil.get_terminal_size((140, 24)).columns)
    lines = []
    for r in results:
        lines.append(f"== {r.doc_id}  ({len(r.quotes)} quotations, engine {r.engine})")
        if not r.quotes:
            continue
        lines.append(f"{'#':>3}  {'kind':8} {'conf':>4}  {'speaker':28} {'role':26} {'cue':12} text")
        for n, q in enumerate(r.quotes, 1):
            sp = q.speaker
            who = (sp.name or f"[{sp.mention}]") if sp else "-"
            role = (sp.role or "") if sp else ""
            cue = q.cue.text if q.cue else "-"
            txt = _cut(" ".join(q.text.split()), max(20, width - 88))
            lines.append(f"{n:>3}  {q.kind:8} {q.confidence:4.2f}  {_cut(who, 28):28} {_cut(role, 26):26} {_cut(cue, 12):12} {txt}")
    return "\n".join(lines)


def _open_out(path: str | None) -> IO[str]:
    if path in (None, "-"):
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise QuoteattrError(f"{path}: cannot write the output here ({exc.strerror or exc}); "
                             "give a file in a folder that exists and is writable") from exc


# -- extract ----------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    from quoteattr.parallel import extract_many, resolve_jobs
    from quoteattr.pipeline import Pipeline, resolve_engine

    if args.input_format != "jsonl" and not args.paths:
        _err("no input: give files or folders of .txt articles (or --input-format jsonl to read stdin)")
        return EXIT_USAGE
    errors: list[tuple[str, str]] = []
    files = None if args.input_format == "jsonl" else list(iter_articles(args.paths, errors=errors))
    try:
        # default: all cores for folders of articles; one process for a handful of files (starting
        # workers costs more than it saves) and for JSONL streams, where each record's result
        # should come out as soon as it is done rather than with a chunk of others
        in_process = files is None or len(files) < SMALL_RUN
        jobs = resolve_jobs(args.jobs if args.jobs is not None else (1 if in_process else -1))
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:  # decided once, here, so every worker runs the same engine and the choice is said once
        engine_name, note = resolve_engine(args.engine, lang=args.lang, models_dir=args.models_dir)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    engine: str | Pipeline = engine_name
    if note and not args.quiet:
        _err(note)
    if jobs == 1:  # with a pool each worker builds its own; a failure surfaces from the first chunk
        try:
            engine = Pipeline(engine_name, lang=args.lang, models_dir=args.models_dir, use_gpu=args.gpu)  # type: ignore[arg-type]
        except QuoteattrError as exc:
            _err(str(exc))
            return EXIT_FAILED
    total = None
    records: Iterable
    if files is None:
        groups = jsonl_groups(args.paths, errors, args.batch_size)
        records = (rec for group in groups for rec in group)
    else:
        total = len(files)  # listed first: the progress bar's total
        records = read_articles(files)
    # a progress bar on a terminal, unless the results themselves scroll past on it
    to_terminal = args.out in (None, "-") and sys.stdout.isatty()
    progress = False if args.quiet or to_terminal else None
    results: Iterator[Result]
    if files is None and isinstance(engine, Pipeline):  # a group at a time: no result waits for lines not sent
        results = _stream_groups(engine, groups, args.batch_size, errors, progress)
    else:
        results = extract_many(records, n_jobs=jobs, engine=engine, lang=args.lang, models_dir=args.models_dir,
                               use_gpu=args.gpu, batch_size=args.batch_size, on_error="skip", errors=errors,
                               progress=progress, total=total)
    out = _open_out(args.out)
    error_lines = args.error_lines and args.format == "jsonl"
    reported = 0

    def report() -> None:  # errors as they happen: on stderr, and in the stream with --error-lines
        nonlocal reported
        for doc_id, msg in errors[reported:]:
            _err(f"{doc_id}: {msg}; skipped")
            if error_lines:
                out.write(dumps({"doc_id": doc_id, "schema_version": SCHEMA_VERSION, "error": msg}) + "\n")
        reported = len(errors)

    n = 0
    try:
        if args.format == "jsonl":
            for r in results:
                report()
                out.write(dumps(r.to_dict(include_text=args.include_text)) + "\n")
                out.flush()
                n += 1
        else:
            collected = list(results)
            n = len(collected)
            if args.format == "json":
                out.write(dumps_array([r.to_dict(include_text=args.include_text) for r in collected]) + "\n")
            else:
                out.write(format_table(collected) + "\n")
        report()
        out.flush()
    except QuoteattrError as exc:  # e.g. the engine could not be built in the worker processes
        _err(str(exc))
        return EXIT_FAILED
    finally:
        if out is not sys.stdout:
            out.close()
    if errors and not args.quiet:
        _err(f"{n} article(s) processed, {len(errors)} skipped")
    return EXIT_OK if n > 0 or not errors else EXIT_FAILED


def _stream_groups(nlp, groups: Iterable[list], batch_size: int, errors: list, progress: bool | None) -> Iterator[Result]:
    """Results of each group of records as soon as the group is in (see :func:`jsonl_groups`)."""
    results = (r for group in groups for r in nlp.stream(group, batch_size=batch_size, on_error="skip", errors=errors))
    return tracked(results, progress, total=None, desc="extract", unit="art")


# -- eval -------------------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace) -> int:
    from quoteattr.evaluate import format_table as fmt
    from quoteattr.evaluate import score

    try:
        s = score(args.gold, args.pred, text_dir=args.text_dir, clusters=args.clusters, joined_parts=args.join_parts)
    except (QuoteattrError, OSError) as exc:
        _err(str(exc))
        return EXIT_FAILED
    print(fmt(s))
    if args.by_confidence:
        from quoteattr.evaluate import by_confidence, format_bands

        print(format_bands(by_confidence(args.gold, args.pred, text_dir=args.text_dir, joined_parts=args.join_parts)))
    print(json.dumps(s.to_dict()))
    return EXIT_OK


# -- render -----------------------------------------------------------------------------------
def cmd_render(args: argparse.Namespace) -> int:
    from quoteattr.pipeline import Pipeline
    from quoteattr.render import render_page

    errors: list[tuple[str, str]] = []
    if args.results:  # JSONL written by `quoteattr extract --include-text` (or `link`)
        try:
            results = read_result_files(args.paths, errors)
        except (QuoteattrError, OSError) as exc:
            _err(str(exc))
            return EXIT_FAILED
        if any(r.text is None for r in results):
            _err("some records carry no article text; write them with `quoteattr extract --include-text` "
                 "to see the article (only the quotations are shown)")
    else:
        try:
            nlp = Pipeline(args.engine, lang=args.lang, models_dir=args.models_dir)
        except QuoteattrError as exc:
            _err(str(exc))
            return EXIT_FAILED
        records = read_articles(iter_articles(args.paths, errors=errors))
        results = list(nlp.pipe(records, on_error="skip", errors=errors))
    for doc_id, msg in errors:
        _err(f"{doc_id}: {msg}; skipped")
    if not results:
        _err("nothing to render")
        return EXIT_FAILED
    out = _open_out(args.out)
    try:
        out.write(render_page(results, title=args.title))
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_OK


# -- link / claims ----------------------------------------------------------------------------
def _import_link():
    """The linking classes, or an error naming the ``link`` extra in the core install."""
    from quoteattr.errors import needs_extra

    with needs_extra("link", "linking across articles"):
        from quoteattr.link import ClaimIndex, Corpus
        from quoteattr.link.report import format_claims
    return ClaimIndex, Corpus, format_claims


def cmd_link(args: argparse.Namespace) -> int:
    try:
        ClaimIndex, Corpus, format_claims = _import_link()
    except QuoteattrError as exc:
        _err(str(exc))
        return EXIT_FAILED

    errors: list[tuple[str, str]] = []
    paraphrase = False if args.no_paraphrase else None
    try:
        if args.input_format == "results":  # JSONL written by `quoteattr extract`
            results = read_result_files(args.paths or ["-"], errors)
        else:
            if not args.paths:
                _err("no input: give files or folders of .txt articles (or --input-format results)")
                return EXIT_USAGE
            from quoteattr.pipeline import Pipeline

            nlp = Pipeline(args.engine, lang=args.lang, models_dir=args.models_dir)
            records = read_articles(iter_articles(args.paths, errors=errors))
            results = list(nlp.pipe(records, on_error="skip", errors=errors))
        results = _distinct_ids(results)
        if args.db:
            with ClaimIndex(args.db, paraphrase=paraphrase, model=args.model) as index:
                linked = []
                for r in results:
                    try:
                        linked.append(index.add(r))
                    except InputError as exc:  # this article alone; the index is as before its add
                        errors.append((r.doc_id, str(exc)))
                ids = dict.fromkeys(q.claim_id for r in linked for q in r.quotes)
                claims = [c for c in (index.claim(i) for i in ids) if len(c) > 1]
        else:
            done = Corpus.from_results(results, lang=args.lang).link(
                paraphrase=paraphrase, model=args.model, progress=False if args.quiet else None)
            linked, claims = list(done.results), list(done.repeated())
    except (QuoteattrError, OSError, sqlite3.Error) as exc:
        _err(f"{exc}" if isinstance(exc, QuoteattrError) else f"{args.db}: {exc}")
        return EXIT_FAILED
    out = _open_out(args.out)
    try:
        if args.format == "jsonl":
            for r in linked:
                out.write(dumps(r.to_dict(include_text=args.include_text)) + "\n")
        else:
            out.write(format_claims(claims) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    for doc_id, msg in errors:
        _err(f"{doc_id}: {msg}; skipped")
    return EXIT_OK if linked or not errors else EXIT_FAILED


def cmd_export_embedder(args: argparse.Namespace) -> int:
    from quoteattr.link.onnx_embed import default_dir, export

    try:
        info = export(args.out, model=args.model)
    except (QuoteattrError, OSError) as exc:
        _err(str(exc))
        return EXIT_FAILED
    print(f"exported to {args.out or default_dir()}: cosine agreement with the float model "
          f">= {info['min_cosine_agreement']}, pairwise cosines within {info['pairwise_max_abs_diff']}")
    return EXIT_OK


def _distinct_ids(results: list[Result]) -> list[Result]:
    """The results with a repeated doc_id renamed ``ID-2``, ``ID-3``... (and said on stderr), so
    that linking keeps every article: results files joined from several runs may repeat ids."""
    import attrs

    taken: set[str] = set()
    out = []
    for r in results:
        doc_id, n = r.doc_id, 1
        while doc_id in taken:
            n += 1
            doc_id = f"{r.doc_id}-{n}"
        if doc_id != r.doc_id:
            _err(f"doc_id {r.doc_id!r} occurs more than once; this one is linked as {doc_id!r}")
            r = attrs.evolve(r, doc_id=doc_id)
        taken.add(doc_id)
        out.append(r)
    return out


def cmd_claims(args: argparse.Namespace) -> int:
    try:
        ClaimIndex, _, format_claims = _import_link()
    except QuoteattrError as exc:
        _err(str(exc))
        return EXIT_FAILED

    if not Path(args.db).is_file():
        _err(f"{args.db}: no such claim index; build one with `quoteattr link ARTICLES --db {args.db}`")
        return EXIT_FAILED
    if args.check:  # the full check; opening does only the quick one
        try:
            with ClaimIndex(args.db, paraphrase=False, check=False) as index:
                problems = index.check(full=True)
                size = f"{len(index)} articles"
        except (QuoteattrError, OSError, sqlite3.Error) as exc:
            _err(str(exc))
            return EXIT_FAILED
        for problem in problems:
            _err(f"{args.db}: {problem}")
        print(f"{args.db}: {'damaged, ' + str(len(problems)) + ' problem(s) listed above' if problems else 'ok'} ({size})")
        return EXIT_FAILED if problems else EXIT_OK
    try:
        with ClaimIndex(args.db, paraphrase=False if args.no_paraphrase or not args.text else None,
                        model=args.model) as index:
            claims = index.claims(speaker=args.speaker, text=args.text, limit=args.limit or None,
                                  min_members=args.min_members)
    except (QuoteattrError, OSError, sqlite3.Error) as exc:
        _err(f"{exc}" if isinstance(exc, QuoteattrError) else f"{args.db}: {exc}")
        return EXIT_FAILED
    if args.format == "jsonl":
        for c in claims:
            print(dumps(c.to_dict()))
    else:
        print(format_claims(claims))
    return EXIT_OK


# -- models (stanza, neural) -------------------------------------------------------------------
def cmd_models(args: argparse.Namespace) -> int:
    """``models status``: where stanza models are looked for and what is there, and the shipped
    neural model with its runtime;
    ``models download``: fetch them (the only command that uses the network)."""
    from quoteattr.nlp import stanza_engine

    if args.action == "download":
        try:
            d = stanza_engine.download_models(args.lang, args.models_dir, coref=args.coref)
        except QuoteattrError as exc:  # stanza itself is not installed
            _err(str(exc))
            return EXIT_FAILED
        except Exception as exc:  # noqa: BLE001 - network, disk: say what failed and where
            _err(f"download failed ({type(exc).__name__}: {exc}); check the network and that "
                 f"{stanza_engine.default_dir(args.models_dir)} is writable")
            return EXIT_FAILED
        ok, lines = stanza_engine.status_lines(args.lang, d)
        print(f"downloaded stanza models for '{args.lang}' into {d}")
        print("\n".join(lines))
        return EXIT_OK if ok else EXIT_FAILED
    ok, lines = stanza_engine.status_lines(args.lang, args.models_dir)
    from quoteattr.nlp import neural

    _, neural_lines = neural.status_lines()
    print("\n".join(lines + [""] + neural_lines))
    return EXIT_OK if ok else EXIT_FAILED  # the exit status speaks of the stanza models


def int_in(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: an integer from ``lo`` to ``hi``, else a usage error that says so."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range; give an integer from {lo} to {hi}")
        return value

    parse.__name__ = "integer"
    return parse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quoteattr",
        description="Find quotations and reported claims in news text and attribute them to speakers.",
    )
    p.add_argument("--version", action="version", version=f"quoteattr {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what the library is doing")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract quotations from articles (JSONL out, one line per article)")
    ex.add_argument("paths", nargs="*", help="article files (UTF-8 text) or folders of *.txt; '-' for stdin")
    ex.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl", help="output format (default jsonl)")
    ex.add_argument("--out", "-o", help="write here instead of stdout")
    ex.add_argument("--engine", choices=ENGINES, default="auto",
                    help="NLP engine (default auto: stanza when its models are installed, else rules; neural by name)")
    ex.add_argument("--models-dir", help="stanza models directory (default: $STANZA_RESOURCES_DIR, then stanza's own)")
    ex.add_argument("--gpu", action="store_true", help="let stanza use a GPU")
    ex.add_argument("--lang", default="en", help="language of the articles (default en)")
    ex.add_argument("--input-format", choices=("text", "jsonl"), default="text",
                    help="text: files/folders of articles; jsonl: records {id|doc_id, text, ...} from files or stdin")
    ex.add_argument("--include-text", action="store_true", help="put each article's text in its output record")
    ex.add_argument("--batch-size", type=int_in(1, 1_000_000), default=32, help="articles per engine batch (default 32)")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress or summary on stderr")
    ex.add_argument("--jobs", "-j", type=int_in(-4096, 4096), default=None,
                    help=f"worker processes (default: all cores for {SMALL_RUN} or more files; 1 for fewer files "
                         "and for --input-format jsonl, so that results stream; -1: all cores); "
                         "results keep the input order")
    ex.add_argument("--error-lines", action="store_true",
                    help='also report bad records in the JSONL output, as {"doc_id", "schema_version", "error"} lines')
    ex.set_defaults(func=cmd_extract)

    ev = sub.add_parser("eval", help="score predicted JSONL against gold JSONL (same figures as the project's scorer)")
    ev.add_argument("--gold", required=True, help="gold JSONL")
    ev.add_argument("--pred", required=True, help="predicted JSONL (quoteattr extract output)")
    ev.add_argument("--text-dir", help="folder with DOC_ID.txt when the gold records carry no text")
    ev.add_argument("--clusters", help="gold claim clusters JSON, to score linking")
    ev.add_argument("--by-confidence", action="store_true", help="also print precision per confidence band")
    ev.add_argument("--join-parts", action="store_true",
                    help="score the parts of a split quotation as one span, for gold with discontinuous contents (PolNeAR)")
    ev.set_defaults(func=cmd_eval)
    rn = sub.add_parser("render", help="an HTML page of articles with their quotations highlighted by speaker")
    rn.add_argument("paths", nargs="+", help="article files (UTF-8 text) or folders of *.txt; '-' for stdin")
    rn.add_argument("--out", "-o", help="write the HTML here instead of stdout")
    rn.add_argument("--results", action="store_true",
                    help="the paths are JSONL results (from `quoteattr extract --include-text`), not articles")
    rn.add_argument("--engine", choices=ENGINES, default="auto", help="NLP engine (default auto)")
    rn.add_argument("--models-dir", help="stanza models directory")
    rn.add_argument("--lang", default="en", help="language of the articles (default en)")
    rn.add_argument("--title", help="page title (default: the article id)")
    rn.set_defaults(func=cmd_render)

    lk = sub.add_parser("link", help="link speakers and claims across articles (JSONL with claim_id/entity_id set)")
    lk.add_argument("paths", nargs="*", help="article files or folders of *.txt (or JSONL results with --input-format results)")
    lk.add_argument("--db", help="SQLite claim index: link to everything stored before, then store these articles")
    lk.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                    help="jsonl: the output contract, one line per article (default); table: the linked claims")
    lk.add_argument("--out", "-o", help="write here instead of stdout")
    lk.add_argument("--engine", choices=ENGINES, default="auto", help="NLP engine (default auto)")
    lk.add_argument("--models-dir", help="stanza models directory")
    lk.add_argument("--lang", default="en", help="language of the articles (default en)")
    lk.add_argument("--input-format", choices=("text", "results"), default="text",
                    help="text: articles; results: JSONL written by `quoteattr extract` ('-' for stdin)")
    lk.add_argument("--model", help="sentence-transformers model name or path for paraphrase links "
                                    "(default all-MiniLM-L6-v2, packaged offline)")
    lk.add_argument("--no-paraphrase", action="store_true", help="exact and partial links only (no embeddings)")
    lk.add_argument("--include-text", action="store_true", help="put each article's text in its output record")
    lk.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    lk.set_defaults(func=cmd_link)

    ee = sub.add_parser("export-embedder",
                        help="export MiniLM to ONNX with int8 weights for fast paraphrase linking (needs torch once)")
    ee.add_argument("--out", help="folder to write (default: $QUOTEATTR_CACHE or ~/.cache/quoteattr, "
                                  "under all-MiniLM-L6-v2-int8)")
    ee.add_argument("--model", help="local sentence-transformers folder to export (default: the packaged MiniLM)")
    ee.set_defaults(func=cmd_export_embedder)

    cl = sub.add_parser("claims", help="what a claim index holds, as a table")
    cl.add_argument("--db", required=True, help="SQLite claim index written by `quoteattr link --db`")
    cl.add_argument("--speaker", help="claims of this speaker (full name, surname or organisation)")
    cl.add_argument("--text", help="claims that this text states again (exact, partial, paraphrase)")
    cl.add_argument("--limit", type=int_in(0, 2**62), default=20, help="at most this many claims (default 20; 0: all)")
    cl.add_argument("--min-members", type=int_in(0, 2**62), default=1, help="only claims stated this many times or more")
    cl.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format (default table)")
    cl.add_argument("--model", help="sentence-transformers model for --text (default as `link`)")
    cl.add_argument("--no-paraphrase", action="store_true", help="--text matches exact and partial only")
    cl.add_argument("--check", action="store_true",
                    help="check the file for damage (SQLite's integrity and foreign-key checks, every stored record read "
                         "back); exit 1 if damaged")
    cl.set_defaults(func=cmd_claims)

    md = sub.add_parser("models", help="stanza models: where they are looked for and what is there; download them")
    msub = md.add_subparsers(dest="action", metavar="ACTION", required=True)
    ms = msub.add_parser("status", help="where models are looked for, which directory is used, what it holds")
    ms.add_argument("--models-dir", help="stanza models directory (default: $STANZA_RESOURCES_DIR, then stanza's own)")
    ms.add_argument("--lang", default="en", help="language (default en)")
    ms.set_defaults(func=cmd_models)
    mdl = msub.add_parser("download", help="fetch stanza's models with stanza.download (needs the network)")
    mdl.add_argument("--models-dir", help="where to put them (default: $STANZA_RESOURCES_DIR, then stanza's own)")
    mdl.add_argument("--dir", dest="models_dir", help=argparse.SUPPRESS)  # the flag's former name
    mdl.add_argument("--lang", default="en", help="language (default en)")
    mdl.add_argument("--coref", action="store_true", help="also the coreference model (large; needs transformers and peft)")
    mdl.set_defaults(func=cmd_models)
    _add_examples(p)
    return p


# One example per command, shown at the end of its --help (tests check that each one parses).
EXAMPLES: dict[str, str] = {
    "": "quoteattr extract examples/articles/ --format table",
    "extract": "quoteattr extract examples/articles/ --format table",
    "eval": "quoteattr eval --gold gold.jsonl --pred pred.jsonl --text-dir examples/articles/",
    "render": "quoteattr render examples/articles/003_bb9707dcb0746b17.txt -o article.html",
    "link": "quoteattr link examples/articles/ --format table",
    "claims": "quoteattr claims --db claims.db --speaker Lavrov",
    "export-embedder": "quoteattr export-embedder --out ~/.cache/quoteattr/all-MiniLM-L6-v2-int8",
    "models": "quoteattr models status",
    "models status": "quoteattr models status --models-dir ~/stanza_resources",
    "models download": "quoteattr models download --models-dir ~/stanza_resources",
}


def _add_examples(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """Put ``EXAMPLES[...]`` under each (sub)command's help, recursively."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = f"example:\n  {EXAMPLES[prefix]}"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                _add_examples(child, f"{prefix} {name}".strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="quoteattr: %(message)s", stream=sys.stderr)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except QuoteattrError as exc:  # what a command did not handle itself, e.g. an output it cannot write
        _err(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - `quoteattr extract ... | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
