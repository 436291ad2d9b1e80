// 产业链层级图（某一文件）· A chain's tree in one document, as a graph
// :param chain => '新一代信息技术'
// :param doc => '004_b7a623a748988760'
MATCH (root:Chain) WHERE $chain IN root.keys
MATCH path = (leaf:Chain)-[:SUBCHAIN_OF*1..3]->(root)
WHERE all(r IN relationships(path) WHERE r.doc = $doc)
RETURN path
