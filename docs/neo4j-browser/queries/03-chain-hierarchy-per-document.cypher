// 产业链层级（按文件）· A chain's hierarchy as each document gives it
// :param chain => '新一代信息技术'
MATCH (root:Chain) WHERE $chain IN root.keys
MATCH (child:Chain)-[s:SUBCHAIN_OF]->(root)
MATCH (d:Document {id: s.doc})
OPTIONAL MATCH (grand:Chain)-[g:SUBCHAIN_OF {doc: s.doc}]->(child)
RETURN d.title AS document, child.name AS sub_chain, collect(grand.name) AS its_sub_chains
ORDER BY document, sub_chain
