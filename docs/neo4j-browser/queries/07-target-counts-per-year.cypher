// 目标数量（年份 × 文件）· How many targets each document sets for each year
MATCH (t:Target)
MATCH (d:Document {id: t.doc})
RETURN coalesce(toString(t.year), '未注明') AS year, d.title AS document, count(*) AS targets
ORDER BY year, targets DESC
