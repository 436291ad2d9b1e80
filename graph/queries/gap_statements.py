"""The Cypher of the gap analysis (``graph.queries.gaps`` assembles the answer from these rows).

Every statement takes the resolved ids of the city and the chain as parameters, never user text.
"""

from __future__ import annotations

from typing import LiteralString

# The chain's tree: itself and every chain under it by a plan's hierarchy or the reference map.
TREE: LiteralString = "(c:Chain)-[:SUBCHAIN_OF|SEGMENT_OF*0..8]->(root:Chain {id: $chain})"

# Segments: reference-map links (with their parent link), then what the documents list.
GAP_SEGMENTS: LiteralString = """
MATCH (root:Chain {id: $chain})
CALL (root) {
  MATCH path = (seg:Chain)-[:SEGMENT_OF*1..4]->(root)
  WITH seg, path, relationships(path)[0] AS r
  RETURN seg.id AS id, seg.name AS name, 'Chain' AS kind, 'SEGMENT_OF' AS relation, r.doc AS doc,
         r.sentences AS sids, r.stage AS stage, coalesce(r.aliases, []) AS aliases,
         r.framework AS framework,
         CASE WHEN length(path) > 1 THEN endNode(r).name END AS parent, 0 AS rank
  UNION
  MATCH (seg:Chain)-[r:SUBCHAIN_OF]->(root)
  RETURN seg.id AS id, seg.name AS name, 'Chain' AS kind, 'SUBCHAIN_OF' AS relation, r.doc AS doc,
         r.sentences AS sids, null AS stage, [] AS aliases, null AS framework, null AS parent, 1 AS rank
  UNION
  MATCH (root)-[r:HAS_SEGMENT]->(seg:Chain)
  RETURN seg.id AS id, seg.name AS name, 'Chain' AS kind, 'HAS_SEGMENT' AS relation, r.doc AS doc,
         r.sentences AS sids, null AS stage, [] AS aliases, null AS framework, null AS parent, 2 AS rank
  UNION
  MATCH (root)-[r:NEEDS]->(seg:Technology)
  RETURN seg.id AS id, seg.name AS name, 'Technology' AS kind, 'NEEDS' AS relation, r.doc AS doc,
         r.sentences AS sids, null AS stage, [] AS aliases, null AS framework, null AS parent, 3 AS rank
}
RETURN id, name, kind, relation, doc, sids, stage, aliases, framework, parent, rank
ORDER BY rank, doc, name
"""

# The city's carriers of the chain: located in the city (or a sub-region), serving or in a chain of
# the tree; each chain edge with the chain nodes on its way up to the root (segment membership).
# The city's regions are gathered once: testing PART_OF*0..8 up from every carrier of the chain in
# the whole country cost a variable-length expansion per carrier.
GAP_CARRIERS: LiteralString = (
    """
MATCH (:Region {id: $city})<-[:PART_OF*0..8]-(cr:Region)
WITH collect(DISTINCT cr) AS in_city
MATCH """
    + TREE
    + """
WITH DISTINCT c, in_city
MATCH (p)-[s:SERVES|IN_CHAIN]->(c)
WHERE EXISTS { MATCH (p)-[:LOCATED_IN]->(r:Region) WHERE r IN in_city }
WITH p, s, c, in_city
MATCH up = (c)-[:SUBCHAIN_OF|SEGMENT_OF*0..8]->(:Chain {id: $chain})
WITH p, s, c, in_city, collect([n IN nodes(up) | n.id]) AS ups
WITH p, in_city, collect({chain: c.name, sids: coalesce(s.sentences, []), ups: ups}) AS edges
MATCH (p)-[l:LOCATED_IN]->(r:Region) WHERE r IN in_city
RETURN p.id AS id, p.name AS name, labels(p)[0] AS kind, edges,
       collect(DISTINCT r.name) AS regions,
       reduce(acc = [], x IN collect(l) | acc + coalesce(x.sentences, [])) AS lsids
ORDER BY name
"""
)

