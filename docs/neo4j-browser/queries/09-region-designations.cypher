// 省里为城市布局的产业链 · The chains a province designates a city for (role, level)
// :param city => '青岛'
MATCH (city:Region) WHERE $city IN city.keys
MATCH (r:Region)-[:PART_OF*0..]->(city)
MATCH (r)-[d:DESIGNATED_FOR]->(c:Chain)
RETURN r.name AS region, c.name AS chain, d.role AS role, d.level AS level, d.doc AS doc
ORDER BY chain
