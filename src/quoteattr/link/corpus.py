"""A corpus of articles linked at once: speakers across articles, claims in clusters.

>>> corpus = Corpus.from_paths(["examples/articles/"])          # doctest: +SKIP
>>> linked = corpus.link()                                       # doctest: +SKIP
>>> linked.claims[0].representative, linked.speakers[0].name     # doctest: +SKIP
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any, Iterable, Sequence

import attrs

from quoteattr.errors import InputError
from quoteattr.inputs import iter_articles
from quoteattr.io import read_text, write_jsonl
from quoteattr.link.claims import Claim, Node, build_nodes, make_claim
from quoteattr.link.config import LinkConfig
from quoteattr.link.embed import Embedder, load_embedder
from quoteattr.link.graph import build_clusters, candidates, claim_parts, cluster_nodes, link_context, node_vectors, score_all
from quoteattr.link.records import ClaimCluster, SpeakerEntity
from quoteattr.link.speakers import SpeakerLinker, apply_entities, speaker_name
from quoteattr.model import Result

log = logging.getLogger("quoteattr")


@attrs.frozen
class Linked:
    """The outcome of :meth:`Corpus.link`.

    ``results`` are the articles' results with every quote's ``claim_id`` and every resolvable
    speaker's ``entity_id`` set; ``speakers`` the entities across articles; ``claims`` every claim
    cluster (singletons included, so every ``claim_id`` resolves), largest first.
    """

    results: tuple[Result, ...]
    speakers: tuple[SpeakerEntity, ...]
    claims: tuple[ClaimCluster, ...]
    paraphrase: bool = False
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        repeated = sum(1 for c in self.claims if len(c) > 1)
        return (f"Linked({len(self.results)} articles, {len(self.speakers)} speakers, {len(self.claims)} claims, "
                f"{repeated} linked across quotations, paraphrase={'on' if self.paraphrase else 'off'})")

    def claim(self, claim_id: str) -> ClaimCluster:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim {claim_id!r} in this corpus")

    def speaker(self, entity_id: str) -> SpeakerEntity:
        for s in self.speakers:
            if s.id == entity_id:
                return s
        raise KeyError(f"no speaker entity {entity_id!r} in this corpus")

    def repeated(self, min_size: int = 2) -> tuple[ClaimCluster, ...]:
        """Claims stated by at least ``min_size`` quotations."""
        return tuple(c for c in self.claims if len(c) >= min_size)

    def to_jsonl(self, fp: IO[str], *, include_text: bool = False) -> int:
        """The output contract, one line per article, ``claim_id``/``entity_id`` set."""
        return write_jsonl(self.results, fp, include_text=include_text)

    def to_pandas(self):
        """One row per quotation with its claim id, as a pandas DataFrame (the ``notebook`` extra)."""
        from quoteattr.frames import results_to_pandas

        return results_to_pandas(self.results)


class Corpus:
    """Articles to link: extraction results, or texts that are extracted on the way in."""

    def __init__(self, results: Iterable[Result], *, lang: str = "en"):
        self.results: tuple[Result, ...] = tuple(results)
        self.lang = lang
        seen = set()
        for r in self.results:
            if r.doc_id in seen:
                raise ValueError(f"doc_id {r.doc_id!r} occurs twice in the corpus; doc ids must be unique")
            seen.add(r.doc_id)

    def __len__(self) -> int:
        return len(self.results)

    def __repr__(self) -> str:
        return f"Corpus({len(self.results)} articles, {sum(len(r.quotes) for r in self.results)} quotations)"

    @classmethod
    def from_results(cls, results: Iterable[Result], *, lang: str = "en") -> "Corpus":
        """A corpus of results already extracted (e.g. read back with :func:`quoteattr.io.read_results`)."""
        return cls(results, lang=lang)

    @classmethod
    def from_records(cls, records: Iterable[Any], *, engine: str = "auto", pipeline=None,
                     on_error: str = "warn", errors: list | None = None, lang: str = "en") -> "Corpus":
        """Extract then hold: items are ``(doc_id, text[, metadata])`` tuples or records
        ``{"doc_id"|"id", "text", ...}`` (other fields become metadata: ``date``, ``outlet``...)."""
        from quoteattr.pipeline import Pipeline

        nlp = pipeline or Pipeline(engine, lang=lang)
        return cls(nlp.pipe(records, on_error=on_error, errors=errors), lang=lang)  # with a progress bar

    @classmethod
    def from_paths(cls, paths: str | Path | Iterable[str | Path], *, engine: str = "auto", pipeline=None,
                   on_error: str = "warn", errors: list | None = None, lang: str = "en") -> "Corpus":
        """Extract the ``*.txt`` articles of files and folders (doc id: the file name without .txt,
        or the path relative to the folder given, unique across the corpus)."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        errors = errors if errors is not None else []

        def records():
            for p, doc_id in iter_articles(paths):
                try:
                    yield {"doc_id": doc_id, "text": read_text(p), "path": str(p)}
                except InputError as exc:  # one unreadable file never loses the others
                    if on_error == "raise":
                        raise
                    errors.append((str(p), str(exc)))
                    if on_error == "warn":
                        log.warning("skipped %s: %s", p, exc)

        return cls.from_records(records(), engine=engine, pipeline=pipeline, on_error=on_error, errors=errors,
                                lang=lang)

    def link(self, *, paraphrase: bool | None = None, model: str | Path | None = None,
             embedder: Embedder | None = None, config: LinkConfig | None = None,
             progress: bool | None = False) -> Linked:
        """Link speakers and claims across all articles.

        ``paraphrase``: None (default) uses the paraphrase tier when sentence-transformers is
        installed and says so in a log line when it is not; True requires it; False turns it off.
        ``model`` names the sentence-transformers model (name or path; default all-MiniLM-L6-v2 as
        packaged offline; under ONNX Runtime with int8 weights once ``quoteattr export-embedder`` has
        run); ``embedder`` passes one already loaded (its cache is reused).  ``progress``: the stages
        and the embedding on a progress bar (None: on a terminal or in Jupyter).
        """
        config = config or LinkConfig(lang=self.lang)
        notes = []
        if paraphrase is False:
            embedder = None
        elif embedder is None:
            embedder = load_embedder(model, required=bool(paraphrase))
            if embedder is None:
                notes.append("paraphrase linking is off: sentence-transformers is not installed")
        return link_results(self.results, config=config, embedder=embedder, notes=notes, progress=progress)


