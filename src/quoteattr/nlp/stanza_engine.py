"""The stanza engine: stanza's neural pipeline (tokenize, pos, lemma, depparse; mwt, ner and
coref when their models are installed) under quoteattr's text layer.

quoteattr's own segmentation (:func:`quoteattr.text.segment.segment`) still decides paragraphs,
boilerplate, quotation marks and sentence boundaries, so a quotation is never split from its
attribution.  stanza tags and parses quoteattr's tokens (``tokenize_pretokenized``, the default)
or tokenizes each quoteattr sentence itself (``tokenize_no_ssplit``), in one bulk call per batch
of articles.  Every offset in the result is a raw-text offset.

Models are looked for in ``models_dir``, then ``$STANZA_RESOURCES_DIR``, then stanza's default
directory, and only the processors whose model files are all there are loaded.  Nothing here
touches the network except :func:`download_models` (``quoteattr models download``), and stanza
and torch are imported only once the models are known to be present, so missing models fail
fast with :class:`~quoteattr.errors.ModelsNotFoundError`.
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import attrs

from quoteattr.errors import ModelsNotFoundError, OptionalDependencyError
from quoteattr.nlp.base import (
    COREF,
    DEPS,
    ENTITIES,
    LEMMAS,
    POS,
    SENTENCES,
    TOKENS,
    AnnotatedDoc,
    EntityMention,
    Sentence,
    Token,
)
from quoteattr.text.segment import Segmentation, segment

# Processors quoteattr runs, in stanza's order; the first ones are required.
REQUIRED = ("tokenize", "pos", "lemma", "depparse")
OPTIONAL = ("mwt", "ner", "coref")
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner", "coref")
LAYERS_OF = {"tokenize": (TOKENS, SENTENCES), "lemma": (LEMMAS,), "pos": (POS,), "depparse": (DEPS,),
             "ner": (ENTITIES,), "coref": (COREF,)}
DOWNLOAD_COMMAND = "quoteattr models download"
_SEP = "\n\n"  # between sentences handed to stanza: with tokenize_no_ssplit, the only split points


# -- where models are ---------------------------------------------------------------------------
@cache
def _stanza_resources_version() -> str | None:
    """stanza's ``__resources_version__``, read from its source without importing stanza
    (importing stanza imports torch, which takes seconds)."""
    try:
        spec = importlib.util.find_spec("stanza")
    except (ImportError, ValueError):  # a stand-in module without a spec
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        f = Path(loc) / "_version.py"
        if f.is_file():
            m = re.search(r"__resources_version__\s*=\s*['\"]([^'\"]+)", f.read_text(encoding="utf-8"))
            if m:
                return m.group(1)
    return None


def stanza_installed() -> bool:
    """Whether the stanza package is importable (checked without importing it)."""
    try:
        return importlib.util.find_spec("stanza") is not None
    except (ImportError, ValueError):  # a stand-in module without a spec
        return "stanza" in sys.modules


def require_stanza(feature: str = "the stanza engine") -> None:
    """Raise :class:`~quoteattr.errors.OptionalDependencyError` naming the ``stanza`` extra when
    the stanza package is not installed (the core install leaves it out: it brings torch)."""
    if not stanza_installed():
        raise OptionalDependencyError(feature, "stanza", "stanza")


def stanza_version() -> str | None:
    """The installed stanza's version (without importing it), or None when it is not installed."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("stanza")
    except PackageNotFoundError:
        return None


def stanza_default_dir() -> Path:
    """stanza's own default resources directory (what ``stanza.Pipeline()`` uses without ``dir``
    and without ``$STANZA_RESOURCES_DIR``)."""
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs comes with stanza
        return Path.home() / "stanza_resources"
    return Path(user_cache_dir("stanza", "StanfordNLP", _stanza_resources_version())) / "resources"


def search_order(models_dir: str | Path | None = None) -> list[tuple[str, Path | None]]:
    """Where models are looked for, in order: ``(label, directory or None when unset)``.
    The first set one is used (as stanza does): an explicit directory is never silently
    replaced by another."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return [
        ("--models-dir / models_dir", Path(models_dir).expanduser() if models_dir else None),
        ("$STANZA_RESOURCES_DIR", Path(env).expanduser() if env else None),
        ("stanza's default", stanza_default_dir()),
    ]


def default_dir(models_dir: str | Path | None = None) -> Path:
    """The directory that will be used: ``models_dir``, else ``$STANZA_RESOURCES_DIR``, else
    stanza's default."""
    for _, d in search_order(models_dir):
        if d is not None:
            return d
    raise AssertionError("unreachable: stanza's default is always set")  # pragma: no cover


