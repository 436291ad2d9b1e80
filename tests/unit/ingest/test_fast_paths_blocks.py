"""Look-ups narrowed to one block of the text find what the plain look-up of the whole document finds."""

from __future__ import annotations

import bisect
import random

from benchmarks import _corpus
from ingest import lexicon
from ingest.extract.context import Context
from ingest.reader import structure_text


def _sorted_lists(rnd: random.Random) -> list[list[int]]:
    block = 1 << lexicon._BLOCK_BITS
    out: list[list[int]] = [[], [0], [block - 1], [block], [5 * block]]
    out.append(sorted(rnd.randrange(20 * block) for _ in range(3000)))  # dense, with repeats
    out.append(sorted(rnd.randrange(200 * block) for _ in range(50)))  # sparse: empty blocks
    out.append([b * block + d for b in range(30) for d in (-1, 0, 1) if b * block + d >= 0])  # at bounds
    out.append([7 * block] * 40 + [9 * block + 3] * 3)  # one value many times
    return out


def test_bisection_in_a_block_is_the_bisection_of_the_whole_list() -> None:
    rnd = random.Random(11)
    block = 1 << lexicon._BLOCK_BITS
    for starts in _sorted_lists(rnd):
        blocks = lexicon.block_index(starts)
        assert blocks is not None
        top = (starts[-1] if starts else 0) + 3 * block
        probes = [-5, -1, 0, 1, top, 10**9] + [rnd.randrange(-10, top) for _ in range(2000)]
        probes += [v + d for v in starts[:: max(1, len(starts) // 200)] for d in (-1, 0, 1)]
        probes += [b * block + d for b in range(top // block + 2) for d in (-1, 0, 1)]
        for x in probes:
            assert lexicon.bisect_in_blocks(starts, blocks, x) == bisect.bisect_left(starts, x)
            for lo in {0, len(starts) // 2, len(starts), bisect.bisect_left(starts, x)}:
                want = bisect.bisect_left(starts, x, lo)
                assert lexicon.bisect_in_blocks(starts, blocks, x, lo) == want, (x, lo)


def test_an_unsorted_list_gets_no_blocks_and_the_plain_bisection() -> None:
    starts = [5, 3000, 2, 9000, 40]
    assert lexicon.block_index(starts) is None
    for x in range(-2, 10_000, 37):
        for lo in (0, 2, 5):
            assert lexicon.bisect_in_blocks(starts, None, x, lo) == bisect.bisect_left(starts, x, lo)


def _texts() -> list[str]:
    from benchmarks.bench_structure import dev_text

    return [_corpus.document("blocks", 40, 60_000).text, dev_text()]


def test_hits_of_a_span_looked_up_by_block_are_those_of_the_whole_list() -> None:
    """TextIndex.regions / chains / agencies (blocks) against _within without blocks, spans of the
    sentences, random spans, spans cut inside names and spans across block bounds; generated and seed text."""
    rnd = random.Random(3)
    block = 1 << lexicon._BLOCK_BITS
    for text in _texts():
        ctx = Context.for_document(structure_text(text, "t"))
        ix, n = ctx.index, len(ctx.doc.text)
        spans = [(s.start, s.end) for s in ctx.doc.sentences]
        spans += [tuple(sorted((rnd.randrange(n), rnd.randrange(n)))) for _ in range(300)]
        spans += [
            (b * block - d, b * block + e)
            for b in range(n // block + 2)
            for d in (0, 1, 5)
            for e in (0, 1, 9)
        ]
        spans += [(0, n), (n, n + 10), (3, 2)]
        for hits in (ix._regions, ix._chains, ix._agencies):
            for h in rnd.sample(hits, min(30, len(hits))):
                spans += [(h.start, h.end), (h.start + 1, h.end + 4), (h.start - 3, h.end - 1)]
        kinds = [
            (ix._regions, ix._region_starts, ix._region_blocks),
            (ix._chains, ix._chain_starts, ix._chain_blocks),
            (ix._agencies, ix._agency_starts, ix._agency_blocks),
        ]
        for hits, starts, blocks in kinds:
            assert blocks is not None or len(starts) == 0
            for s, e in spans:
                assert lexicon._within(hits, starts, s, e, blocks) == lexicon._within(hits, starts, s, e)