# Documents with a region: the city's own (region = the city) and higher ones (a region above it).
GAP_DOCUMENTS: LiteralString = """
MATCH (city:Region {id: $city})
MATCH (d:Document) WHERE d.region IS NOT NULL AND coalesce(d.level, '') <> 'reference'
WITH city, d, replace(replace(d.region, ' ', ''), '\u3000', '') AS rk
WITH d, CASE WHEN rk IN city.keys THEN 'own'
             WHEN EXISTS { (city)-[:PART_OF*1..8]->(a:Region) WHERE rk IN a.keys } THEN 'higher' END AS scope
WHERE scope IS NOT NULL
RETURN d.id AS doc, d.title AS title, d.level AS level, scope
ORDER BY doc
"""

# Sentences of the city's own plans that mention the chain or a chain of its tree.
GAP_PLAN_SENTENCES: LiteralString = (
    """
MATCH """
    + TREE
    + """
WITH DISTINCT c
MATCH (s:Sentence)-[:MENTIONS]->(c) WHERE s.doc IN $own
RETURN s.id AS id, s.doc AS doc, s.line AS line, s.text AS text, collect(DISTINCT c.id) AS chains
ORDER BY doc, line
"""
)

# Designations for a chain of the tree, of any region (the city's own and its rivals').
GAP_DESIGNATIONS: LiteralString = (
    """
MATCH """
    + TREE
    + """
WITH DISTINCT c
MATCH (r:Region)-[d:DESIGNATED_FOR]->(c)
WITH r, d, c, EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) } AS inside
RETURN r.id AS id, r.name AS name, r.level AS level, inside,
       collect({chain: c.name, chain_id: c.id, role: d.role, level: d.level,
                designation: d.designation, doc: d.doc, sids: coalesce(d.sentences, [])}) AS designations
ORDER BY name
"""
)

# Targets measuring a chain of the tree, with the region they are scoped to.
GAP_TARGETS: LiteralString = (
    """
MATCH """
    + TREE
    + """
WITH DISTINCT c
MATCH (t:Target)-[m:MEASURES]->(c)
WITH t, collect(DISTINCT c.name) AS chains,
     reduce(acc = [], x IN collect(m) | acc + coalesce(x.sentences, [])) AS sids
OPTIONAL MATCH (t)-[sc:SCOPED_TO]->(r:Region)
WITH t, chains, sids, collect(DISTINCT r.name) AS regions,
     any(x IN collect(r) WHERE EXISTS { (x)-[:PART_OF*0..8]->(:Region {id: $city}) }) AS in_city
RETURN t.id AS id, coalesce(t.name, t.metric) AS name, t.metric AS metric, t.value AS value,
       t.value_max AS value_max, t.unit AS unit, t.qualifier AS qualifier, t.year AS year,
       t.period AS period, t.doc AS doc, t.text AS text, chains, regions, in_city, sids
ORDER BY year, doc, name
"""
)

# The evidence of sentences, one row each (a report cites many items: one round trip for all).
GAP_EVIDENCE: LiteralString = """
UNWIND $sids AS sid
MATCH (s:Sentence {id: sid})
OPTIONAL MATCH (s)-[:IN]->(d:Document)
RETURN s.id AS id, s.doc AS doc, d.title AS title, s.line AS line, s.line_end AS line_end,
       coalesce(s.quote, s.text) AS quote, s.page AS page, s.page_line AS page_line, s.paragraph AS paragraph
"""

# The chains a city (or a district of it) is designated for by a document, top of each tree first.
CITY_CHAINS: LiteralString = """
MATCH (r:Region)-[d:DESIGNATED_FOR]->(c:Chain)
WHERE EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) }
RETURN c.name AS name, count(d) AS n
ORDER BY n DESC, name
"""
