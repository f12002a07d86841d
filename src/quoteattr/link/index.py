"""A persistent claim index in SQLite: add articles over time, query by text or speaker.

Each :meth:`ClaimIndex.add` links one article's quotations to everything stored before (the
same tiers, vetoes and average linkage as :class:`~quoteattr.link.corpus.Corpus`, stored claims
being fixed clusters that new quotations may join but that never merge with each other) and
writes the article in **one transaction**: a crash mid-add leaves the database as it was before
that add, and every add that returned is on disk (WAL journal, ``synchronous=FULL``).  Adding an
article whose ``doc_id`` and content are already stored changes nothing and returns the stored
record; the same ``doc_id`` with new content replaces the old version.

The add reads what is stored, links and writes inside that one ``BEGIN IMMEDIATE`` transaction,
reloading the speakers first when another connection has committed, so concurrent writers take
turns and lose nothing.  The file is marked with SQLite's ``application_id``
(:data:`APPLICATION_ID`); opening refuses, unchanged, a file that is not a claim index or is
damaged (``PRAGMA quick_check``).

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`)::

    meta(key TEXT PRIMARY KEY, value TEXT)            -- schema, embedding model and dimension
    articles(doc_id TEXT PRIMARY KEY,
             seq INTEGER UNIQUE,                       -- order of addition (first-seen fallback)
             content_hash TEXT,                        -- blake2b of the text (idempotent re-add)
             date TEXT, outlet TEXT,                   -- from the article's metadata
             record TEXT,                              -- the output contract line, ids set
             added_at TEXT)
    entities(entity_id TEXT PRIMARY KEY, name TEXT, type TEXT,
             kind TEXT,                                -- person | surname | org | local | anon
             key TEXT, tokens TEXT, first TEXT, middle TEXT, display TEXT,
             forms TEXT)                               -- JSON {written form: count}
    entity_mentions(entity_id, doc_id -> articles, mention, start, end, role)
    quotes(doc_id -> articles, idx, start, end, kind, text,
           norm TEXT,                                  -- the exact-tier key
           entity_id, known, speaker_name,
           day INTEGER, date TEXT, seq, outlet,        -- day: proleptic ordinal of the date
           claim_id TEXT,
           embedding BLOB,                             -- schema 1 only: float16 vector of the whole text
           PRIMARY KEY (doc_id, idx))
    units(doc_id, idx -> quotes, k,                    -- the claim units of each quotation
          start, end,                                  -- article offsets of unit k
          vector BLOB)                                 -- its vector, packed (link/packed.py), or NULL
    shingles(shingle INTEGER, doc_id, idx)             -- word 3-gram hash -> quote (partial tier)
    claims(claim_id TEXT PRIMARY KEY, representative TEXT, first_doc TEXT, first_idx INTEGER,
           first_date TEXT, n_members INTEGER, n_articles INTEGER)
    links(claim_id, a, b, type, score, via, doc_id -> articles)   -- a, b: "doc_id#idx"

Rows of an article cascade from ``articles`` (``ON DELETE CASCADE``).

Each quotation's claim units are stored with their vectors in a compact form (int8 components and
a scale, 388 bytes for MiniLM), so an add embeds only the new article's units: the stored ones
are read back, never embedded again, and score as they did when the corpus was linked at once.
An index of schema 1 (whole-text vectors) is upgraded on open: until its quotations have units,
their whole-text vectors find them as paraphrase candidates, and the first add that reads one
embeds its units and stores them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import inspect
import json
import logging
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import attrs

from quoteattr.errors import InputError, QuoteattrError
from quoteattr.io import dumps, result_from_dict
from quoteattr.link.claims import (Claim, Node, article_date, article_outlet, build_nodes, claim_units, make_claim,
                                   units_of)
from quoteattr.link.config import LinkConfig
from quoteattr.link.embed import Embedder, load_embedder
from quoteattr.link.graph import build_clusters, claim_id, claim_parts, cluster_nodes, score_all, unit_text
from quoteattr.link.normalize import analyse, fragments, shingles
from quoteattr.link.packed import pack, unpack_many
from quoteattr.link.records import ClaimCluster, ClaimLink, ClaimMember, SpeakerEntity, SpeakerMention
from quoteattr.link.speakers import SpeakerLinker, _Entity, apply_entities, fold, person_words
from quoteattr.model import Result

log = logging.getLogger("quoteattr")

SCHEMA_VERSION = 2
MAX_MEMBERS = 64  # stored members of one claim a new quotation is scored against
MAX_BLOCK = 2000  # stored quotations of one speaker (or time window) searched for paraphrases

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, content_hash TEXT NOT NULL,
    date TEXT, outlet TEXT, record TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    entity_id TEXT PRIMARY KEY, name TEXT, type TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    tokens TEXT NOT NULL, first TEXT, middle TEXT NOT NULL, display TEXT, forms TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity_id TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE,
    mention TEXT, start INTEGER, "end" INTEGER, role TEXT);
CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX IF NOT EXISTS entity_mentions_doc ON entity_mentions(doc_id);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    norm TEXT NOT NULL, entity_id TEXT, known INTEGER NOT NULL, speaker_name TEXT,
    day INTEGER, date TEXT, seq INTEGER NOT NULL, outlet TEXT, claim_id TEXT NOT NULL, embedding BLOB,
    PRIMARY KEY (doc_id, idx));
CREATE INDEX IF NOT EXISTS quotes_claim ON quotes(claim_id);
CREATE INDEX IF NOT EXISTS quotes_norm ON quotes(norm);
CREATE INDEX IF NOT EXISTS quotes_entity ON quotes(entity_id, day);
CREATE INDEX IF NOT EXISTS quotes_day ON quotes(day);
CREATE TABLE IF NOT EXISTS shingles (
    shingle INTEGER NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
    PRIMARY KEY (shingle, doc_id, idx),
    FOREIGN KEY (doc_id, idx) REFERENCES quotes(doc_id, idx) ON DELETE CASCADE) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS shingles_quote ON shingles(doc_id, idx);
CREATE TABLE IF NOT EXISTS units (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, k INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, vector BLOB,
    PRIMARY KEY (doc_id, idx, k),
    FOREIGN KEY (doc_id, idx) REFERENCES quotes(doc_id, idx) ON DELETE CASCADE) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims (
    claim_id TEXT PRIMARY KEY, representative TEXT NOT NULL, first_doc TEXT, first_idx INTEGER,
    first_date TEXT, n_members INTEGER NOT NULL, n_articles INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS links (
    claim_id TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, type TEXT NOT NULL, score REAL NOT NULL,
    via TEXT, doc_id TEXT NOT NULL REFERENCES articles(doc_id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS links_claim ON links(claim_id);
CREATE INDEX IF NOT EXISTS links_doc ON links(doc_id);
"""

