// policykg graph schema. Applied statement by statement by `policykg db schema` (graph/schema.py)
// and by `policykg db start`. Every statement has IF NOT EXISTS: applying it twice is a no-op.
// Statements end with ';' at the end of a line; '//' starts a comment line.

// Uniqueness of every label's id (also gives the id look-up index).
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sentence_id IF NOT EXISTS FOR (n:Sentence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT chain_id IF NOT EXISTS FOR (n:Chain) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT target_id IF NOT EXISTS FOR (n:Target) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT platform_id IF NOT EXISTS FOR (n:Platform) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT base_id IF NOT EXISTS FOR (n:Base) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT technology_id IF NOT EXISTS FOR (n:Technology) REQUIRE n.id IS UNIQUE;

// Exact look-up by display name.
CREATE INDEX chain_name IF NOT EXISTS FOR (n:Chain) ON (n.name);
CREATE INDEX region_name IF NOT EXISTS FOR (n:Region) ON (n.name);
CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name);
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX task_name IF NOT EXISTS FOR (n:Task) ON (n.name);
CREATE INDEX target_name IF NOT EXISTS FOR (n:Target) ON (n.name);
CREATE INDEX enterprise_name IF NOT EXISTS FOR (n:Enterprise) ON (n.name);
CREATE INDEX platform_name IF NOT EXISTS FOR (n:Platform) ON (n.name);
CREATE INDEX base_name IF NOT EXISTS FOR (n:Base) ON (n.name);
CREATE INDEX technology_name IF NOT EXISTS FOR (n:Technology) ON (n.name);

// Evidence of one document (delete / re-ingest a document, cite by document).
CREATE INDEX sentence_doc IF NOT EXISTS FOR (n:Sentence) ON (n.doc);

// Chinese name and alias search across the named entity labels: the 'cjk' analyzer indexes CJK
// bigrams, so 氢能 finds 氢能产业链 and 济南 finds 济南市. aliases is a list of strings. Not Task and
// Target: their names are evidence sentences (~65 per document, a fifth of the server's load CPU
// indexed), found through their documents, chains and regions (docs/graph-model.md). Eventually
// consistent: updated just after commit instead of inside it (a third of a document's commit time
// otherwise); every write path (graph.load, graph.bulk) awaits the refresh before returning.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Chain|Region|Project|Agency|Enterprise|Platform|Base|Technology)
ON EACH [n.name, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}};

// Facts of one document (graph.load: replace or delete a document). Per-document nodes by doc, and
// every relationship type that carries doc (all but IN and MENTIONS), one index per type.
CREATE INDEX task_doc IF NOT EXISTS FOR (n:Task) ON (n.doc);
CREATE INDEX target_doc IF NOT EXISTS FOR (n:Target) ON (n.doc);
CREATE INDEX rel_subchain_of_doc IF NOT EXISTS FOR ()-[r:SUBCHAIN_OF]-() ON (r.doc);
CREATE INDEX rel_serves_doc IF NOT EXISTS FOR ()-[r:SERVES]-() ON (r.doc);
CREATE INDEX rel_located_in_doc IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.doc);
CREATE INDEX rel_part_of_doc IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.doc);
CREATE INDEX rel_designated_for_doc IF NOT EXISTS FOR ()-[r:DESIGNATED_FOR]-() ON (r.doc);
CREATE INDEX rel_segment_of_doc IF NOT EXISTS FOR ()-[r:SEGMENT_OF]-() ON (r.doc);
CREATE INDEX rel_in_chain_doc IF NOT EXISTS FOR ()-[r:IN_CHAIN]-() ON (r.doc);
CREATE INDEX rel_leads_doc IF NOT EXISTS FOR ()-[r:LEADS]-() ON (r.doc);
CREATE INDEX rel_supports_doc IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.doc);
CREATE INDEX rel_responsible_for_doc IF NOT EXISTS FOR ()-[r:RESPONSIBLE_FOR]-() ON (r.doc);
CREATE INDEX rel_concerns_doc IF NOT EXISTS FOR ()-[r:CONCERNS]-() ON (r.doc);
CREATE INDEX rel_measures_doc IF NOT EXISTS FOR ()-[r:MEASURES]-() ON (r.doc);
CREATE INDEX rel_scoped_to_doc IF NOT EXISTS FOR ()-[r:SCOPED_TO]-() ON (r.doc);
CREATE INDEX rel_needs_doc IF NOT EXISTS FOR ()-[r:NEEDS]-() ON (r.doc);
CREATE INDEX rel_has_segment_doc IF NOT EXISTS FOR ()-[r:HAS_SEGMENT]-() ON (r.doc);
