"""GraphStore on a Neo4j server (5.26 LTS and 2025.x; no APOC, no GDS) through the official driver.

Model: every identifier is a `:Node {id}` (unique constraint), so edges may point at ids no source has
loaded yet (a UMLS CUI named by an HPO xref), exactly as in the embedded store; loaded concepts carry
`concept: true` and their properties. One label, not a second `:Concept` label, because servers with
single-typed vertices (ArcadeDB) cannot add a label to an existing node. Relationship types are
canonical predicates in upper case (validated against the closed vocabulary before they reach Cypher
text); everything else is a parameter. Releases are `:Release` nodes.

Writes run in managed write transactions (the driver retries transient errors). Traversals use the
shared algorithms in `kgrag.graph.traversal` over one Cypher query per frontier (per hop, not per node:
a Bolt round trip costs far more than the indexed lookup it carries), so both backends give the same
answers. Bulk scans page by key over the node id index, never with SKIP. Name search fetches candidates
with Cypher predicates over `norm_names` and ranks them with the same rules as the embedded store.
Candidates come from the server's full-text index over `names_text` when it has one (`FULLTEXT_INDEXES`),
else from a scan of concept nodes (the documented fallback: fine for HPO/DrugBank-sized graphs, slow for
all of UMLS).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graph_schema import PREDICATES, NodeKind, relationship_type
from graph_schema.neo4j_ddl import NEO4J_SCHEMA
from kgrag.errors import StoreError, UserError
from kgrag.graph.base import NameMode
from kgrag.graph.derived import BaseGraphStore
from kgrag.graph.evidence import decode_evidence, encode_evidence, merge_evidence
from kgrag.graph.names import exact_score, match_order, normalized_score, prefix_score
from kgrag.graph.rows import EdgeRow, check_predicates, relation_of
from kgrag.graph.traversal import FrontierFetcher
from kgrag.normalize import name_tokens, normalize_name
from kgrag.records import Concept, GraphStats, NameMatch, NameMatchType, Relation, Release

_TYPE_TO_PREDICATE = {relationship_type(name): name for name in PREDICATES}
_KINDS = {str(k): k for k in NodeKind}

_MERGE_CONCEPTS = """
UNWIND $rows AS r
MERGE (c:Node {id: r.id})
SET c.concept = true,
    c.name = CASE WHEN r.name <> '' THEN r.name ELSE coalesce(c.name, '') END,
    c.kind = CASE WHEN r.kind <> 'Concept' OR c.kind IS NULL THEN r.kind ELSE c.kind END,
    c.synonyms = coalesce(c.synonyms, []) + [s IN r.synonyms WHERE NOT s IN coalesce(c.synonyms, [])],
    c.semantic_types = coalesce(c.semantic_types, []) + [s IN r.semantic_types
                                                        WHERE NOT s IN coalesce(c.semantic_types, [])],
    c.sources = coalesce(c.sources, []) + [s IN r.sources WHERE NOT s IN coalesce(c.sources, [])],
    c.definition = CASE WHEN r.definition <> '' THEN r.definition ELSE coalesce(c.definition, '') END,
    c.norm_names = coalesce(c.norm_names, []) + [n IN r.norm_names WHERE NOT n IN coalesce(c.norm_names, [])],
    c.obsolete = r.obsolete