_QUOTE_COLS = 'doc_id, idx, start, "end", kind, text, entity_id, known, speaker_name, day, date, seq, outlet, claim_id, embedding'


class ClaimIndexError(QuoteattrError):
    """A claim index that cannot be used as asked: not a claim index (not SQLite, another
    application's database), damaged, another schema, another embedding model."""


APPLICATION_ID = 0x71617474  # "qatt" in SQLite's header: this file is a quoteattr claim index
_RECOVER = ("restore it from a backup, or rebuild it from the articles with `quoteattr link ARTICLES --db NEW_FILE` "
            "(`sqlite3 FILE .recover` may save what is left)")


_DAMAGE = (sqlite3.DatabaseError, json.JSONDecodeError, InputError)  # what a damaged file raises when read


def _failure(path: str, doing: str, exc: Exception) -> ClaimIndexError:
    """A :class:`ClaimIndexError` for an SQLite error, saying whether to wait or to repair."""
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        return ClaimIndexError(f"{path}: {doing} failed ({exc}): another process is writing to the index; "
                               "try again, or open it with a longer timeout")
    return ClaimIndexError(f"{path}: {doing} failed ({exc}); the file may be damaged: {_RECOVER}")


def _reads(method):
    """For methods that read the file: what a damaged file raises becomes a :class:`ClaimIndexError`
    naming the file and what to do."""
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except _DAMAGE as exc:
                raise _failure(self.path, "reading the claim index", exc) from exc
        return generator

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _DAMAGE as exc:
            raise _failure(self.path, "reading the claim index", exc) from exc
    return wrapper


def _connect(path: str, timeout: float) -> sqlite3.Connection:
    """A connection to ``path`` after checking, without writing, that it can be SQLite at all."""
    p = Path(path)
    if p.is_dir():
        raise ClaimIndexError(f"{path}: a folder; give a file name for the claim index")
    try:
        with open(p, "rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        head = b""
    except OSError as exc:
        raise ClaimIndexError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if head and head != b"SQLite format 3\x00":
        raise ClaimIndexError(f"{path}: not a claim index (not even an SQLite file; its first bytes are "
                              f"{head[:8]!r}); it was left as it is. Give a new file name, or the path of an "
                              "index written by `quoteattr link --db`")
    db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    db.row_factory = sqlite3.Row
    return db


def _check_ours(db: sqlite3.Connection, path: str) -> bool:
    """Raise :class:`ClaimIndexError` unless the database is empty (returns True: a new index) or
    a claim index (returns False).  An index written before ``application_id`` was set is
    recognised by having exactly the claim index's tables and columns, and is then marked."""
    app = db.execute("PRAGMA application_id").fetchone()[0]
    tables = _columns(db)
    if app == APPLICATION_ID:
        return False
    if app == 0 and not tables:
        return True
    if app == 0 and tables in (_our_columns(), {t: c for t, c in _our_columns().items() if t != "units"}):
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        return False
    owner = f"application_id {app:#x}, " if app else ""
    listed = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
    raise ClaimIndexError(f"{path}: another application's SQLite database ({owner}tables {listed}), not a claim "
                          "index; it was left as it is. Give a new file name for the claim index")


def _columns(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: tuple(r[1] for r in db.execute(f"PRAGMA table_info({_quoted(t)})")) for t in names}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.lru_cache(maxsize=1)
def _our_columns() -> dict[str, tuple[str, ...]]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_SCHEMA)
        return _columns(db)
    finally:
        db.close()


@attrs.frozen
class Match:
    """A stored claim that a query states again: the best matching quotation and how it links."""

    claim_id: str
    type: str
    score: float
    member: ClaimMember
    first_seen: ClaimMember | None
    n_members: int
    representative: str