@attrs.frozen
class ModelFile:
    path: Path
    exists: bool
    size: int | None = None


@attrs.frozen
class ProcessorModels:
    """One processor's package and the files it needs (its model and its dependencies)."""

    name: str
    package: str
    files: tuple[ModelFile, ...]

    @property
    def complete(self) -> bool:
        return all(f.exists for f in self.files)

    @property
    def size(self) -> int:
        return sum(f.size or 0 for f in self.files)


@attrs.frozen
class ModelsFound:
    """What :func:`find_models` saw.  ``ok`` when every required processor's files are there;
    ``processors`` lists every processor quoteattr could use, complete or not; ``usable`` those
    whose files are all present."""

    ok: bool
    directory: Path
    reason: str = ""
    lang: str = "en"
    processors: tuple[ProcessorModels, ...] = ()
    resources_version: str | None = None

    @property
    def usable(self) -> tuple[ProcessorModels, ...]:
        return tuple(p for p in self.processors if p.complete)

    def packages(self) -> dict[str, str]:
        """``{processor: package}`` for the usable processors, as ``stanza.Pipeline`` takes it."""
        return {p.name: p.package for p in self.usable}


def _file(path: Path) -> ModelFile:
    try:
        return ModelFile(path, True, path.stat().st_size) if path.is_file() else ModelFile(path, False)
    except OSError:  # pragma: no cover - unreadable directory
        return ModelFile(path, False)


def _coref_runtime_missing() -> str | None:
    for mod in ("transformers", "peft"):
        if importlib.util.find_spec(mod) is None:
            return mod
    return None


