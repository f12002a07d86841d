"""The pipeline: an engine built once, then text in and :class:`~quoteattr.model.Result` out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Mapping, get_args

from quoteattr.errors import InputError, QuoteattrError
from quoteattr.extract.quotes import extract_quotes
from quoteattr.extract.words import Vocabulary
from quoteattr.inputs import BadRecord
from quoteattr.model import Result
from quoteattr.nlp.base import AnnotatedDoc, Engine
from quoteattr.nlp.rules import RulesEngine

log = logging.getLogger("quoteattr")

EngineName = Literal["auto", "rules", "stanza", "neural"]
OnError = Literal["raise", "warn", "skip"]
ENGINES: tuple[str, ...] = get_args(EngineName)  # the names, once: the type above is the list


def resolve_engine(engine: str, *, lang: str = "en", models_dir: str | Path | None = None) -> tuple[str, str | None]:
    """Which engine ``engine`` means here: ``auto`` becomes ``stanza`` when it and its models are
    installed, else ``rules``, with a note saying which and why.  ``neural`` is chosen by name
    only: the shipped model is ahead of the rules on PolNeAR's broad attributions and on newsdev
    but behind them on the seed articles (docs/model-card.md), so ``auto`` does not switch to it.  Nothing is loaded,
    so a parent process can decide once for all its workers."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine, None
    from quoteattr.nlp.stanza_engine import find_models, stanza_installed

    if not stanza_installed():
        return "rules", "engine auto: stanza is not installed (pip install 'quoteattr[stanza]'); using rules"
    found = find_models(lang=lang, models_dir=models_dir)
    if found.ok:
        return "stanza", f"engine auto: using stanza (models in {found.directory})"
    return "rules", f"engine auto: no stanza models ({found.reason}); using rules"


def _build_engine(engine: str, *, lang: str, models_dir: str | Path | None, use_gpu: bool) -> tuple[Engine, str | None]:
    """The engine object and, for ``auto``, a note saying which one it picked and why."""
    name, note = resolve_engine(engine, lang=lang, models_dir=models_dir)
    if name == "rules":
        return RulesEngine(lang), note
    if name == "neural":
        from quoteattr.nlp.neural import NeuralEngine

        return NeuralEngine(lang), note
    from quoteattr.nlp.stanza_engine import StanzaEngine

    return StanzaEngine(lang=lang, models_dir=models_dir, use_gpu=use_gpu), note