class ClaimIndex:
    """Claims and speakers of the articles added so far, in one SQLite file.

    ``paraphrase``/``model``/``embedder`` work as in :meth:`Corpus.link`; ``engine`` or
    ``pipeline`` extract articles given as text.  Use it as a context manager, or call
    :meth:`close`.

    Opening refuses, with :class:`ClaimIndexError` and without changing the file, anything that
    is not a claim index: a file that is not SQLite, a damaged one, another application's SQLite
    database.  With ``check`` (the default) it also runs SQLite's ``PRAGMA quick_check`` (see
    docs/benchmarks.md for its cost); :meth:`check` with ``full=True`` runs the full check.
    ``timeout`` is how long a writer waits for another process's add to finish.
    """

    def __init__(self, path: str | Path, *, paraphrase: bool | None = None, model: str | Path | None = None,
                 embedder: Embedder | None = None, config: LinkConfig | None = None, engine: str = "auto",
                 pipeline=None, timeout: float = 30.0, check: bool = True):
        self.path = str(path)
        self.config = config or LinkConfig()
        self._engine, self._pipeline = engine, pipeline
        if paraphrase is False:
            embedder = None
        elif embedder is None:
            embedder = load_embedder(model, required=bool(paraphrase))
        self.embedder = embedder
        self._db = _connect(self.path, timeout)
        try:
            fresh = _check_ours(self._db, self.path)  # before any pragma that would write to the file
            if check and not fresh:
                problems = self.check(full=False)
                if problems:
                    raise ClaimIndexError(f"{self.path}: the claim index is damaged ({'; '.join(problems[:3])}); "
                                          f"{_RECOVER}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._init_schema()
            self._speakers, self._seen = self._load_speakers(), self._data_version()
        except _DAMAGE as exc:
            self.close()
            raise _failure(self.path, "opening the claim index", exc) from exc
        except BaseException:
            self.close()
            raise

    # -- housekeeping --------------------------------------------------------------------------
    def __enter__(self) -> "ClaimIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __repr__(self) -> str:
        return f"ClaimIndex({self.path!r}, {len(self)} articles)"

    @_reads
    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    @_reads
    def __contains__(self, doc_id: object) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    @_reads
    def check(self, *, full: bool = True) -> list[str]:
        """What is wrong with the file (empty when it is sound): with ``full``, SQLite's ``PRAGMA
        integrity_check`` and foreign-key check, then every stored record read back against its
        quotation rows; else ``PRAGMA quick_check`` alone (what opening runs)."""
        rows = self._db.execute("PRAGMA integrity_check(20)" if full else "PRAGMA quick_check(20)").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        if full and not problems:
            problems = [f"row {r[1]} of {r[0]} refers to a missing {r[2]} row"
                        for r in self._db.execute("PRAGMA foreign_key_check").fetchmany(20)]
        if full and not problems:
            problems = self._check_records()
        return problems

    def _check_records(self, limit: int = 20) -> list[str]:
        """Damage SQLite cannot see (bytes changed inside a stored value): every article's record
        must read back as a result whose quotations are the rows of the quotes table."""
        problems: list[str] = []
        for row in self._db.execute("SELECT doc_id, CAST(record AS BLOB) FROM articles ORDER BY seq"):
            try:
                r = result_from_dict(json.loads(row[1].decode("utf-8")))
                stored = self._db.execute('SELECT start, "end", text FROM quotes WHERE doc_id = ? ORDER BY idx',
                                          (row[0],)).fetchall()
                if r.doc_id != row[0] or [(q.start, q.end, q.text) for q in r.quotes] != [tuple(x) for x in stored]:
                    problems.append(f"article {row[0]!r}: its record and its quotations disagree")
            except (ValueError, UnicodeDecodeError, InputError, sqlite3.DatabaseError) as exc:
                problems.append(f"article {row[0]!r}: the stored record does not read back ({exc})")
            if len(problems) >= limit:
                break
        return problems

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _init_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, 1, SCHEMA_VERSION):
            raise ClaimIndexError(f"{self.path}: claim index schema {version}, this quoteattr reads {SCHEMA_VERSION}; "
                              "rebuild the index with this version")
        if version != SCHEMA_VERSION:  # one transaction: the schema is there whole or not at all
            # a new index, or one of schema 1 (the units table is new in 2; the rest is unchanged)
            try:
                self._db.executescript(
                    "BEGIN IMMEDIATE;" + _SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};"
                    f"PRAGMA application_id = {APPLICATION_ID};"
                    f"INSERT OR REPLACE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        if self.embedder is not None:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'embedding_model'").fetchone()
            if row and row[0] != self.embedder.model_name:
                raise ClaimIndexError(
                    f"{self.path}: stored embeddings come from {row[0]!r}, not {self.embedder.model_name!r}; "
                    "open it with that model, or with paraphrase=False (CLI --no-paraphrase)")

    def _load_speakers(self) -> SpeakerLinker:
        linker = SpeakerLinker(self.config.lang)
        roles: dict[str, dict[str, set[str]]] = {}
        for r in self._db.execute("SELECT DISTINCT entity_id, role, doc_id FROM entity_mentions WHERE role IS NOT NULL"):
            roles.setdefault(r[0], {}).setdefault(r[1], set()).add(r[2])
        for r in self._db.execute("SELECT * FROM entities"):
            linker.restore(_Entity(r["entity_id"], r["type"], r["kind"], r["key"], tuple(json.loads(r["tokens"])),
                                   r["first"], tuple(json.loads(r["middle"])), r["display"],
                                   Counter(json.loads(r["forms"])), [], roles.get(r["entity_id"], {})))
        return linker

    # -- adding --------------------------------------------------------------------------------
    def add(self, article: Result | Mapping[str, Any] | tuple) -> Result:
        """Link one article to everything stored and store it; returns its result with
        ``claim_id`` and ``entity_id`` set.  Articles are :class:`Result` objects, records
        ``{"doc_id", "text", ...}`` or ``(doc_id, text[, metadata])`` tuples (extracted first)."""
        result = self._as_result(article)
        digest = _content_hash(result)
        # Everything from reading what is stored to writing the article happens in one write
        # transaction, so another process adding at the same time waits instead of having its
        # entities overwritten by a stale copy; what it added is read first (data_version moves
        # when another connection commits).
        try:
            self._db.execute("BEGIN IMMEDIATE")
            if self._data_version() != self._seen:
                self._speakers = self._load_speakers()
            row = self._db.execute("SELECT content_hash, record FROM articles WHERE doc_id = ?",
                                   (result.doc_id,)).fetchone()
            if row is not None and row["content_hash"] == digest:
                self._db.execute("COMMIT")
                return result_from_dict(json.loads(row["record"]), text=result.text)
            if row is not None:
                self._remove(result.doc_id)
            linked = self._add(result, digest)
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._speakers = self._load_speakers()
            if isinstance(exc, (sqlite3.DatabaseError, json.JSONDecodeError)):  # nothing of this add is stored
                raise _failure(self.path, f"adding {result.doc_id!r}", exc) from exc
            raise
        finally:
            self._seen = self._data_version()  # our own commits do not move it
        for e in self._speakers.entities.values():
            e.mentions.clear()
            e.dirty = False
        return linked

    def add_many(self, articles: Iterable[Any]) -> Iterator[Result]:
        """:meth:`add` each article in turn (one transaction each), yielding the linked results."""
        for a in articles:
            yield self.add(a)

    def _as_result(self, article: Any) -> Result:
        if isinstance(article, Result):
            return article
        if self._pipeline is None:
            from quoteattr.pipeline import Pipeline

            self._pipeline = Pipeline(self._engine, lang=self.config.lang)
        results = list(self._pipeline.stream([article], on_error="raise"))
        if not results:
            raise InputError(f"nothing extracted from {article!r:.80}")
        return results[0]

    def _remove(self, doc_id: str) -> None:
        claims = [r[0] for r in self._db.execute("SELECT DISTINCT claim_id FROM quotes WHERE doc_id = ?", (doc_id,))]
        self._db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
        prefix = f"{doc_id}#"
        self._db.execute("DELETE FROM links WHERE substr(a, 1, ?) = ? OR substr(b, 1, ?) = ?",
                         (len(prefix), prefix, len(prefix), prefix))
        for cid in claims:
            self._refresh_claim(cid)

    def _add(self, result: Result, digest: str) -> Result:
        cfg = self.config
        seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        ids = self._speakers.link([result])
        names = {e.id: e.name for e in self._speakers.entities.values() if e.type == "person"}
        result = apply_entities(result, ids, names)
        new_claims = [make_claim(result.doc_id, i, q, entity=ids.get((result.doc_id, i)),
                                 known=self._speakers.is_known(ids.get((result.doc_id, i))), order=seq,
                                 metadata=result.metadata, lang=cfg.lang) for i, q in enumerate(result.quotes)]
        new_nodes = build_nodes(new_claims, cfg)
        unit_vecs = self._embed_units(new_claims)  # claim key -> one row per unit (None without embedder)
        for n in new_nodes:
            n.vectors = unit_vecs.get(n.rep.key)
        stored = self._stored_candidates(new_nodes)
        nodes, groups, fixed, claim_of_group = self._local_graph(new_nodes, stored)
        n_new = len(new_nodes)
        pairs = self._local_pairs(nodes, n_new)
        scored = score_all(nodes, pairs, cfg)
        labels = cluster_nodes(nodes, scored, cfg, groups=groups, fixed=fixed)
        ids_of_label = {}
        for i, lab in enumerate(labels):
            if groups[i] in claim_of_group:
                ids_of_label[lab] = claim_of_group[groups[i]]
        clusters = build_clusters(nodes, labels, scored, ids=ids_of_label)
        for k, cl in enumerate(clusters):
            stored_member = any(m.doc_id != result.doc_id for m in cl.members)
            if not stored_member and self._db.execute(
                    "SELECT 1 FROM claims WHERE claim_id = ?", (cl.id,)).fetchone():
                # a replaced article's old claim still held by other articles keeps its id
                clusters[k] = attrs.evolve(cl, id=f"{cl.id}-{seq}")
        claim_of = {m.key: c.id for c in clusters for m in c.members}
        parts = claim_parts(nodes, labels, scored, claim_of)
        # write: the article, its entities, quotes, units, shingles, links, claims
        linked = attrs.evolve(result, quotes=tuple(
            attrs.evolve(q, claim_id=claim_of[f"{result.doc_id}#{i}"], claim_parts=parts.get(f"{result.doc_id}#{i}", ()))
            for i, q in enumerate(result.quotes)))
        date, outlet = article_date(result.metadata), article_outlet(result.metadata)
        self._db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", (
            result.doc_id, seq, digest, date.isoformat() if date else None, outlet, dumps(linked.to_dict()),
            _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")))
        self._write_entities()
        if unit_vecs:
            dim = next(iter(unit_vecs.values())).shape[1]
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('embedding_model', ?)", (self.embedder.model_name,))
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('embedding_dim', ?)", (str(dim),))
        for c in new_claims:
            self._db.execute(f"INSERT INTO quotes ({_QUOTE_COLS}, norm) VALUES ({', '.join('?' * 16)})", (
                c.doc_id, c.index, c.start, c.end, c.kind, c.text, c.entity, int(c.known), c.speaker_name,
                c.day, c.date, seq, c.outlet, claim_of[c.key], None, c.analysis.norm))
            vecs = unit_vecs.get(c.key)
            self._db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", [
                (c.doc_id, c.index, k, u.start, u.end, pack(vecs[k]) if vecs is not None else None)
                for k, u in enumerate(units_of(c))])
            self._db.executemany("INSERT OR IGNORE INTO shingles VALUES (?, ?, ?)",
                                 [(s, c.doc_id, c.index) for s in shingles(c.analysis, cfg.shingle_size)])
        touched = {}
        for cl in clusters:
            if any(m.doc_id == result.doc_id for m in cl.members):
                touched[cl.id] = cl
                for ln in cl.links:
                    if ln.a.startswith(result.doc_id + "#") or ln.b.startswith(result.doc_id + "#"):
                        self._db.execute("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)",
                                         (cl.id, ln.a, ln.b, ln.type, ln.score, ln.via, result.doc_id))
        for cid, cl in touched.items():
            self._refresh_claim(cid, representative=cl.representative)
        return linked

    def _write_entities(self) -> None:
        for e in self._speakers.dirty():
            self._db.execute("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                e.id, e.name, e.type, e.kind, e.key, json.dumps(list(e.tokens)), e.first, json.dumps(list(e.middle)),
                e.display, json.dumps(dict(e.forms), ensure_ascii=False)))
            self._db.executemany("INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?)",
                                 [(e.id, m.doc_id, m.text, m.start, m.end, m.role) for m in e.mentions])

    def _refresh_claim(self, cid: str, representative: str | None = None) -> None:
        rows = self._db.execute("SELECT doc_id, idx, date, day, seq, start, text FROM quotes WHERE claim_id = ?",
                                (cid,)).fetchall()
        if not rows:
            self._db.execute("DELETE FROM claims WHERE claim_id = ?", (cid,))
            self._db.execute("DELETE FROM links WHERE claim_id = ?", (cid,))
            return
        first = min(rows, key=lambda r: (r["day"] is None, r["day"] or 0, r["seq"], r["start"]))
        old = self._db.execute("SELECT representative FROM claims WHERE claim_id = ?", (cid,)).fetchone()
        rep = old[0] if old else (representative or " ".join(first["text"].split()))
        if old and not any(r["text"] and " ".join(r["text"].split()) == rep for r in rows):
            rep = representative or " ".join(first["text"].split())
        self._db.execute("INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?)", (
            cid, rep, first["doc_id"], first["idx"], first["date"], len(rows), len({r["doc_id"] for r in rows})))

    # -- candidates among stored quotations ----------------------------------------------------
    def _stored_candidates(self, nodes: Sequence[Node]) -> list[sqlite3.Row]:
        """Stored quotations worth scoring against the new ones (exact, shingles, speaker block,
        time window), then every (capped) member of the claims they belong to."""
        cfg = self.config
        keys: set[tuple[str, int]] = set()
        for n in nodes:
            a = n.analysis
            for x in n.analyses:
                if x.norm:
                    keys.update(self._db.execute("SELECT doc_id, idx FROM quotes WHERE norm = ? LIMIT ?",
                                                 (x.norm, MAX_MEMBERS)).fetchall())
            for sh in [shingles(x, cfg.shingle_size) for x in n.analyses] + [shingles(f, cfg.shingle_size) for f in n.fragments]:
                keys.update(self._shingle_hits(sh))
            if n.entities:
                keys.update(self._block_hits(n, n.vectors, list(n.entities)))
            if n.vectors is not None and not n.known and a.n_content >= cfg.paraphrase_min_content:
                keys.update(self._block_hits(n, n.vectors, None))
        if not keys:
            return []
        claims = {r[0] for r in self._rows_for(keys, "claim_id")}
        rows = []
        for cid in sorted(claims):
            rows.extend(self._db.execute(
                f"SELECT {_QUOTE_COLS} FROM quotes WHERE claim_id = ? ORDER BY seq DESC, idx LIMIT ?",
                (cid, MAX_MEMBERS)).fetchall())
        return rows

    def _rows_for(self, keys: Iterable[tuple[str, int]], cols: str) -> list[sqlite3.Row]:
        out = []
        for d, i in keys:
            out.extend(self._db.execute(f"SELECT {cols} FROM quotes WHERE doc_id = ? AND idx = ?", (d, i)).fetchall())
        return out

    def _shingle_hits(self, shingle_set: frozenset[int]) -> list[tuple[str, int]]:
        if not shingle_set:
            return []
        values = list(shingle_set)
        marks = ", ".join("?" * len(values))
        df = self._db.execute(f"SELECT shingle, COUNT(*) FROM shingles WHERE shingle IN ({marks}) GROUP BY shingle",
                              values).fetchall()
        rare = [s for n, s in sorted((n, s) for s, n in df) if n <= self.config.shingle_cap * 4][:self.config.shingle_queries]
        if not rare:
            return []
        return [tuple(r) for r in self._db.execute(
            f"SELECT doc_id, idx FROM shingles WHERE shingle IN ({', '.join('?' * len(rare))})", rare)]

    def _block_hits(self, node: Node, vecs, entities: list[str] | None) -> list[tuple[str, int]]:
        """Stored quotations of the node's speakers (or of anyone, for an unknown speaker) within
        the time window: short partials found verbatim, and the top-k by the best cosine of their
        units and the node's (``vecs``, one row per unit)."""
        import numpy as np

        cfg = self.config
        day = node.day
        where, args = [], []
        if entities:
            where.append(f"entity_id IN ({', '.join('?' * len(entities))})")
            args.extend(entities)
        if day is not None:
            where.append("(day IS NULL OR day BETWEEN ? AND ?)")
            args.extend([day - cfg.window_days, day + cfg.window_days])
        sql = f"SELECT doc_id, idx, norm, embedding FROM quotes {'WHERE ' + ' AND '.join(where) if where else ''} " \
              f"ORDER BY seq DESC LIMIT {MAX_BLOCK}"
        rows = self._db.execute(sql, args).fetchall()
        hits = []
        a = node.analysis
        for x in node.analyses:
            if entities and len(x.tokens) < cfg.shingle_size and x.n_content >= cfg.min_content_same:
                needle = f" {x.norm} "
                hits.extend((r[0], r[1]) for r in rows if needle in f" {r[2]} ")
        if vecs is not None and a.n_content >= cfg.paraphrase_min_content and rows:
            stored = {key: v for key, (_, v) in self._stored_units([(r[0], r[1]) for r in rows]).items() if v is not None}
            for r in rows:  # schema 1 kept one float16 vector of the whole text: it stands in until units are stored
                if (r[0], r[1]) not in stored and r[3] is not None:
                    stored[(r[0], r[1])] = np.frombuffer(r[3], dtype=np.float16).astype(np.float32)[None]
            keys = list(stored)
            if keys:
                best = np.array([float(np.max(stored[key] @ vecs.T)) for key in keys])
                top = np.argsort(-best, kind="stable")[:cfg.top_k]
                hits.extend(keys[t] for t in top if best[t] >= cfg.prefilter_cosine)
        return hits

    def _embed_units(self, claims: Sequence[Claim]) -> dict[str, Any]:
        """The unit vectors of each claim (key -> one row per unit), embedded in one batch;
        empty without an embedder."""
        if self.embedder is None or not claims:
            return {}
        texts = [unit_text(u) for c in claims for u in units_of(c)]
        matrix = self.embedder.encode(texts)
        out, at = {}, 0
        for c in claims:
            k = len(units_of(c))
            out[c.key] = matrix[at:at + k]
            at += k
        return out

    def _stored_units(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], tuple[list, Any]]:
        """The stored units of quotations: ``(doc_id, idx) -> ([(start, end), ...], vectors)``,
        vectors one row per unit, or None when any unit lacks one (an index of schema 1, or one
        written without an embedder); quotations without stored units are left out."""
        spans: dict[tuple[str, int], list] = {}
        blobs: dict[tuple[str, int], list] = {}
        for lo in range(0, len(keys), 400):
            chunk = keys[lo:lo + 400]
            where = " OR ".join("(doc_id = ? AND idx = ?)" for _ in chunk)
            args = [x for key in chunk for x in key]
            for r in self._db.execute(f'SELECT doc_id, idx, k, start, "end", vector FROM units WHERE {where} '
                                      "ORDER BY doc_id, idx, k", args):
                key = (r[0], r[1])
                spans.setdefault(key, []).append((r[3], r[4]))
                blobs.setdefault(key, []).append(r[5])
        out = {}
        for key, sp in spans.items():
            bl = blobs[key]
            out[key] = (sp, unpack_many(bl) if all(b is not None for b in bl) else None)
        return out

    def _local_graph(self, new_nodes: list[Node], stored: list[sqlite3.Row]):
        """New nodes first, then one node per stored claim and article, with the stored units
        and their vectors (embedded now only where none are stored)."""
        nodes = list(new_nodes)
        groups = list(range(len(nodes)))
        claim_of_group: dict[int, str] = {}
        group_of_claim: dict[str, int] = {}
        by_claim_doc: dict[tuple[str, str], list[sqlite3.Row]] = {}
        for r in stored:  # one node per claim and article: nested quotations weigh as one
            by_claim_doc.setdefault((r["claim_id"], r["doc_id"]), []).append(r)
        units = self._stored_units([(r["doc_id"], r["idx"]) for r in stored])
        missing = []
        for (cid, _doc), rows in sorted(by_claim_doc.items()):
            node = Node.of([_claim_from_row(r, self.config.lang, units.get((r["doc_id"], r["idx"])))
                            for r in rows])
            nodes.append(node)
            g = group_of_claim.setdefault(cid, len(nodes) - 1)
            claim_of_group[g] = cid
            groups.append(g)
            if self.embedder is not None:
                vecs = units.get((node.rep.doc_id, node.rep.index), (None, None))[1]
                if vecs is None:
                    missing.append(node)
                node.vectors = vecs
        if missing:  # stored without unit vectors (an upgraded index of schema 1): embedded once, and kept
            got = self._embed_units([n.rep for n in missing])
            for n in missing:
                n.vectors = got[n.rep.key]
                c = n.rep
                self._db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?)", [
                    (c.doc_id, c.index, k, u.start, u.end, pack(v)) for k, (u, v) in enumerate(zip(units_of(c), n.vectors))])
        return nodes, groups, sorted(claim_of_group), claim_of_group

    def _local_pairs(self, nodes: list[Node], n_new: int) -> dict[tuple[int, int], None]:
        """Every new node with every other (scoring reads their cosines from their unit vectors,
        as batch linking does for a lexical candidate)."""
        return {(i, j): None for i in range(n_new) for j in range(i + 1, len(nodes))}

    # -- reading -------------------------------------------------------------------------------
    @_reads
    def get(self, doc_id: str) -> Result | None:
        """The stored result of an article (without its text), or None."""
        row = self._db.execute("SELECT record FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return result_from_dict(json.loads(row[0])) if row else None

    @_reads
    def results(self) -> Iterator[Result]:
        """Every stored article's result, in the order added."""
        for row in self._db.execute("SELECT record FROM articles ORDER BY seq"):
            yield result_from_dict(json.loads(row[0]))

    @_reads
    def speaker_ids(self, speaker: str) -> list[str]:
        """Entity ids whose name matches ``speaker`` (full name, surname, or organisation name; a
        full name also finds an entity known only by its surname)."""
        words = [fold(w) for w in person_words(speaker)] or [fold(w) for w in speaker.split()]
        q = _fold_name(speaker)
        out = []
        for r in self._db.execute("SELECT entity_id, name, kind, tokens, forms FROM entities"):
            tokens = json.loads(r["tokens"])
            forms = [_fold_name(f) for f in json.loads(r["forms"])] + ([_fold_name(r["name"])] if r["name"] else [])
            if q in forms or (words and tokens and tokens[-len(words):] == words) or \
                    (words and len(words) == 1 and tokens and tokens[-1] == words[0]) or \
                    (tokens and len(tokens) < len(words) and words[-len(tokens):] == tokens):
                # a full name also finds the speaker stored by surname alone ("Sergei Lavrov" -> "Lavrov")
                out.append(r["entity_id"])
        return out

    @_reads
    def speakers(self, name: str | None = None) -> list[SpeakerEntity]:
        """Stored speaker entities (those matching ``name`` when given), most quoted first."""
        ids = self.speaker_ids(name) if name else [r[0] for r in self._db.execute("SELECT entity_id FROM entities")]
        out = []
        for eid in ids:
            e = self._db.execute("SELECT name, type FROM entities WHERE entity_id = ?", (eid,)).fetchone()
            ms = self._db.execute('SELECT doc_id, mention, start, "end", role FROM entity_mentions WHERE entity_id = ? '
                                  "ORDER BY doc_id, start", (eid,)).fetchall()
            if not ms:
                continue
            roles: dict[str, set[str]] = {}
            for m in ms:
                if m["role"]:
                    roles.setdefault(m["role"], set()).add(m["doc_id"])
            out.append(SpeakerEntity(eid, e["name"], e["type"],
                                     tuple(SpeakerMention(m["doc_id"], m["mention"], m["start"], m["end"], m["role"]) for m in ms),
                                     tuple(sorted((r, tuple(sorted(d))) for r, d in roles.items())),
                                     tuple(sorted({m["doc_id"] for m in ms}))))
        return sorted(out, key=lambda s: (-len(s.mentions), s.name or "", s.id))

    @_reads
    def claim(self, claim_id_: str) -> ClaimCluster:
        """A stored claim with its members, links and provenance."""
        row = self._db.execute("SELECT * FROM claims WHERE claim_id = ?", (claim_id_,)).fetchone()
        if row is None:
            raise KeyError(f"no claim {claim_id_!r} in {self.path}")
        members = [_member(r) for r in self._db.execute(
            f"SELECT {_QUOTE_COLS} FROM quotes WHERE claim_id = ? ORDER BY doc_id, start, idx", (claim_id_,))]
        links = tuple(ClaimLink(r["a"], r["b"], r["type"], r["score"], r["via"]) for r in self._db.execute(
            "SELECT * FROM links WHERE claim_id = ? ORDER BY a, b", (claim_id_,)))
        first = next((m for m in members if m.doc_id == row["first_doc"] and m.index == row["first_idx"]), None)
        order = sorted(members, key=lambda m: (m.date is None, m.date or "", m.doc_id))
        outlets = tuple(dict.fromkeys(m.outlet for m in order if m.outlet))
        speakers = tuple(dict.fromkeys(m.speaker for m in members if m.speaker))
        return ClaimCluster(claim_id_, tuple(members), links, row["representative"], first, outlets, speakers)

    @_reads
    def claims(self, *, speaker: str | None = None, text: str | None = None, limit: int | None = 20,
               min_members: int = 1) -> list[ClaimCluster]:
        """Stored claims, most repeated first; ``speaker`` keeps those a matching entity stated,
        ``text`` those that state it (see :meth:`similar`)."""
        if text:
            return [self.claim(m.claim_id) for m in self.similar(text, speaker=speaker, limit=limit)]
        args: list[Any] = []
        where = "WHERE n_members >= ?"
        args.append(min_members)
        if speaker:
            ids = self.speaker_ids(speaker)
            if not ids:
                return []
            where += f" AND claim_id IN (SELECT claim_id FROM quotes WHERE entity_id IN ({', '.join('?' * len(ids))}))"
            args.extend(ids)
        sql = f"SELECT claim_id FROM claims {where} ORDER BY n_members DESC, n_articles DESC, first_date, claim_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self.claim(r[0]) for r in self._db.execute(sql, args).fetchall()]

    @_reads
    def similar(self, text: str, *, speaker: str | None = None, limit: int | None = 10) -> list[Match]:
        """Stored claims that ``text`` states again (exact, partial or paraphrase links, with the
        same thresholds and vetoes as linking), best first; ``speaker`` restricts them to the
        claims of matching entities and lets shorter texts match, as a known speaker does."""
        ids = self.speaker_ids(speaker) if speaker else []
        if speaker and not ids:
            return []
        q = Claim("<query>", 0, 0, len(text), "direct", text, ids[0] if len(ids) == 1 else None, bool(ids), speaker,
                  None, None, 0, None, analyse(text, self.config.lang), ())
        node = Node([q], frozenset(ids), frozenset(ids), not ids, (q,))
        node.vectors = self._embed_units([q]).get(q.key)
        keys: set[tuple[str, int]] = set()
        if q.analysis.norm:
            keys.update(tuple(r) for r in self._db.execute("SELECT doc_id, idx FROM quotes WHERE norm = ?", (q.analysis.norm,)))
        keys.update(self._shingle_hits(shingles(q.analysis, self.config.shingle_size)))
        keys.update(self._block_hits(node, node.vectors, ids or None))
        if ids:
            keys.update(tuple(r) for r in self._db.execute(
                f"SELECT doc_id, idx FROM quotes WHERE entity_id IN ({', '.join('?' * len(ids))}) ORDER BY seq DESC LIMIT ?",
                (*ids, MAX_BLOCK)))
        best: dict[str, tuple[float, int, str, sqlite3.Row]] = {}
        from quoteattr.link.claims import score_pair

        # a query is the caller's own words: as short a text as a known speaker's may match
        query_cfg = attrs.evolve(self.config, min_content_unknown=self.config.min_content_same)

        tier = {"exact": 2, "partial": 1, "paraphrase": 0}
        rows = [r for r in self._rows_for(sorted(keys), _QUOTE_COLS) if not ids or r["entity_id"] in ids]
        units = self._stored_units([(r["doc_id"], r["idx"]) for r in rows])
        for r in rows:
            key = (r["doc_id"], r["idx"])
            other = Node.of([_claim_from_row(r, self.config.lang, units.get(key))])
            if node.vectors is not None:
                other.vectors = units.get(key, (None, None))[1]
                if other.vectors is None:
                    other.vectors = self._embed_units([other.rep])[other.rep.key]
            s = score_pair(node, other, query_cfg)
            if s.linked and (r["claim_id"] not in best or (s.score, tier[s.type]) > best[r["claim_id"]][:2]):
                best[r["claim_id"]] = (s.score, tier[s.type], s.type, r)
        out = []
        for cid, (score, _, type_, r) in best.items():
            row = self._db.execute("SELECT * FROM claims WHERE claim_id = ?", (cid,)).fetchone()
            first = self._db.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE doc_id = ? AND idx = ?",
                                     (row["first_doc"], row["first_idx"])).fetchone()
            out.append(Match(cid, type_, round(score, 4), _member(r), _member(first) if first else None,
                             row["n_members"], row["representative"]))
        out.sort(key=lambda m: (-m.score, m.claim_id))
        return out[:limit] if limit else out

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` (``"ok"`` for a sound file)."""
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]


def _fold_name(name: str) -> str:
    return " ".join(fold(w) for w in name.split())


def _content_hash(result: Result) -> str:
    if result.text is not None:
        payload = result.text
    else:
        payload = dumps({k: v for k, v in result.to_dict().items() if k not in ("engine",)})
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def _claim_from_row(r: sqlite3.Row, lang: str, stored=None) -> Claim:
    """A stored quotation as linking reads it, with its stored units (``(spans, vectors)`` of
    :meth:`ClaimIndex._stored_units`; split again when there are none)."""
    text, kind, start = r["text"], r["kind"], r["start"]
    frags = tuple(analyse(f, lang) for f in fragments(text)) if kind in ("indirect", "mixed") else ()
    whole = analyse(text, lang)
    units = claim_units(text, start, whole, lang, stored[0] if stored else None)
    return Claim(r["doc_id"], r["idx"], start, r["end"], kind, text, r["entity_id"], bool(r["known"]),
                 r["speaker_name"], r["day"], r["date"], r["seq"], r["outlet"], whole, frags, units)


def _member(r: sqlite3.Row) -> ClaimMember:
    return ClaimMember(r["doc_id"], r["idx"], r["start"], r["end"], r["kind"], r["text"], r["entity_id"],
                       r["speaker_name"], r["date"], r["outlet"])


__all__ = ["APPLICATION_ID", "ClaimIndex", "ClaimIndexError", "Match", "SCHEMA_VERSION", "claim_id"]