def find_models(lang: str = "en", models_dir: str | Path | None = None) -> ModelsFound:
    """Look for stanza models for ``lang`` without importing stanza: read ``resources.json`` in
    the directory :func:`default_dir` picks and check that each processor's model file and its
    dependencies (pretrained vectors, character LMs) exist."""
    d = default_dir(models_dir)
    res_file = d / "resources.json"
    if not res_file.is_file():
        return ModelsFound(False, d, f"no resources.json in {d}", lang)
    try:
        resources = json.loads(res_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return ModelsFound(False, d, f"{res_file} is not readable JSON ({exc})", lang)
    version = resources.get("version") if isinstance(resources.get("version"), str) else None
    lr = resources.get(lang)
    if isinstance(lr, dict) and "alias" in lr:
        lang = lr["alias"]
        lr = resources.get(lang)
    if not isinstance(lr, dict):
        known = ", ".join(sorted(k for k, v in resources.items() if isinstance(v, dict))) or "none"
        return ModelsFound(False, d, f"{res_file} lists no models for '{lang}' (it lists: {known})", lang,
                           resources_version=version)
    defaults = lr.get("default_processors") or (lr.get("packages") or {}).get("default") or {}
    procs: list[ProcessorModels] = []
    for name in PROCESSORS:
        pkgs = defaults.get(name)
        if not pkgs:
            continue
        pkg = pkgs[0] if isinstance(pkgs, list) else pkgs
        if not isinstance(pkg, str):
            continue
        files = [_file(d / lang / name / f"{pkg}.pt")]
        deps = ((lr.get(name) or {}).get(pkg) or {}).get("dependencies") or []
        for dep in deps:
            if isinstance(dep, dict) and "model" in dep and "package" in dep:
                files.append(_file(d / lang / dep["model"] / f"{dep['package']}.pt"))
        procs.append(ProcessorModels(name, pkg, tuple(files)))
    by_name = {p.name: p for p in procs}
    problems = []
    for name in REQUIRED:
        p = by_name.get(name)
        if p is None:
            problems.append(f"no {name} model listed for '{lang}' in {res_file}")
        elif not p.complete:
            missing = ", ".join(str(f.path) for f in p.files if not f.exists)
            problems.append(f"{name} model file(s) missing: {missing}")
    if "mwt" in by_name and not by_name["mwt"].complete:
        problems.append(f"mwt model file(s) missing: {', '.join(str(f.path) for f in by_name['mwt'].files if not f.exists)}")
    found = ModelsFound(not problems, d, "; ".join(problems), lang, tuple(procs), version)
    return found


def missing_models_message(found: ModelsFound, models_dir: str | Path | None = None) -> str:
    """The error text for models that are not there: the directory searched, what is missing,
    and the command that fixes it."""
    explicit = bool(models_dir or os.environ.get("STANZA_RESOURCES_DIR"))
    fix = f"{DOWNLOAD_COMMAND} --models-dir {found.directory}" if explicit else DOWNLOAD_COMMAND
    return (
        f"stanza models for '{found.lang}' not found in {found.directory}: {found.reason} "
        f"(searched the first set of --models-dir, $STANZA_RESOURCES_DIR and stanza's default "
        f"{stanza_default_dir()}). Fix: run `{fix}` once (it fetches stanza's models; quoteattr uses "
        f"the network nowhere else), or give --models-dir / Pipeline(models_dir=...) a stanza "
        f"resources directory, or use --engine rules, which needs no models."
    )


def download_models(lang: str = "en", model_dir: str | Path | None = None, *,
                    processors: Sequence[str] = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner"),
                    coref: bool = False) -> Path:
    """Fetch stanza's models for ``lang`` into ``model_dir`` (default: ``$STANZA_RESOURCES_DIR``,
    else stanza's default) with ``stanza.download``: the one place quoteattr touches the
    network, and only when asked (``quoteattr models download``).  Returns the directory."""
    require_stanza("downloading stanza's models")
    import stanza  # here: downloading needs stanza itself

    d = default_dir(model_dir)
    procs = list(processors) + (["coref"] if coref else [])
    stanza.download(lang, model_dir=str(d), processors=",".join(procs), verbose=False)
    return d


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


def status_lines(lang: str = "en", models_dir: str | Path | None = None) -> tuple[bool, list[str]]:
    """What ``quoteattr models status`` prints: where models are looked for, which directory is
    used, the processors found with their files and sizes, and the versions; and whether the
    stanza engine can be built from them."""
    found = find_models(lang, models_dir)
    lines = [f"stanza {stanza_version() or 'not installed'} (model resources {_stanza_resources_version() or '?'})",
             "models are looked for in (the first one set is used):"]
    used = False
    for n, (label, d) in enumerate(search_order(models_dir), 1):
        mark = ""
        if d is not None and not used:
            mark, used = "   <- used", True
        lines.append(f"  {n}. {label}: {d if d is not None else '(not set)'}{mark}")
    lines.append(f"directory: {found.directory}")
    res = found.directory / "resources.json"
    if res.is_file():
        lines.append(f"resources.json: {res} (version {found.resources_version or 'not recorded'})")
    else:
        lines.append(f"resources.json: missing ({res})")
    if found.processors:
        lines.append(f"processors for '{found.lang}':")
        names = {p.name for p in found.processors}
        for p in found.processors:
            state = "ok" if p.complete else "MISSING " + ", ".join(f.path.name for f in p.files if not f.exists)
            dep = f" (+{len(p.files) - 1} dependencies)" if len(p.files) > 1 else ""
            lines.append(f"  {p.name:9} {p.package:28} {_size(p.size):>9}  {state}{dep}  {p.files[0].path}")
        for name in PROCESSORS:
            if name not in names:
                lines.append(f"  {name:9} {'-':28} {'':>9}  not installed" + (" (optional)" if name in OPTIONAL else ""))
    if found.ok:
        layers = sorted({layer for p in found.usable for layer in LAYERS_OF.get(p.name, ())})
        lines.append(f"status: ready; the stanza engine will provide {', '.join(layers)}")
    else:
        lines.append(f"status: not usable: {found.reason}")
        lines.append(f"fix: {DOWNLOAD_COMMAND}" + (f" --models-dir {found.directory}" if models_dir else ""))
    return found.ok, lines


# -- from stanza's output to an AnnotatedDoc -----------------------------------------------------
@attrs.frozen
class Prepared:
    """One article ready for stanza: its segmentation, stanza's input text, and the map from
    input offsets back to raw-text offsets (the input is made of verbatim slices of the raw text,
    *pieces*, with separators between them)."""

    text: str
    seg: Segmentation
    stanza_text: str
    input_starts: tuple[int, ...]  # where each piece starts in stanza_text
    raw_starts: tuple[int, ...]  # ... and in the raw text

    def to_raw(self, i: int) -> int:
        k = max(bisect.bisect_right(self.input_starts, i) - 1, 0)
        return self.raw_starts[k] + i - self.input_starts[k]


def prepare(text: str, lang: str = "en", *, pretokenized: bool = False) -> Prepared:
    """Segment ``text`` and build stanza's input from its sentences (boilerplate paragraphs are
    left out).

    By default each sentence is a verbatim slice, and sentences are joined with blank lines,
    stanza's only split points under ``tokenize_no_ssplit``.  With ``pretokenized`` the input is
    quoteattr's own tokens, one sentence per line (stanza's ``tokenize_pretokenized``)."""
    seg = segment(text, lang)
    parts: list[str] = []
    ins: list[int] = []
    raws: list[int] = []
    pos = 0
    if pretokenized:
        toks = seg.tokens
        k = 0
        for si, (a, b) in enumerate(seg.sentences):
            if si:
                parts.append("\n")
                pos += 1
            first = True
            while k < len(toks) and toks[k][0] < b:
                s, e = toks[k]
                k += 1
                if s < a:
                    continue
                if not first:
                    parts.append(" ")
                    pos += 1
                first = False
                ins.append(pos)
                raws.append(s)
                parts.append(text[s:e])
                pos += e - s
        return Prepared(text, seg, "".join(parts), tuple(ins), tuple(raws))
    for a, b in seg.sentences:
        chunk = text[a:b]
        ins.append(pos)
        raws.append(a)
        parts.append(chunk)
        pos += len(chunk) + len(_SEP)
    return Prepared(text, seg, _SEP.join(parts), tuple(ins), tuple(raws))


def _word_spans(token: Any) -> list[tuple[int | None, int | None]]:
    """Character spans (in stanza's input) of the words of one stanza token.  A multi-word token
    (``didn't`` -> ``did`` ``n't``) gives each word its own slice when stanza knows it or the
    words spell the token; otherwise the first word takes the whole token and the rest are empty
    at its end."""
    words = token.words
    ts, te = token.start_char, token.end_char
    if len(words) == 1:
        return [(ts, te)]
    spans = [(w.start_char, w.end_char) for w in words]
    if all(s is not None and e is not None for s, e in spans):
        return spans
    if ts is None or te is None:
        return [(None, None)] * len(words)
    out = []
    pos = ts
    surface = (token.text or "").lower()
    if "".join(w.text for w in words).lower() == surface and len(surface) == te - ts:
        for w in words:
            out.append((pos, pos + len(w.text)))
            pos += len(w.text)
        return out
    return [(ts, te)] + [(te, te)] * (len(words) - 1)


def convert(
    text: str,
    seg: Segmentation,
    sdoc: Any,
    *,
    to_raw: Callable[[int], int] | None = None,
    provides: frozenset[str] = frozenset({TOKENS, SENTENCES, LEMMAS, POS, DEPS}),
) -> AnnotatedDoc:
    """Turn a stanza ``Document`` into an :class:`AnnotatedDoc` over the raw ``text``.

    ``to_raw`` maps stanza's character offsets to raw-text offsets (identity when stanza ran on
    the raw text, e.g. a Document built from CoNLL-U with ``start_char``/``end_char``).  stanza
    sentences that fall in one quoteattr sentence are merged into it (each keeps its own root),
    so a quotation and its attribution stay together; token heads become document-level indices;
    token text is sliced from the raw text (stanza writes ``<UNK>`` for over-long tokens)."""
    to_raw = to_raw or (lambda i: i)
    seg_starts = [a for a, _ in seg.sentences]

    def seg_index(offset: int) -> int | None:
        k = bisect.bisect_right(seg_starts, offset) - 1
        if k >= 0 and seg.sentences[k][0] <= offset < seg.sentences[k][1]:
            return k
        return None

    tokens: list[Token] = []
    sentences: list[Sentence] = []
    cur_seg: int | None = -1
    word_index: list[list[int]] = []  # per stanza sentence: doc-level index of each word
    for sent in sdoc.sentences:
        spans: list[tuple[Any, int, int]] = []
        prev = 0
        for tok in sent.tokens:
            for w, (s, e) in zip(tok.words, _word_spans(tok)):
                if s is None or e is None:  # no offsets at all: an empty span after the previous word
                    rs = re_ = prev
                else:  # a word lies inside one sentence, so one shift maps both ends
                    rs = to_raw(s)
                    re_ = rs + (e - s)
                spans.append((w, rs, re_))
                prev = re_
        if not spans:
            word_index.append([])
            continue
        si = seg_index(spans[0][1])
        if not sentences or si is None or si != cur_seg:
            sentences.append(Sentence(spans[0][1], spans[-1][2], len(tokens), len(tokens)))
            cur_seg = si
        idx = []
        for w, rs, re_ in spans:
            idx.append(len(tokens))
            tokens.append(Token(text[rs:re_], rs, re_, len(sentences) - 1))
        word_index.append(idx)
        last = sentences[-1]
        a, b = seg.sentences[si] if si is not None else (last.start, spans[-1][2])
        sentences[-1] = Sentence(min(a, last.start), max(b, spans[-1][2]), last.first, len(tokens))
    # heads, tags, entity tags (second pass: heads need every word's doc index)
    for sent, idx in zip(sdoc.sentences, word_index):
        words = [w for tok in sent.tokens for w in tok.words]
        for w, di in zip(words, idx):
            head = None
            if w.head is not None and 0 < w.head <= len(idx):
                head = idx[w.head - 1]
            ner = getattr(w.parent, "ner", None) if ENTITIES in provides else None
            tokens[di] = tokens[di]._replace(lemma=w.lemma, upos=w.upos, head=head, deprel=w.deprel, ner=ner)
    entities = _entities(tokens) if ENTITIES in provides else []
    chains: list[tuple[tuple[int, int], ...]] = []
    if COREF in provides:
        for chain in getattr(sdoc, "coref", None) or ():
            mentions = []
            for m in chain.mentions:
                if isinstance(m.start_word, tuple) or m.sentence >= len(word_index):
                    continue  # zero anaphora: no text to point at
                idx = word_index[m.sentence]
                if not (0 <= m.start_word < m.end_word <= len(idx)):
                    continue
                mentions.append((tokens[idx[m.start_word]].start, tokens[idx[m.end_word - 1]].end))
            if len(mentions) > 1:
                chains.append(tuple(mentions))
    return AnnotatedDoc(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        paragraphs=seg.paragraphs,
        quotes=seg.marks.quotes,
        provides=provides,
        entities=tuple(entities),
        coref=tuple(chains),
        warnings=seg.marks.warnings,
    )


def _entities(tokens: Sequence[Token]) -> list[EntityMention]:
    """Entity mentions from the tokens' BIOES tags (``B-PERSON`` ... ``E-PERSON``, ``S-GPE``)."""
    out: list[EntityMention] = []
    start: tuple[int, str] | None = None
    for t in tokens:
        tag = t.ner or "O"
        pos, _, typ = tag.partition("-")
        if pos == "S":
            out.append(EntityMention(t.start, t.end, typ))
            start = None
        elif pos == "B":
            start = (t.start, typ)
        elif pos == "E" and start is not None and start[1] == typ:
            out.append(EntityMention(start[0], t.end, typ))
            start = None
        elif pos != "I":
            start = None
    return out


# -- the engine -------------------------------------------------------------------------------
class StanzaEngine:
    """stanza's neural pipeline, built once (a second or two) and reused.

    ``tokenizer="quoteattr"`` (the default) hands stanza quoteattr's own tokens and sentences
    (``tokenize_pretokenized``), so both engines share one token layer and the surface patterns
    see the same words whichever engine runs; ``tokenizer="stanza"`` lets stanza's neural
    tokenizer (and mwt) split each quoteattr sentence (``tokenize_no_ssplit``).  Either way
    quoteattr decides sentence boundaries, and offsets are raw-text offsets.

    Raises :class:`~quoteattr.errors.ModelsNotFoundError` (before importing stanza or torch)
    when the models are not installed.  ``provides`` lists the layers the installed models give:
    without an NER model (the small test models) it lacks ``entities``."""

    name: ClassVar[str] = "stanza"

    def __init__(self, lang: str = "en", models_dir: str | Path | None = None, use_gpu: bool = False,
                 *, tokenizer: str = "quoteattr"):
        if tokenizer not in ("quoteattr", "stanza"):
            raise ValueError(f"tokenizer must be 'quoteattr' or 'stanza', got {tokenizer!r}")
        self.lang = lang
        self.tokenizer = tokenizer
        self.pretokenized = tokenizer == "quoteattr"
        require_stanza()
        self.found = find_models(lang, models_dir)
        if not self.found.ok:
            raise ModelsNotFoundError(missing_models_message(self.found, models_dir))
        packages = self.found.packages()
        if "coref" in packages and _coref_runtime_missing():
            del packages["coref"]  # the coref model needs transformers and peft
        if self.pretokenized:
            packages.pop("mwt", None)  # nothing for it to expand in pre-tokenized input
        import stanza  # here, not at module level: it imports torch

        mode = {"tokenize_pretokenized": True} if self.pretokenized else {"tokenize_no_ssplit": True}
        self.warnings: list[str] = []

        def build(procs: dict[str, str]):
            return stanza.Pipeline(lang=self.found.lang, dir=str(self.found.directory), package=None,
                                   processors=dict(procs), download_method=None, use_gpu=use_gpu,
                                   verbose=False, **mode)

        try:
            try:
                self.nlp = build(packages)
            except Exception as exc:  # the optional coref model (its transformer may not be
                if "coref" not in packages:  # cached offline) must not sink the other processors
                    raise
                del packages["coref"]
                self.warnings.append(f"coref not loaded ({type(exc).__name__}: {exc})")
                self.nlp = build(packages)
        except (FileNotFoundError, KeyError) as exc:
            raise ModelsNotFoundError(
                f"stanza could not load its models from {self.found.directory} ({type(exc).__name__}: {exc}). "
                f"Fix: run `{DOWNLOAD_COMMAND} --models-dir {self.found.directory}` to reinstall them."
            ) from exc
        self.packages = packages
        self._provides = frozenset(layer for p in packages for layer in LAYERS_OF.get(p, ()))
        self._document = stanza.Document

    @property
    def provides(self) -> frozenset[str]:
        return self._provides

    def __repr__(self) -> str:
        procs = ",".join(self.packages)
        return f"StanzaEngine(lang={self.lang!r}, models_dir={str(self.found.directory)!r}, processors={procs!r})"

    # The three stages, separately callable so that benchmarks can time stanza apart from
    # quoteattr's own work.
    def prepare(self, text: str) -> Prepared:
        return prepare(text, self.lang, pretokenized=self.pretokenized)

    def run(self, prepared: Sequence[Prepared]) -> list[Any]:
        """stanza on a batch of articles, in one bulk call; None for an article with no sentences."""
        todo = [p for p in prepared if p.stanza_text.strip()]
        docs = self.nlp.bulk_process([self._document([], text=p.stanza_text) for p in todo]) if todo else []
        it = iter(docs)
        return [next(it) if p.stanza_text.strip() else None for p in prepared]

    def convert(self, p: Prepared, sdoc: Any) -> AnnotatedDoc:
        if sdoc is None:
            return AnnotatedDoc(p.text, (), (), p.seg.paragraphs, p.seg.marks.quotes, self.provides,
                                warnings=p.seg.marks.warnings)
        return convert(p.text, p.seg, sdoc, to_raw=p.to_raw, provides=self.provides)

    def annotate(self, text: str) -> AnnotatedDoc:
        return next(self.annotate_many([text]))

    def annotate_many(self, texts: Sequence[str], *, batch_size: int = 32) -> Iterator[AnnotatedDoc]:
        """Annotated documents for ``texts``, in order: one stanza bulk call per ``batch_size``."""
        batch_size = max(1, batch_size)
        for i in range(0, len(texts), batch_size):
            prepared = [self.prepare(t) for t in texts[i:i + batch_size]]
            for p, sdoc in zip(prepared, self.run(prepared)):
                yield self.convert(p, sdoc)
