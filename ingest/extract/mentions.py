"""Mentions: every region, chain and agency a sentence names, recorded with the sentence as its
evidence whether or not an earlier pass gave it a role."""

from __future__ import annotations

from ingest.extract.context import Context
from ingest.extract.lookups import regions_in
from ingest.extract.nodes import agency, chain_node, region_node


def extract_mentions(ctx: Context) -> None:
    """Every region, chain and agency named in a sentence is mentioned by it."""
    for sent in ctx.doc.sentences:
        for hit in regions_in(ctx, sent.text, sent.start):
            region_node(ctx, hit, (hit.start, hit.end))
        for ch in ctx.index.chains_at(sent.start, sent.end):
            chain_node(ctx, ch.canonical, (ch.start, ch.end), ch.surface)
        for ag in ctx.index.agencies_at(sent.start, sent.end):
            agency(ctx, ag.surface, (ag.start, ag.end))
