// 各年份的目标 · Targets by year (metric, value, unit, chain, region)
// :param year => 2025
MATCH (t:Target) WHERE t.year = toInteger($year)
OPTIONAL MATCH (t)-[:MEASURES]->(c:Chain)
OPTIONAL MATCH (t)-[:SCOPED_TO]->(r:Region)
RETURN t.year AS year, t.metric AS metric, t.qualifier AS qualifier, t.value AS value, t.unit AS unit,
       collect(DISTINCT c.name) AS chains, collect(DISTINCT r.name) AS regions, t.doc AS doc
ORDER BY metric
