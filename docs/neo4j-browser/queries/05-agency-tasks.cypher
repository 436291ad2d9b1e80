// 部门的任务（牵头/配合/负责）· An agency's tasks: leads, supports, responsible for
// :param agency => '省科技厅'
MATCH (a:Agency) WHERE $agency IN a.keys
MATCH (a)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)
OPTIONAL MATCH (t)-[:CONCERNS]->(c:Chain)
RETURN type(r) AS role, t.title AS heading, left(t.text, 80) AS task, collect(c.name) AS chains, t.doc AS doc
ORDER BY role, doc
