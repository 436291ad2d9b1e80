// 产业链需突破的技术 · The technologies, materials and parts a chain must master
// :param chain => '氢能'
MATCH (chain:Chain) WHERE $chain IN chain.keys
MATCH (c:Chain)-[:SUBCHAIN_OF*0..]->(chain)
MATCH (c)-[n:NEEDS]->(t:Technology)
RETURN c.name AS chain, n.verb AS verb, n.kind AS kind, t.name AS technology, n.doc AS doc
ORDER BY chain, n.at
