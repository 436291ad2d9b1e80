// 项目最多的城市与产业链 · Cities × chains with the most projects
MATCH (p:Project)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(city:Region {level: 'city'})
MATCH (p)-[:SERVES]->(c:Chain)
RETURN city.name AS city, c.name AS chain, count(DISTINCT p) AS projects
ORDER BY projects DESC, city, chain
LIMIT 25
