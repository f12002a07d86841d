"""A spaCy pipeline component: ``nlp.add_pipe("quoteattr")`` (the ``spacy`` extra).

The component runs a quoteattr :class:`~quoteattr.pipeline.Pipeline` on each doc's text and puts
what it finds on the doc:

- ``doc._.quotes``: the quotations, as :class:`~quoteattr.model.Quote` records (kind, content
  span, cue, speaker with name, mention and role, confidence), in text order;
  ``doc._.quoteattr`` holds the same article as a record of the output contract
  (``Result.to_dict()``) and ``doc._.quoteattr_result`` as a :class:`~quoteattr.model.Result`;
- ``doc.spans["quotes"]``: one span per quotation, labelled with its speaker (the canonical name,
  else ``[mention]``, else ``unattributed``), so that
  ``displacy.render(doc, style="span", options={"spans_key": "quotes"})`` highlights them;
- ``doc.spans["quotes_speakers"]`` (label ``SPEAKER``) and ``doc.spans["quotes_cues"]`` (label
  ``CUE``): the speaker mentions and the cues the quotations are attached to.

quoteattr finds quotations on the raw text with its own engine (``rules`` by default), so it works
the same on ``spacy.blank("en")`` and on any trained pipeline.  Its offsets are characters; a span
whose ends do not fall on spaCy's token boundaries (a quotation ending inside a token such as
``no."``) is widened to the smallest run of whole tokens that covers it
(``doc.char_span(..., alignment_mode="expand")``), so no quotation is ever lost; the exact
characters stay in ``doc._.quotes``.

Config (``nlp.add_pipe("quoteattr", config={...})``): ``engine`` (``rules``, ``stanza``, ``neural``, ``auto``),
``threshold`` (quotations below this confidence are left out, default 0), ``spans_key`` (default
``quotes``), ``models_dir`` (for stanza).  ``nlp.to_disk`` / ``spacy.load`` keep the settings.

>>> import spacy, quoteattr.spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("quoteattr")
>>> doc = nlp('"We will not back down," the minister said.')
>>> [(s.text, s.label_) for s in doc.spans["quotes"]]
[('We will not back down,', '[the minister]')]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from quoteattr.errors import OptionalDependencyError

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import minibatch
except ImportError as exc:  # pragma: no cover - exercised in the core install only
    raise OptionalDependencyError("the spaCy component (quoteattr.spacy)", "spacy", "spacy") from exc

from quoteattr.io import quote_from_dict, result_from_dict
from quoteattr.model import Quote, Result
from quoteattr.pipeline import Pipeline

__all__ = ["QuoteattrComponent", "make_quoteattr", "displacy_options", "speaker_label"]

CONFIG_FILE = "cfg.json"
DEFAULT_CONFIG: dict[str, Any] = {"engine": "rules", "threshold": 0.0, "spans_key": "quotes", "models_dir": None}


def _register_extensions() -> None:
    # the record is plain JSON data, so docs with quotations still serialise (DocBin, to_bytes)
    if not Doc.has_extension("quoteattr"):
        Doc.set_extension("quoteattr", default=None)
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", getter=_quotes_of)
    if not Doc.has_extension("quoteattr_result"):
        Doc.set_extension("quoteattr_result", getter=_result_of)


def _quotes_of(doc: Doc) -> tuple[Quote, ...]:
    record = doc._.quoteattr
    return tuple(quote_from_dict(q) for q in record["quotes"]) if record else ()


def _result_of(doc: Doc) -> Result | None:
    record = doc._.quoteattr
    return result_from_dict(record, text=doc.text) if record else None


def speaker_label(quote: Quote) -> str:
    """The label of a quotation's span: its speaker's name, ``[mention]`` when the name is not
    settled (a pronoun, an anonymous source), or ``unattributed``."""
    sp = quote.speaker
    if sp is None:
        return "unattributed"
    return sp.name or (f"[{sp.mention}]" if sp.mention else "unattributed")


def _token_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The span of whole tokens covering characters ``start``..``end`` (widened, never lost)."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        return span
    # only whitespace between the offsets (no token overlaps): the tokens around it
    first = next((t.i for t in doc if t.idx + len(t) > start), None)
    if first is None:
        return None
    last = max(first, max((t.i for t in doc if t.idx < end), default=first))
    return Span(doc, first, last + 1, label=label)


class QuoteattrComponent:
    """Quotations, speakers and cues on spaCy docs (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "quoteattr", *, engine: str = "rules", threshold: float = 0.0,
                 spans_key: str = "quotes", models_dir: str | None = None):
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold is a confidence between 0 and 1, got {threshold}")
        _register_extensions()
        self.name = name
        self.lang = nlp.lang
        self.engine = engine
        self.threshold = float(threshold)
        self.spans_key = spans_key
        self.models_dir = models_dir
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The quoteattr pipeline, built on first use (so that loading a spaCy pipeline is cheap)."""
        if self._pipeline is None:
            self._pipeline = Pipeline(self.engine, lang=self.lang, models_dir=self.models_dir)  # type: ignore[arg-type]
        return self._pipeline

    @property
    def cfg(self) -> dict[str, Any]:
        return {"engine": self.engine, "threshold": self.threshold, "spans_key": self.spans_key,
                "models_dir": self.models_dir}

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.pipeline.extract(doc.text))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        """Docs in batches: the engine annotates ``batch_size`` texts at a time."""
        for batch in minibatch(docs, size=batch_size):
            items = [(str(k), doc.text) for k, doc in enumerate(batch)]
            results = self.pipeline.stream(items, batch_size=batch_size, on_error="raise")
            for doc, result in zip(batch, results):
                yield self._annotate(doc, result)

    def _annotate(self, doc: Doc, result: Result) -> Doc:
        quotes = tuple(q for q in result.quotes if q.confidence >= self.threshold)
        record = result.to_dict()
        record["quotes"] = [q for q in record["quotes"] if q["confidence"] >= self.threshold]
        doc._.quoteattr = record
        spans, speakers, cues = [], [], []
        for q in quotes:
            span = _token_span(doc, q.start, q.end, speaker_label(q))
            if span is not None:
                spans.append(span)
            sp = q.speaker
            if sp is not None and sp.start is not None and sp.end is not None and sp.end > sp.start:
                mention = _token_span(doc, sp.start, sp.end, "SPEAKER")
                if mention is not None and all(m != mention for m in speakers):
                    speakers.append(mention)
            if q.cue is not None and q.cue.end > q.cue.start:
                cue = _token_span(doc, q.cue.start, q.cue.end, "CUE")
                if cue is not None and all(c != cue for c in cues):
                    cues.append(cue)
        doc.spans[self.spans_key] = spans
        doc.spans[f"{self.spans_key}_speakers"] = speakers
        doc.spans[f"{self.spans_key}_cues"] = cues
        return doc

    # -- serialisation: the settings; the engine is rebuilt from them -----------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.cfg, sort_keys=True).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "QuoteattrComponent":
        return self._configure(json.loads(data.decode("utf-8")))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CONFIG_FILE).write_text(json.dumps(self.cfg, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuoteattrComponent":
        f = Path(path) / CONFIG_FILE
        if not f.is_file():
            raise FileNotFoundError(f"{f}: no quoteattr component settings here; save the pipeline with nlp.to_disk()")
        return self._configure(json.loads(f.read_text(encoding="utf-8")))

    def _configure(self, cfg: dict[str, Any]) -> "QuoteattrComponent":
        unknown = set(cfg) - set(DEFAULT_CONFIG)
        if unknown:
            raise ValueError(f"unknown quoteattr component settings {sorted(unknown)}; expected {sorted(DEFAULT_CONFIG)}")
        old = self.cfg
        self.engine = cfg.get("engine", self.engine)
        self.threshold = float(cfg.get("threshold", self.threshold))
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.models_dir = cfg.get("models_dir", self.models_dir)
        if self.cfg != old:
            self._pipeline = None
        return self


@Language.factory(
    "quoteattr",
    default_config=DEFAULT_CONFIG,
    assigns=["doc._.quoteattr", "doc._.quotes", "doc.spans"],
)
def make_quoteattr(nlp: Language, name: str, engine: str, threshold: float, spans_key: str,
                   models_dir: str | None) -> QuoteattrComponent:
    """The ``quoteattr`` factory (registered for spaCy through the ``spacy_factories`` entry point)."""
    return QuoteattrComponent(nlp, name, engine=engine, threshold=threshold, spans_key=spans_key,
                              models_dir=models_dir)


def displacy_options(doc: Doc, spans_key: str = "quotes") -> dict[str, Any]:
    """Options for ``displacy.render(doc, style="span", options=...)``: the spans key and one
    colour per speaker from quoteattr's colour-blind-safe palette, as in :func:`quoteattr.render_html`."""
    from quoteattr.render import colour

    colours: dict[str, str] = {}
    for span in doc.spans[spans_key]:
        if span.label_ not in colours:
            colours[span.label_] = colour(len(colours))[0]
    return {"spans_key": spans_key, "colors": colours}
