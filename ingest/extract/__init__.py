"""From a structured document to its facts: entities, relations and evidence.

:data:`PASSES` are the extraction passes in the order :func:`extract_facts` runs them. Each is a
function ``(ctx: Context) -> None`` (:mod:`ingest.extract.context`) that reads one kind of structure
of ``ctx.doc`` (headings, boxes, clauses, lists, sentences) and the facts so far, and records what
it finds through ``ctx.fb``. Dictionary look-ups go through :mod:`ingest.lexicon`; nothing here
knows a particular document. Helpers the passes share: :mod:`~ingest.extract.lookups` (reading the
document) and :mod:`~ingest.extract.nodes` (recording the usual facts).
"""

from __future__ import annotations

import gc

from core.model import DocumentFacts
from ingest.collector import collector_paused
from ingest.extract import (
    boxes,
    carriers,
    chain_headings,
    designations,
    functional_zones,
    lists,
    mentions,
    open_vocabulary,
    place_roles,
    responsibility,
    segments,
    targets,
    technologies,
)
from ingest.extract.context import Context, Pass
from ingest.extract.layout import named_bases, own_industries, role_clauses, statements
from ingest.models import StructuredDocument

# The order matters: chain headings come first (later passes walk up the headings to their chain),
# then the title's subjects (the fallback chain of many passes); the layout rules claim the
# statements they read before the generic designation and brand passes look at them; nesting needs
# every designation; mentions, which only add evidence, come last.
PASSES: tuple[Pass, ...] = (
    chain_headings.extract_chain_headings,
    open_vocabulary.extract_subject,
    open_vocabulary.extract_measured_industries,
    segments.extract_focus_headings,
    segments.extract_enumerations,
    boxes.extract_boxes,
    lists.extract_lists,
    named_bases.extract_named_bases,  # layout rules (ingest.extract.layout), in rule order
    statements.extract_layout_statements,
    role_clauses.extract_role_clauses,
    own_industries.extract_own_industries,
    carriers.extract_carriers,
    functional_zones.extract_functional_zones,
    designations.extract_designations,
    place_roles.extract_brands,
    place_roles.extract_zone_members,
    place_roles.extract_pilots,
    designations.nest_designated_chains,
    responsibility.extract_task_clauses,
    responsibility.extract_inline_leads,
    targets.extract_targets,
    technologies.extract_technologies,
    mentions.extract_mentions,
)

__all__ = ["PASSES", "Context", "Pass", "extract_facts"]


@collector_paused
def extract_facts(doc: StructuredDocument) -> DocumentFacts:
    """All facts of one structured document: every pass of :data:`PASSES`, in order."""
    ctx = Context.for_document(doc)
    for run in PASSES:
        run(ctx)
    facts = ctx.fb.build()
    if not _frozen:
        _freeze()
    return facts


_frozen = False


def _freeze() -> None:
    """After the first document every dictionary is loaded (≈ 10^5 long-lived objects): move them out
    of the collector's reach so that the full collections a large document triggers do not walk them
    again each time (≈ 10 % of the extraction of a 200 kB plan). Once per process."""
    global _frozen
    _frozen = True
    gc.collect()
    gc.freeze()
