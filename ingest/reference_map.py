"""The reference map of chain segments (``ingest/data/chain_segments.tsv``) as a pseudo-document.

``graph`` may not import ``ingest``, so the map reaches the graph as data: one
:class:`~core.model.DocumentFacts` with the id :data:`REFERENCE_DOC` and level ``reference``, loaded
like any document (one transaction, unchanged facts write nothing). Each row of the file is a
Sentence whose ``line`` is the row's line and whose ``quote`` is the row as written, so a segment the
map contributes cites the file and line it comes from, exactly as a plan's segment cites the plan.

Segments are Chain nodes (one per concept, shared with the plans' chains); a ``SEGMENT_OF`` edge
ties each to its chain or parent segment with ``{stage, source: 'reference', framework, aliases}``.
The aliases stay on the edge, not on the node: adding them to the node's look-up keys would change
what names resolve to across the whole API.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.model import (
    REFERENCE_LEVEL,
    DocumentFacts,
    Label,
    Mention,
    Node,
    Rel,
    Relation,
    SentenceRecord,
    content_id,
    entity_id,
)
from ingest import datafiles

REFERENCE_DOC = "reference_chain_segments"
REFERENCE_TITLE = "产业链环节参考图谱（参考数据，非政策文件；ingest/data/chain_segments.tsv）"


def reference_facts(path: Path | None = None) -> DocumentFacts:
    """The facts of the reference map (of ``path``, a file laid out like chain_segments.tsv)."""
    rows = datafiles.chain_segments(path)
    text = "\n".join(r.text for r in rows)
    facts = DocumentFacts(
        document=Node(
            Label.DOCUMENT,
            REFERENCE_DOC,
            REFERENCE_TITLE,
            props={
                "title": REFERENCE_TITLE,
                "issuer": None,
                "date": None,
                "level": REFERENCE_LEVEL,
                "region": None,
                "period": None,
                "subject": "产业链环节",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "chars": len(text),
            },
        )
    )
    offset = 0
    nodes: dict[str, Node] = {}
    for row in rows:
        sid = content_id(Label.SENTENCE, REFERENCE_DOC, row.line)
        end = offset + len(row.text)
        facts.sentences.append(
            SentenceRecord(sid, REFERENCE_DOC, row.line, row.line, offset, end, row.text, row.text)
        )
        offset = end + 1
        chain = entity_id(Label.CHAIN, row.chain)
        segment = entity_id(Label.CHAIN, row.segment)
        up = entity_id(Label.CHAIN, row.parent) if row.parent else chain
        nodes.setdefault(chain, Node(Label.CHAIN, chain, row.chain, (row.chain,)))
        nodes.setdefault(segment, Node(Label.CHAIN, segment, row.segment, (row.segment,)))
        props = {
            "stage": row.stage,
            "source": "reference",
            "framework": row.source,
            "aliases": list(row.aliases),
            "chain": chain,  # the top chain of the map (a child segment's edge points at its parent)
        }
        facts.relations.append(Relation(Rel.SEGMENT_OF, segment, up, (sid,), props))
        facts.mentions += [Mention(sid, segment), Mention(sid, chain)]
    facts.nodes.extend(nodes.values())
    return facts