class Pipeline:
    """Extraction with one engine, built once and reused.

    ``engine="auto"`` picks stanza when its models are installed, else rules (``neural`` by name); the choice is made here, once, and kept for every text this pipeline processes (``self.engine_name`` and
    each result's ``engine`` say which).  As in spaCy and stanza, the pipeline is callable on one
    text and :meth:`pipe` runs it over many:

    >>> nlp = Pipeline(engine="rules")
    >>> len(nlp('"We will not back down," the minister said.'))
    1
    >>> [len(r) for r in nlp.pipe(["No quotes here.", '"Never," he said.'], batch_size=8)]
    [0, 1]
    """

    def __init__(
        self,
        engine: EngineName = "auto",
        *,
        lang: str = "en",
        models_dir: str | Path | None = None,
        use_gpu: bool = False,
    ):
        self.lang = lang
        self.models_dir = models_dir
        self.use_gpu = use_gpu
        self.vocab = Vocabulary.for_lang(lang)
        self.engine, self.note = _build_engine(engine, lang=lang, models_dir=models_dir, use_gpu=use_gpu)
        self.engine_name: str = self.engine.name
        if self.note:
            log.info(self.note)

    def __repr__(self) -> str:
        return f"Pipeline(engine={self.engine_name!r}, lang={self.lang!r})"

    def annotate(self, text: str) -> AnnotatedDoc:
        return self.engine.annotate(_check_text(text))

    def extract(self, text: str, *, doc_id: str = "doc", metadata: Mapping[str, Any] | None = None) -> Result:
        """Quotations of one article."""
        doc = self.annotate(text)
        return self._result(doc, doc_id, metadata)

    def __call__(self, text: str, *, doc_id: str = "doc", metadata: Mapping[str, Any] | None = None) -> Result:
        """Quotations of one article: ``nlp(text)`` is ``nlp.extract(text)``."""
        return self.extract(text, doc_id=doc_id, metadata=metadata)

    def pipe(
        self,
        texts: Iterable[str | tuple[str, str] | Mapping[str, Any]],
        *,
        batch_size: int = 32,
        n_process: int = 1,
        on_error: OnError = "warn",
        errors: list | None = None,
        progress: bool | None = None,
    ) -> Iterator[Result]:
        """Results for many texts, in input order, as ``nlp.pipe`` in spaCy.

        Items are what :meth:`stream` takes (texts, ``(doc_id, text)`` pairs, records).  The
        engine annotates ``batch_size`` texts at a time; ``n_process`` > 1 (or -1 for all cores)
        runs that many worker processes, each with its own copy of this pipeline's settings
        (see :func:`quoteattr.extract_many`).  A progress bar goes to stderr (or the notebook)
        when ``progress`` is True, or when it is None and stderr is a terminal or Jupyter runs
        the code.  Bad items follow ``on_error`` as in :meth:`stream`.
        """
        from quoteattr.parallel import extract_many

        return extract_many(texts, n_jobs=n_process, engine=self, models_dir=self.models_dir, use_gpu=self.use_gpu,
                            batch_size=batch_size, on_error=on_error, errors=errors, progress=progress)

    def _result(self, doc: AnnotatedDoc, doc_id: str, metadata: Mapping[str, Any] | None) -> Result:
        quotes, entities = extract_quotes(doc, doc_id=doc_id, vocab=self.vocab)
        return Result(doc_id=doc_id, quotes=quotes, entities=entities, engine=self.engine_name,
                      text=doc.text, metadata=dict(metadata or {}), warnings=doc.warnings)

    def stream(
        self,
        texts: Iterable[str | tuple[str, str] | Mapping[str, Any]],
        *,
        batch_size: int = 32,
        on_error: OnError = "warn",
        errors: list | None = None,
    ) -> Iterator[Result]:
        """Results for many texts, in input order, annotated in batches.

        Items are texts, ``(doc_id, text)`` pairs, or records ``{"id"|"doc_id", "text", ...}``
        whose other fields pass through as metadata.  A bad item raises with ``on_error="raise"``;
        otherwise it is logged (``"warn"``) or not (``"skip"``), recorded in ``errors`` as
        ``(doc_id, message)`` when a list is given, and the rest go on.  A
        :class:`~quoteattr.inputs.BadRecord` (what the readers yield for an input that is not a
        record) is reported the same way, in its place.
        """
        batch: list[tuple[str, str, Mapping[str, Any]]] = []
        for n, item in enumerate(texts):
            try:
                doc_id, text, meta = _unpack(item, n)
                _check_text(text, doc_id)
            except InputError as exc:
                yield from self._flush(batch, batch_size, on_error, errors)
                batch = []
                self._report(on_error, errors, _guess_id(item, n), exc)
                continue
            batch.append((doc_id, text, meta))
            if len(batch) >= batch_size:
                yield from self._flush(batch, batch_size, on_error, errors)
                batch = []
        yield from self._flush(batch, batch_size, on_error, errors)

    def _flush(self, batch, batch_size, on_error, errors) -> Iterator[Result]:
        if not batch:
            return
        try:
            docs = list(self.engine.annotate_many([t for _, t, _ in batch], batch_size=batch_size))
        except Exception:  # one bad text spoils a bulk call: fall back to one at a time
            docs = None
        for k, (doc_id, text, meta) in enumerate(batch):
            try:
                doc = docs[k] if docs is not None else self.engine.annotate(text)
                yield self._result(doc, doc_id, meta)
            except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
                self._report(on_error, errors, doc_id, exc)

    @staticmethod
    def _report(on_error: OnError, errors: list | None, doc_id: str, exc: Exception) -> None:
        if on_error == "raise":
            if isinstance(exc, InputError) and not str(exc).startswith(f"{doc_id}:"):
                raise InputError(f"{doc_id}: {exc}") from exc  # say which record
            raise exc
        if errors is not None:  # an InputError says what is wrong in words; others need their type
            errors.append((doc_id, str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"))
        if on_error == "warn":
            log.warning("skipped %s: %s", doc_id, exc)


def _check_text(text: Any, doc_id: str = "doc") -> str:
    if not isinstance(text, str):
        raise InputError(f"expected the article text as str, got {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"text holds bytes that are not UTF-8 (unpaired surrogates) at character {exc.start}; "
                         "decode it as UTF-8 first") from exc
    return text


def _guess_id(item: Any, n: int) -> str:
    if isinstance(item, BadRecord):
        return item.doc_id
    if isinstance(item, Mapping):
        return str(item.get("doc_id", item.get("id", f"#{n}")))
    if isinstance(item, tuple) and item:
        return str(item[0])
    return f"#{n}"


def _unpack(item: Any, n: int) -> tuple[str, str, Mapping[str, Any]]:
    if isinstance(item, BadRecord):  # a reader's placeholder: reported here, in input order
        raise InputError(item.message)
    if isinstance(item, str):
        return f"doc{n}", item, {}
    if isinstance(item, tuple) and len(item) in (2, 3):
        meta = item[2] if len(item) == 3 else {}
        return str(item[0]), item[1], meta or {}
    if isinstance(item, Mapping):
        doc_id = item.get("doc_id", item.get("id"))
        if doc_id is None:
            doc_id = f"#{n}"
        if "text" not in item:
            raise InputError(f"no 'text' field (keys: {', '.join(sorted(map(str, item)))})")
        meta = {k: v for k, v in item.items() if k not in ("text", "doc_id", "id")}
        return str(doc_id), item["text"], meta
    raise InputError(f"item #{n}: expected a str, a (doc_id, text) pair or a record with 'text', got {type(item).__name__}")


_DEFAULT: dict[tuple[str, str], Pipeline] = {}


def default_pipeline(engine: EngineName = "auto", lang: str = "en") -> Pipeline:
    """A shared pipeline per (engine, language), built on first use."""
    key = (engine, lang)
    if key not in _DEFAULT:
        _DEFAULT[key] = Pipeline(engine, lang=lang)
    return _DEFAULT[key]


def extract(text: str, *, engine: EngineName = "auto", doc_id: str = "doc", lang: str = "en",
            metadata: Mapping[str, Any] | None = None) -> Result:
    """Find the quotations in one article's text and attribute them.

    >>> r = extract('"We will not back down," the minister said.', engine="rules")
    >>> [(q.text, q.speaker.mention) for q in r.quotes]
    [('We will not back down,', 'the minister')]
    """
    return default_pipeline(engine, lang).extract(text, doc_id=doc_id, metadata=metadata)


__all__ = ["Pipeline", "QuoteattrError", "extract", "default_pipeline"]