def link_results(results: Sequence[Result], *, config: LinkConfig, embedder=None,
                 notes: Sequence[str] = (), timings: dict[str, float] | None = None, model=None,
                 progress: bool | None = False) -> Linked:
    """The whole linking pass over extracted results (what :meth:`Corpus.link` runs).

    ``timings``, when given, receives the seconds spent per stage (speakers, claims, embed,
    candidates, score, cluster, output): the benchmark reads them.  ``model`` is the
    :class:`~quoteattr.link.signals.LinkModel` (default: the shipped weights).
    """
    with _no_gc():
        return _link(results, config, embedder, notes, timings, model, progress)


class _no_gc:
    """Python's cycle collector paused while a corpus links: linking makes millions of small
    objects that live until it ends and form no cycles, and each full collection would walk all
    of them again (a third of the time at a million quotations)."""

    def __enter__(self):
        import gc

        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        import gc

        if self._was:
            gc.enable()


def _link(results, config, embedder, notes, timings, model, progress) -> Linked:
    clock = _Clock(timings, progress)
    ids, names, entities, nodes = _prepare(results, config, clock)
    vectors = node_vectors(nodes, embedder, progress=progress)
    clock("embed")
    pairs = candidates(nodes, config, vectors)
    clock("candidates")
    scored = score_all(nodes, pairs, config, link_context(nodes, model))
    del pairs, vectors
    for n in nodes:
        n.vectors = None  # the embeddings go before the clusters are made
    clock("score")
    labels = cluster_nodes(nodes, scored, config)
    clock("cluster")
    clusters = build_clusters(nodes, labels, scored)
    claim_of = {m.key: c.id for c in clusters for m in c.members}
    parts = claim_parts(nodes, labels, scored, claim_of)
    del nodes, scored, labels  # the claims' analyses go before the output is made
    linked_results = []
    for r in results:
        r = apply_entities(r, ids, names)
        quotes = tuple(attrs.evolve(q, claim_id=claim_of.get(f"{r.doc_id}#{i}"), claim_parts=parts.get(f"{r.doc_id}#{i}", ()))
                       for i, q in enumerate(r.quotes))
        linked_results.append(attrs.evolve(r, quotes=quotes))
    clusters.sort(key=lambda c: (-len(c), c.first_seen.date or "", c.id))
    clock("output")
    clock.close()
    return Linked(tuple(linked_results), tuple(entities.values()), tuple(clusters),
                  paraphrase=embedder is not None, notes=tuple(notes))


def prepare_nodes(results: Sequence[Result], config: LinkConfig, clock=None
                  ) -> tuple[list[Result], dict[str, SpeakerEntity], list[Node]]:
    """Speaker entities across the articles, then the claims of every quotation grouped into nodes.

    Returns the results with ``entity_id`` set, the entities by id, and the nodes.
    """
    ids, names, entities, nodes = _prepare(results, config, clock)
    return [apply_entities(r, ids, names) for r in results], entities, nodes


def _prepare(results: Sequence[Result], config: LinkConfig, clock=None):
    """:func:`prepare_nodes` without making the linked copies of the results (the output stage
    makes them, once): the entity of each quotation, the people's names, the entities, the nodes."""
    speakers = SpeakerLinker(config.lang)
    ids = speakers.link(results)
    entities = {e.id: e for e in speakers.records()}
    names = {eid: e.name for eid, e in entities.items() if e.type == "person"}
    if clock:
        clock("speakers")
    claims: list[Claim] = []
    for order, r in enumerate(results):
        for i, q in enumerate(r.quotes):
            eid = ids.get((r.doc_id, i))
            sp = q.speaker
            if sp is not None and (name := speaker_name(sp, eid, names)) != sp.name:
                q = attrs.evolve(q, speaker=attrs.evolve(sp, name=name))  # as apply_entities names it
            claims.append(make_claim(r.doc_id, i, q, entity=eid, known=speakers.is_known(eid),
                                     order=order, metadata=r.metadata, lang=config.lang))
    nodes = build_nodes(claims, config)
    if clock:
        clock("claims")
    return ids, names, entities, nodes


STAGES = ("speakers", "claims", "embed", "candidates", "score", "cluster", "output")


class _Clock:
    """Accumulates the seconds since the previous call under a stage name (into ``out`` when
    given) and shows the stages done on a progress bar (when ``progress`` asks for one)."""

    def __init__(self, out: dict[str, float] | None, progress: bool | None = False):
        import time

        from quoteattr.progress import progress_bar

        self._out, self._time = out, time.perf_counter
        self._last = self._time()
        self._bar = progress_bar(progress, total=len(STAGES), desc="linking", unit="stage")

    def __call__(self, stage: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(stage, refresh=False)
            self._bar.update(1)
        if self._out is None:
            return
        now = self._time()
        self._out[stage] = self._out.get(stage, 0.0) + now - self._last
        self._last = now

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