WITH c
SET c.names_text = reduce(text = '', n IN c.norm_names | text + ' ' + n)
"""

# Full-text indexes over `names_text` that name search uses when the server has one: the name graph_schema's
# DDL gives it on Neo4j, and the name ArcadeDB gives an index created with its own SQL
# (`CREATE PROPERTY Node.names_text STRING; CREATE INDEX ON Node (names_text) FULL_TEXT`).
FULLTEXT_INDEXES = ("concept_names", "Node[names_text]")

_CONCEPT_FIELDS = "c.id AS id, c.name AS name, c.kind AS kind, c.synonyms AS synonyms, " \
                  "c.semantic_types AS semantic_types, c.sources AS sources, c.definition AS definition, " \
                  "c.obsolete AS obsolete"

_EDGE_FIELDS = "s.id AS subject, type(e) AS type, o.id AS object, e.source AS source, e.negated AS negated, " \
               "e.source_release AS source_release, e.source_relation AS source_relation, e.evidence AS evidence"


# Nodes per page of `iter_relations`: their out-edges come in one page, ordered by the relation key.
RELATION_PAGE_NODES = 2_000


def _frontier_cypher(limit: int | None, max_rows: int | None, ordered: bool) -> str:
    """One query for the edges of a whole frontier: row (i, j) is the j-th of the n edges of the i-th node.

    The CALL subquery caps each node on its own (`LIMIT` inside), so a hub sends `limit` edges, not all of
    them, in the order its own MATCH finds them (the order of the per-node `_edges_of`). A node without
    edges still sends one row (j = 0, n = 0, no edge), so the client can check that the rows are a prefix
    of the (i, j) order. Unordered, a server that streams rows (ArcadeDB, measured; Neo4j's runtimes are
    lazy too) stops after `max_rows`; `ORDER BY i, j` makes it build every row first (ArcadeDB: 4x slower
    on a 57-node frontier), so it is used only where the server showed that it reorders. Only clauses
    vary, never values: ids, types and limits are parameters.
    """
    return ("UNWIND range(0, size($ids) - 1) AS i WITH i, $ids[i] AS id "
            "CALL (id) { MATCH (:Node {id: id})-[e]-(:Node) WHERE type(e) IN $types WITH DISTINCT e "
            + ("LIMIT $limit " if limit is not None else "")
            + "WITH collect(e) AS es UNWIND range(0, CASE size(es) WHEN 0 THEN 0 ELSE size(es) - 1 END) AS j "
            "RETURN j, size(es) AS n, es[j] AS e } "
            f"WITH i, j, n, e, startNode(e) AS s, endNode(e) AS o RETURN i, j, n, {_EDGE_FIELDS}"
            + (" ORDER BY i, j" if ordered else "")
            + (" LIMIT $max_rows" if max_rows is not None else ""))


def _frontier_lists(records: Sequence[Any], nodes: int, cut: bool) -> list[list[Relation]] | None:
    """The complete edge lists the rows of `_frontier_cypher` hold, in node order, or None when the rows
    are not a prefix of the (i, j) order (then a cut may have dropped rows of an earlier node).

    Without a cut every node's list is complete; after one, the last node read may be short and is left
    out, so the caller fetches it again.
    """
    lists: list[list[Relation]] = []
    expected = 0  # edges the last node started should have
    for record in records:
        i, j, n = record["i"], record["j"], record["n"]
        if j == 0 and i == len(lists) and (not lists or len(lists[-1]) == expected):
            lists.append([])
            expected = n
        elif not (i == len(lists) - 1 and j == len(lists[-1]) and n == expected):
            return None
        if n:
            lists[-1].append(_relation_from_record(record))
    if lists and len(lists[-1]) != expected:
        if not cut:
            return None
        lists.pop()
    return lists if cut or len(lists) == nodes else None


_RELATION_PAGE = f"""
MATCH (s:Node) WHERE s.id > $after
WITH s ORDER BY s.id LIMIT $nodes
OPTIONAL MATCH (s)-[e]->(o:Node) WHERE $types IS NULL OR type(e) IN $types
RETURN s.id AS node, {_EDGE_FIELDS} ORDER BY node, type, object, source, negated
"""


class GraphConnectionError(UserError):
    """The server cannot be reached or refuses us: one line naming the URI, never the password."""


def _concept_from_record(r: Any) -> Concept:
    return Concept(id=r["id"], name=r["name"] or "", kind=_KINDS.get(r["kind"], NodeKind.CONCEPT),
                   synonyms=tuple(r["synonyms"] or ()), semantic_types=tuple(r["semantic_types"] or ()),
                   sources=tuple(r["sources"] or ()), definition=r["definition"] or "",
                   obsolete=bool(r["obsolete"]))


def _relation_from_record(r: Any) -> Relation:
    evidence = decode_evidence(r["evidence"] or "{}")
    return Relation(subject=r["subject"], predicate=_TYPE_TO_PREDICATE[r["type"]], object=r["object"],
                    source=r["source"], source_release=r["source_release"] or "",
                    source_relation=r["source_relation"] or "", negated=bool(r["negated"]), evidence=evidence)


class Neo4jGraphStore(BaseGraphStore):
    """`GraphStore` on a Neo4j-compatible Bolt server. Connects on first use, not in the constructor."""

    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.uri = uri
        self.user = user
        self.database = database
        self._password = password
        self._driver: Any = None
        self._schema_ready = False
        self._fulltext: str | None | bool = False  # False: not probed yet; None: the server has none
        self._ordered_frontier = False  # True once the server returned frontier rows out of (i, j) order

    # -- connection -------------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._driver is not None:
            return self._driver
        import neo4j
        from neo4j import exceptions

        try:
            # fetch_size=-1: every read is materialized (`_run`), so one PULL for all records instead of one
            # round trip per 1,000 (a frontier hop or a page of relations sends more than that).
            driver = neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self._password), connection_timeout=10,
                                                fetch_size=-1)
            driver.verify_connectivity()  # fails fast, unlike managed transactions, which retry for 30 s
            with driver.session(database=self.database) as session:
                session.run("RETURN 1").consume()  # the database exists and we may read it
        except exceptions.AuthError:
            raise GraphConnectionError(f"Neo4j at {self.uri} rejected user {self.user!r}: wrong credentials") from None
        except (exceptions.ServiceUnavailable, OSError) as exc:
            raise GraphConnectionError(f"cannot reach Neo4j at {self.uri}: {type(exc).__name__}") from None
        except exceptions.ClientError as exc:
            raise GraphConnectionError(f"Neo4j at {self.uri}: database {self.database!r}: {exc.message}") from None
        except ValueError as exc:  # a malformed URI
            raise GraphConnectionError(f"bad Neo4j URI {self.uri!r}: {exc}") from None
        self._driver = driver
        return driver

    def _run(self, cypher: str, /, **params: Any) -> list[Any]:
        from neo4j import exceptions

        try:
            records, _, _ = self._connect().execute_query(cypher, params, database_=self.database)
        except exceptions.Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri}: {exc.code}: {exc.message}") from exc
        return list(records)

    def _ensure_schema(self) -> None:
        """Constraints and indexes from graph_schema, idempotent; optional ones may be unsupported."""
        if self._schema_ready:
            return
        for statement in NEO4J_SCHEMA:
            try:
                self._run(statement.cypher)
            except StoreError:
                if not statement.optional:
                    raise
        self._schema_ready = True

    # -- writes -----------------------------------------------------------------------------------

    def write_batch(self, concepts: Sequence[Concept], relations: Sequence[Relation],
                    edge_rows: Sequence[EdgeRow] = ()) -> None:
        check_predicates(relations, edge_rows)
        if edge_rows:  # Cypher takes maps: rows become relations (a Bolt round trip costs far more)
            relations = [*relations, *map(relation_of, edge_rows)]
        self._ensure_schema()
        concept_rows = [{"id": c.id, "name": c.name, "kind": str(c.kind), "synonyms": list(c.synonyms),
                         "semantic_types": list(c.semantic_types), "sources": list(c.sources),
                         "definition": c.definition, "obsolete": c.obsolete,
                         "norm_names": list(dict.fromkeys(n for n in map(normalize_name, (c.name, *c.synonyms)) if n))}
                        for c in concepts]
        by_type: dict[str, list[Relation]] = {}
        for relation in relations:
            by_type.setdefault(relationship_type(relation.predicate), []).append(relation)

        def work(tx: Any) -> None:
            if concept_rows:
                tx.run(_MERGE_CONCEPTS, rows=concept_rows).consume()
            for rel_type, group in by_type.items():
                keys = [{"s": r.subject, "o": r.object, "source": r.source, "negated": r.negated} for r in group]
                existing = {
                    (rec["s"], rec["o"], rec["source"], rec["negated"]): rec["evidence"]
                    for rec in tx.run(
                        f"UNWIND $keys AS k MATCH (:Node {{id: k.s}})-[e:{rel_type} {{source: k.source, "
                        "negated: k.negated}]->(:Node {id: k.o}) RETURN k.s AS s, k.o AS o, k.source AS source, "
                        "k.negated AS negated, e.evidence AS evidence", keys=keys)
                }
                rows = []
                for r in group:
                    evidence = encode_evidence(r.evidence)
                    previous = existing.get((r.subject, r.object, r.source, r.negated))
                    merged = merge_evidence(previous, evidence) if previous else evidence
                    existing[(r.subject, r.object, r.source, r.negated)] = merged
                    rows.append({"s": r.subject, "o": r.object, "source": r.source, "negated": r.negated,
                                 "props": {"source_release": r.source_release, "source_relation": r.source_relation,
                                           "evidence": merged}})
                tx.run(
                    f"UNWIND $rows AS r MERGE (s:Node {{id: r.s}}) MERGE (o:Node {{id: r.o}}) "
                    f"MERGE (s)-[e:{rel_type} {{source: r.source, negated: r.negated}}]->(o) SET e += r.props",
                    rows=rows).consume()

        from neo4j import exceptions

        try:
            with self._connect().session(database=self.database) as session:
                session.execute_write(work)
        except exceptions.Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri}: {exc.code}: {exc.message}") from exc

    def record_release(self, release: Release) -> None:
        self._ensure_schema()
        self._run("MERGE (r:Release {source: $source, version: $version, file: $file}) "
                  "SET r.checksum = $checksum, r.loaded_at = $loaded_at, r.counts = $counts",
                  source=release.source, version=release.version, file=release.file, checksum=release.checksum,
                  loaded_at=release.loaded_at, counts=json.dumps(dict(release.counts), sort_keys=True))

    # -- reads ------------------------------------------------------------------------------------

    def get(self, concept_id: str) -> Concept | None:
        found = self.get_many([concept_id])
        return found.get(concept_id)

    def get_many(self, concept_ids: Iterable[str]) -> dict[str, Concept]:
        ids = list(dict.fromkeys(concept_ids))
        if not ids:
            return {}
        records = self._run(
            f"UNWIND $ids AS id MATCH (c:Node {{id: id}}) WHERE c.concept = true RETURN {_CONCEPT_FIELDS}", ids=ids)
        found = {r["id"]: _concept_from_record(r) for r in records}
        return {i: found[i] for i in ids if i in found}

    @property
    def fulltext_index(self) -> str | None:
        """The full-text index name search uses, or None when the server has none (then it scans)."""
        if self._fulltext is False:
            self._fulltext = None
            for name in FULLTEXT_INDEXES:
                try:
                    self._run("CALL db.index.fulltext.queryNodes($index, 'x') YIELD node RETURN count(node) AS n",
                              index=name)
                except StoreError:
                    continue
                self._fulltext = name
                break
        return self._fulltext if isinstance(self._fulltext, str) else None

    def find_by_name(
        self, text: str, *, mode: NameMode = "auto", kinds: Sequence[str] | None = None, limit: int = 10
    ) -> list[NameMatch]:
        norm = normalize_name(text)
        tokens = name_tokens(text)
        if not norm or limit <= 0:
            return []
        kind_list = list(kinds) if kinds else None
        index = self.fulltext_index
        if index is not None:
            # Tokens are word characters only (normalized), so no Lucene operator can be injected.
            query = " AND ".join(tokens[:-1] + [tokens[-1] + "*"])
            records = self._run(
                "CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS c, score "
                "WHERE c.concept = true AND c.obsolete = false AND ($kinds IS NULL OR c.kind IN $kinds) "
                f"RETURN {_CONCEPT_FIELDS} LIMIT 500", index=index, query=query, kinds=kind_list)
        else:  # documented fallback: scan concept nodes for the first token
            records = self._run(
                "MATCH (c:Node) WHERE c.concept = true AND c.obsolete = false AND ($kinds IS NULL OR c.kind IN $kinds) "
                f"AND any(n IN c.norm_names WHERE n CONTAINS $first) RETURN {_CONCEPT_FIELDS} LIMIT 5000",
                kinds=kind_list, first=tokens[0])
        matches: list[NameMatch] = []
        for record in records:
            concept = _concept_from_record(record)
            best = _best_label(text, norm, tokens, [concept.name, *concept.synonyms], mode)
            if best is not None:
                matches.append(NameMatch(concept, best[0], best[1], best[2]))
        matches.sort(key=match_order)
        return matches[:limit]

    def _edges_of(self, node: str, predicates: Sequence[str], limit: int | None) -> list[Relation]:
        types = [relationship_type(p) for p in predicates]
        records = self._run(
            f"MATCH (n:Node {{id: $id}})-[e]-(m:Node) WHERE type(e) IN $types "
            f"WITH e, startNode(e) AS s, endNode(e) AS o RETURN DISTINCT {_EDGE_FIELDS} "
            + ("LIMIT $limit" if limit is not None else ""),
            id=node, types=types, limit=limit,
        )
        return [_relation_from_record(r) for r in records]

    def _frontier_edges(self, predicates: Sequence[str]) -> FrontierFetcher:
        """The `FrontierFetcher` of this server over `predicates`: one Cypher round trip per frontier.

        A query stops after the rows the caller expects to read (`max_rows`); the nodes it did not finish are
        fetched by the next page only if the caller reads on (see `hop_row_budget`).
        """
        types = [relationship_type(p) for p in predicates]

        def fetch(nodes: Sequence[str], limit: int | None, max_rows: int | None, /) -> Iterator[list[Relation]]:
            ids = list(nodes)
            rows = max_rows
            done = 0
            while done < len(ids):
                lists = self._frontier_query(ids[done:], types, limit, rows)
                yield from lists
                done += len(lists)
                if rows is not None and not lists:
                    rows *= 2  # the next node alone has more edges than a page: grow until it fits

        return fetch

    def _frontier_query(self, ids: list[str], types: list[str], limit: int | None,
                        rows: int | None) -> list[list[Relation]]:
        """The complete edge lists of the first of `ids` that one query (at most `rows` rows) returns."""
        for ordered in (self._ordered_frontier, True):
            records = self._run(_frontier_cypher(limit, rows, ordered), ids=ids, types=types, limit=limit,
                                max_rows=rows)
            lists = _frontier_lists(records, len(ids), cut=rows is not None and len(records) >= rows)
            if lists is not None:
                return lists
            self._ordered_frontier = True  # this server reorders rows: ask it to sort from now on
        raise StoreError(f"Neo4j at {self.uri}: frontier rows out of order despite ORDER BY")

    def relations_between(self, a: str, b: str) -> list[Relation]:
        records = self._run(
            f"UNWIND $left AS l MATCH (x:Node {{id: l}})-[e]-(y:Node) WHERE y.id IN $right "
            f"WITH DISTINCT e, startNode(e) AS s, endNode(e) AS o RETURN {_EDGE_FIELDS}",
            left=sorted(self.equivalents(a)), right=sorted(self.equivalents(b)),
        )
        found = {r.key: r for r in map(_relation_from_record, records)}
        return list(found.values())

    def stats(self) -> GraphStats:
        nodes = self._run("MATCH (c:Node) WHERE c.concept = true RETURN count(c) AS n")[0]["n"]
        edges = self._run("MATCH (:Node)-[e]->(:Node) RETURN count(e) AS n")[0]["n"]
        by_kind = {r["kind"]: r["n"] for r in self._run(
            "MATCH (c:Node) WHERE c.concept = true RETURN c.kind AS kind, count(c) AS n")}
        by_type = {r["t"]: r["n"] for r in self._run("MATCH (:Node)-[e]->(:Node) RETURN type(e) AS t, count(e) AS n")}
        return GraphStats(nodes=nodes, edges=edges, by_kind=dict(sorted(by_kind.items())),
                          by_predicate={_TYPE_TO_PREDICATE[t]: n for t, n in sorted(by_type.items())},
                          releases=tuple(self.releases()))

    def releases(self) -> list[Release]:
        records = self._run("MATCH (r:Release) RETURN r.source AS source, r.version AS version, r.file AS file, "
                            "r.checksum AS checksum, r.loaded_at AS loaded_at, r.counts AS counts")
        releases = [Release(source=r["source"], version=r["version"], file=r["file"], checksum=r["checksum"],
                            loaded_at=r["loaded_at"], counts=json.loads(r["counts"] or "{}")) for r in records]
        return sorted(releases, key=lambda r: (r.source, r.file))

    def iter_concepts(self) -> Iterator[Concept]:
        last = ""
        while True:
            records = self._run(f"MATCH (c:Node) WHERE c.concept = true AND c.id > $last RETURN {_CONCEPT_FIELDS} "
                                "ORDER BY c.id LIMIT 10000", last=last)
            if not records:
                return
            yield from map(_concept_from_record, records)
            last = records[-1]["id"]

    def iter_relations(self, predicates: Sequence[str] | None = None, *,
                       page_nodes: int = RELATION_PAGE_NODES) -> Iterator[Relation]:
        """Every relation in key order, a page of subject nodes at a time.

        Pages by key, not SKIP: each page starts past the last subject read, through the node id index.
        On Neo4j the range index hands the ids over in order, so a page costs the same at the end of a large
        graph as at its start; ArcadeDB sorts the ids left, which is still far cheaper than SKIP, which sorts
        every relation again for each page (HPO on ArcadeDB: 0.1-0.6 s a page, against 5.8 s for SKIP's first page
        and a server failure after 40 s on its last; benchmarks/bench_neo4j.py).
        """
        types = None if predicates is None else [relationship_type(p) for p in dict.fromkeys(predicates)]
        if types == []:
            return
        after = ""
        while True:
            records = self._run(_RELATION_PAGE, after=after, nodes=page_nodes, types=types)
            # A subject without (matching) out-edges comes as one row without a relation.
            yield from (_relation_from_record(r) for r in records if r["type"] is not None)
            if len({r["node"] for r in records}) < page_nodes:
                return  # a short page is the last
            after = records[-1]["node"]

    # -- integrity ------------------------------------------------------------------------------

    def _count_and_sample(self, match: str, limit: int, **params: Any) -> tuple[int, list[Relation]]:
        count = self._run(f"{match} RETURN count(e) AS n", **params)[0]["n"]
        records = self._run(f"{match} RETURN {_EDGE_FIELDS} ORDER BY subject, type, object LIMIT $limit",
                            limit=limit, **params)
        return count, [_relation_from_record(r) for r in records]

    def dangling_edges(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        # An id no source loaded is a `:Node` without `concept: true` (see the module docstring).
        return self._count_and_sample(
            "MATCH (s:Node)-[e]->(o:Node) WHERE type(e) <> $identity "
            "AND (coalesce(s.concept, false) = false OR coalesce(o.concept, false) = false)",
            limit, identity=relationship_type("same_as"))

    def dangling_identities(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        return self._count_and_sample(
            "MATCH (s:Node)-[e]->(o:Node) WHERE type(e) = $identity AND coalesce(s.concept, false) = false",
            limit, identity=relationship_type("same_as"))

    def duplicate_edges(self, *, limit: int = 5) -> tuple[int, list[Relation]]:
        # MERGE does not lock a relationship pattern: two writers merging the same edge at once can both create it.
        groups = self._run(
            "MATCH (s:Node)-[e]->(o:Node) WITH s.id AS subject, type(e) AS type, o.id AS object, e.source AS source, "
            "e.negated AS negated, count(e) AS n WHERE n > 1 "
            "RETURN subject, type, object, source, negated, n ORDER BY subject, type, object")
        sample = [Relation(subject=g["subject"], predicate=_TYPE_TO_PREDICATE[g["type"]], object=g["object"],
                           source=g["source"], negated=bool(g["negated"])) for g in groups[:limit]]
        return sum(g["n"] - 1 for g in groups), sample

    def edge_releases(self) -> dict[tuple[str, str], int]:
        records = self._run("MATCH (:Node)-[e]->(:Node) RETURN e.source AS source, e.source_release AS release, "
                            "count(e) AS n")
        found: dict[tuple[str, str], int] = {}
        for r in records:
            key = (r["source"], r["release"] or "")
            found[key] = found.get(key, 0) + r["n"]
        return found

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None


def _best_label(text: str, norm: str, tokens: list[str], labels: list[str],
                mode: NameMode) -> tuple[str, NameMatchType, float] | None:
    """The best-scoring label of one concept, with the embedded store's scores for each match type."""
    best: tuple[str, NameMatchType, float] | None = None
    stripped = text.strip()
    for i, label in enumerate(labels):
        preferred = i == 0
        label_norm = normalize_name(label)
        candidate: tuple[str, NameMatchType, float] | None = None
        if label_norm == norm and mode in ("auto", "exact", "normalized"):
            if label == stripped:
                candidate = (label, "exact", exact_score(preferred))
            elif mode != "exact":
                candidate = (label, "normalized", normalized_score(preferred))
        elif label_norm.startswith(norm) and mode in ("auto", "prefix"):
            candidate = (label, "prefix", prefix_score(norm, label_norm, preferred))
        elif mode in ("auto", "fulltext"):
            words = label_norm.split()
            if all(any(w == t or (j == len(tokens) - 1 and w.startswith(t)) for w in words)
                   for j, t in enumerate(tokens)):
                coverage = len(tokens) / max(len(words), 1)
                candidate = (label, "fulltext", round(0.7 * coverage / (1 + coverage) + (0.02 if preferred else 0), 4))
        if mode == "prefix" and label_norm == norm:
            candidate = (label, "prefix", prefix_score(norm, label_norm, preferred))
        if candidate is not None and (best is None or candidate[2] > best[2]):
            best = candidate
    return best
