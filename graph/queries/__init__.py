"""Every read query of the product, one module per resource. Import the package, not the modules
(``from graph import queries; queries.projects(driver, city="青岛")``): it re-exports each module's
function under the module's own name, so ``queries.projects`` is the function, not the module.

Each function takes a :class:`neo4j.Driver` and typed arguments and returns typed rows
(:mod:`graph.rows`). User values are always query parameters; the only things ever put into query
text are members of closed enums (labels, relationship types) and validated small integers (hop
bounds, which Cypher cannot take as parameters), chosen from prepared variants.

Conventions shared by the queries:

- a ``region`` filter includes its sub-regions: ``(r)-[:PART_OF*0..]->(filter)``;
- a ``chain`` filter includes its sub-chains in any document: ``(c)-[:SUBCHAIN_OF*0..]->(filter)``;
- names are resolved first (:mod:`~graph.queries.resolve`), through ``keys`` (see
  docs/graph-model.md), so every query filters on ids;
- evidence is the sentences listed on the justifying relationships (``r.sentences``), falling back to
  the sentences that mention the item when no relationship justifies it
  (:mod:`~graph.queries.fragments`).

Layout: :mod:`.fragments` (shared Cypher), :mod:`.records` (running a query, mapping its records),
:mod:`.resolve` (names → ids), :mod:`.matching` (free-text matching in Python), then the resources.
The query strings are exported too: /ask reports the Cypher behind each answer.
"""

from graph.queries.agencies import AGENCY, AGENCY_TASKS, agency_detail
from graph.queries.chains import CHAIN_DETAIL, CHAINS, CHAINS_OF_REGION, chain_detail, chains
from graph.queries.documents import DOCUMENTS, HEALTH, count_documents, document, documents
from graph.queries.duplicates import DOC_PROJECT_NAMES, near_duplicate, near_duplicate_projects
from graph.queries.fragments import FACT_RELS
from graph.queries.gap_statements import GAP_CARRIERS, GAP_DESIGNATIONS, GAP_SEGMENTS
from graph.queries.gaps import city_chains, gaps
from graph.queries.generation import generation, local_writes, note_write
from graph.queries.lexicon import DOCUMENT_INDEX, LEXICON, document_index, lexicon
from graph.queries.matching import coverage
from graph.queries.mentions import MENTIONS, mentions
from graph.queries.named_like import NAMED_LIKE, named_like
from graph.queries.neighbourhood import OVERVIEW, graph
from graph.queries.paths import MAX_HOPS, paths
from graph.queries.profile import PROFILE, profile
from graph.queries.projects import PROJECTS, projects
from graph.queries.records import SENTENCE_EVIDENCE, sentence_evidence
from graph.queries.regions import PLACES_WITHIN, REGIONS, places_within, regions
from graph.queries.resolve import (
    ANY_ENTITY,
    doc_id,
    parse_label,
    resolve,
    resolve_any,
    resolve_document,
    resolve_optional,
    suggestions,
)
from graph.queries.search import SEARCH, search
from graph.queries.targets import MIN_COVERAGE, TARGETS, targets
from graph.queries.tasks import TASKS, task_query_key, tasks
from graph.queries.technologies import TECHNOLOGIES, technologies

__all__ = [
    "AGENCY",
    "AGENCY_TASKS",
    "ANY_ENTITY",
    "CHAINS",
    "CHAINS_OF_REGION",
    "CHAIN_DETAIL",
    "DOCUMENTS",
    "DOCUMENT_INDEX",
    "DOC_PROJECT_NAMES",
    "FACT_RELS",
    "GAP_CARRIERS",
    "GAP_DESIGNATIONS",
    "GAP_SEGMENTS",
    "HEALTH",
    "LEXICON",
    "MAX_HOPS",
    "MENTIONS",
    "MIN_COVERAGE",
    "NAMED_LIKE",
    "OVERVIEW",
    "PLACES_WITHIN",
    "PROFILE",
    "PROJECTS",
    "REGIONS",
    "SEARCH",
    "SENTENCE_EVIDENCE",
    "TARGETS",
    "TASKS",
    "TECHNOLOGIES",
    "agency_detail",
    "chain_detail",
    "chains",
    "city_chains",
    "count_documents",
    "coverage",
    "doc_id",
    "document",
    "document_index",
    "documents",
    "gaps",
    "generation",
    "graph",
    "lexicon",
    "local_writes",
    "mentions",
    "named_like",
    "near_duplicate",
    "near_duplicate_projects",
    "note_write",
    "parse_label",
    "paths",
    "places_within",
    "profile",
    "projects",
    "regions",
    "resolve",
    "resolve_any",
    "resolve_document",
    "resolve_optional",
    "search",
    "sentence_evidence",
    "suggestions",
    "targets",
    "task_query_key",
    "tasks",
    "technologies",
]
