// 一条关系的证据 · The evidence of an edge: document, line, verbatim quote
// :param from => '青岛美锦氢能科技生态园项目'
// :param to => '氢能'
MATCH (a) WHERE $from IN a.keys
MATCH (b) WHERE $to IN b.keys
MATCH (a)-[r]->(b) WHERE r.sentences IS NOT NULL
UNWIND r.sentences AS sid
MATCH (s:Sentence {id: sid})-[:IN]->(d:Document)
RETURN type(r) AS relationship, d.title AS document, s.line AS line, s.quote AS quote
ORDER BY document, line
