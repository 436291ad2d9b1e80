"""Cypher pieces the queries share, each written once.

Everything here is literal text (``LiteralString``): the builders only join literals, so no user
value can reach a query's text; user values travel as ``$parameters``.

The evidence of an item is the sentences listed on the relationships that justify it
(``r.sentences``), or, when none justifies it, the first sentences that mention it. :func:`cite`
and :func:`cite_mentions` gather those sentence ids into ``sids``; :data:`EVIDENCE` turns ``sids``
into the ``evidence`` column (:func:`graph.queries.records.evidence` reads it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import LiteralString

from core.model import Label, Rel

# Fact relationships: everything but the evidence plumbing (IN, MENTIONS).
FACT_RELS: tuple[Rel, ...] = tuple(r for r in Rel if r not in (Rel.IN, Rel.MENTIONS))
# A relationship-type alternation for patterns; made of enum members only, never of user input.
FACT_TYPES: LiteralString = "|".join(r.value for r in FACT_RELS)

# ``sids`` (a list of sentence ids) as {doc, title, line, line_end, quote, page, page_line, paragraph},
# in reading order (page and line of a PDF, paragraph of a Word file: null for text); at most
# 8 per item: enough to cite, small enough for list responses.
EVIDENCE: LiteralString = """
CALL (sids) {
  UNWIND sids AS sid
  MATCH (s:Sentence {id: sid})
  WITH DISTINCT s ORDER BY s.doc, s.line
  LIMIT 8
  OPTIONAL MATCH (s)-[:IN]->(d:Document)
  RETURN collect({doc: s.doc, title: d.title, line: s.line, line_end: s.line_end,
                  quote: coalesce(s.quote, s.text),
                  page: s.page, page_line: s.page_line, paragraph: s.paragraph}) AS evidence
}
"""


def sids_of(rels: LiteralString) -> LiteralString:
    """The ``sentences`` lists of the relationships in the list ``rels``, flattened."""
    return "reduce(acc = [], r IN " + rels + " | acc + coalesce(r.sentences, []))"


def mention_sids(node: LiteralString) -> LiteralString:
    """The first sentences that mention ``node``: the evidence of an item no relationship justifies."""
    return "[(ms:Sentence)-[:MENTIONS]->(" + node + ") | ms.id][..3]"


def cite(carry: LiteralString, rels: LiteralString, else_mentions: LiteralString = "") -> LiteralString:
    """``WITH carry`` plus ``evidence``: the sentences of ``rels`` or, when they list none and a node
    is given in ``else_mentions``, the sentences that mention that node."""
    if not else_mentions:
        return "WITH " + carry + ", " + sids_of(rels) + " AS sids\n" + EVIDENCE
    return (
        "WITH " + carry + ", " + sids_of(rels) + " AS sids0\n"
        "WITH " + carry + ", CASE WHEN size(sids0) = 0 THEN " + mention_sids(else_mentions)
        + " ELSE sids0 END AS sids\n" + EVIDENCE
    )  # fmt: skip


def cite_mentions(carry: LiteralString, node: LiteralString) -> LiteralString:
    """``WITH carry`` plus ``evidence``: the sentences that mention ``node``."""
    return "WITH " + carry + ", " + mention_sids(node) + " AS sids\n" + EVIDENCE


def text_key(x: LiteralString) -> LiteralString:
    """Cypher for the text ``x`` as free-text filters compare it: no spaces, tabs or ideographic
    spaces, full-width brackets folded (users type either)."""
    return (
        "replace(replace(replace(replace(replace(coalesce(" + x + ", ''), ' ', ''), '\u3000', ''), '\t', ''),"
        " '（', '('), '）', ')')"
    )


def nodes_of(labels: Iterable[Label], where: LiteralString = "") -> LiteralString:
    """``n``: the nodes of ``labels`` (that satisfy ``where``), one label scan each. ``MATCH (n) WHERE
    any(l IN labels(n) WHERE l IN $labels)`` reads every node instead, the sentences (most of a
    large graph) included. The labels are enum members, never user input."""
    cond = " WHERE " + where if where else ""
    branches = ["MATCH (n:" + lab.value + ")" + cond + " RETURN n" for lab in labels]
    return "CALL () {\n  " + "\n  UNION\n  ".join(branches) + "\n}\n"


# The entities of ``labels`` whose name or an alias contains ``$key``: exact matches first, then the
# shortest names (search results, and the suggestions for a name nothing resolves).
@cache
def names_containing(labels: tuple[Label, ...]) -> LiteralString:
    return (
        nodes_of(labels, "any(k IN coalesce(n.keys, []) WHERE k CONTAINS $key)")
        + """WITH n, CASE WHEN $key IN n.keys THEN 0 ELSE 1 END AS exact
ORDER BY exact, size(n.name), n.name
LIMIT $limit
"""
    )
