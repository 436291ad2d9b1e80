"""Mentions: every region, chain and agency a sentence names, recorded with the sentence as its
evidence whether or not an earlier pass gave it a role."""

from __future__ import annotations

from ingest.extract.context import Context
from ingest.extract.lookups import regions_in
from ingest.extract.nodes import agency, chain_node, region_node


def extract_mentions(ctx: Context) -> None:
    """Every region, chain and agency named in a sentence is mentioned by it.

    Most of them are known by now: a known one is only a mention of this sentence, added here with
    the memo keys of :func:`region_node`, :func:`chain_node` and :func:`agency` (what those calls
    would do for a span inside the sentence); the others go through those calls, in the same order.
    """
    fb, known, names, text = ctx.fb, ctx.known, ctx.chain_names, ctx.doc.text
    add = fb.add_mention
    sentences = ctx.doc.sentences
    hits = ctx.index.in_spans([(s.start, s.end) for s in sentences])
    for sent, (regions, chains, agencies) in zip(sentences, hits, strict=True):
        sid = fb.sentence_id(sent.index)
        if not text.startswith(sent.text, sent.start):  # not the document's text: match it
            regions = regions_in(ctx, sent.text, sent.start)
        for hit in regions:
            rid = known.get(("region", hit.name, hit.code, hit.surface))
            if rid is None:
                region_node(ctx, hit, (hit.start, hit.end))
            else:
                add(sid, rid)
        for ch in chains:
            cid = known.get(("chain", ch.canonical, ch.surface))
            if cid is None:
                chain_node(ctx, ch.canonical, (ch.start, ch.end), ch.surface)
            else:
                add(sid, cid)
                if names.get(cid) != ch.canonical:
                    ctx.name_chain(cid, ch.canonical)
        for ag in agencies:
            aid = known.get(("agency", ag.surface, False))
            if aid is None:
                agency(ctx, ag.surface, (ag.start, ag.end))
            else:
                add(sid, aid)
