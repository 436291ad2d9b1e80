// 城市 × 产业链的项目图 · The projects of a city in a chain, as a graph
// :param city => '青岛'
// :param chain => '氢能'
MATCH (city:Region) WHERE $city IN city.keys
MATCH (chain:Chain) WHERE $chain IN chain.keys
MATCH path = (city)<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(p:Project)-[:SERVES]->(:Chain)-[:SUBCHAIN_OF*0..]->(chain)
RETURN path
