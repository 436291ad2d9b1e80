"""A whole document's fold, held for the TextIndex's matchers only, gives what fold's cache gives.

Texts: generated plans longer than folding._LONG (dense, templated), one hard-wrapped with
full-width and ASCII spaces (fold's offset shifts), one with characters NFKC lengthens (…, ㈠:
fold's per-char path), and a short text (fold's cache, held or not).
"""

from __future__ import annotations

from functools import cache

from ingest import folding, gazetteer, lexicon
from ingest.lexicon import TextIndex


@cache
def _texts() -> tuple[str, ...]:
    from benchmarks import _corpus

    plan = _corpus.document("g", 7, 90_000).text
    wrapped = "\n".join(" \u3000".join(p[i : i + 25] for i in range(0, len(p), 25)) for p in plan.split("\n"))
    longer = plan.replace("。", "…", 50).replace("一、", "㈠", 20)
    return plan, wrapped, longer, plan[:3000]


def test_matches_of_a_held_text_are_those_of_its_cached_fold() -> None:
    region, chains = gazetteer._regions().matcher, gazetteer._chains().matcher
    for text in _texts():
        assert len(text) >= folding._LONG or text is _texts()[-1]
        folding.fold.cache_clear()
        expected = [m.find(text) for m in (region, chains)]  # fold of the cache (text < _LONG) or not
        assert expected[0] and expected[1]
        with folding.held(text):
            assert [m.find(text) for m in (region, chains)] == expected
        assert not folding._held
        # the plain reference: fold's cache, whatever the length
        folded, idx = folding.fold(text)
        assert region._mapped(region._ac.find_matches_as_indexes(folded), 0, idx) == expected[0]


def test_a_whole_document_is_not_left_in_folds_cache() -> None:
    for text in _texts()[:3]:
        folding.fold.cache_clear()
        scope = lexicon.region_by_name("山东省")
        index = TextIndex(text, scope, "山东省")
        assert folding.fold.cache_info().currsize == 0 and not folding._held
        assert index._regions == lexicon.find_regions(text, scope)
        assert index._chains == lexicon.find_chains(text)
        assert index._agencies == lexicon.find_agencies(text, "山东省")
        assert folding.fold.cache_info().currsize == 0  # folded once per matcher, outside the cache


def test_held_short_text_uses_folds_cache_and_nesting_leaves_nothing_held() -> None:
    text = _texts()[-1]
    folding.fold.cache_clear()
    with folding.held(text), folding.held(text + "。"):
        assert len(folding._held) == 2
        assert folding._folded(text) == folding.fold(text)
    assert not folding._held and folding.fold.cache_info().currsize == 2
