// 城市 × 产业链的项目及证据 · Projects of a city in a chain, with evidence
// :param city => '青岛'
// :param chain => '氢能'
MATCH (city:Region) WHERE $city IN city.keys
MATCH (chain:Chain) WHERE $chain IN chain.keys
MATCH (p:Project)-[loc:LOCATED_IN]->(r:Region)-[:PART_OF*0..]->(city)
MATCH (p)-[srv:SERVES]->(c:Chain)-[:SUBCHAIN_OF*0..]->(chain)
UNWIND loc.sentences + srv.sentences AS sid
MATCH (s:Sentence {id: sid})
RETURN p.name AS project, r.name AS region, c.name AS chain,
       collect(DISTINCT s.doc + ' L' + s.line + ': ' + s.quote)[..3] AS evidence
ORDER BY project
