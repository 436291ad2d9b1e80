"""The spaCy pipeline: jieba with our user dictionary, dictionary spans with exact offsets."""

from __future__ import annotations

from ingest.nlp import SPANS_KEY, is_word, pipeline


def test_pipeline_is_blank_zh_with_jieba_and_our_component() -> None:
    nlp = pipeline()
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["policykg_gazetteer"]
    doc = nlp("由省工业和信息化厅牵头，支持青岛美锦氢能科技生态园项目。")
    # The user dictionary keeps an agency whole, which plain jieba splits (省|工业|和|信息化|厅).
    assert "省工业和信息化厅" in [t.text for t in doc]
    labels = {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}
    assert ("省工业和信息化厅", "AGENCY") in labels
    chars = doc.user_data["gaz_chars"]
    assert any(doc.text[s:e] == "青岛" and label == "REGION" for s, e, label in chars)
    assert any(doc.text[s:e] == "氢能" and label == "CHAIN" for s, e, label in chars)


def test_offsets_are_exact_even_where_tokens_cut_names() -> None:
    doc = pipeline()("淄博氢能源全产业链基地项目")
    for start, end, _label in doc.user_data["gaz_chars"]:
        assert 0 <= start < end <= len(doc.text)
    assert any(doc.text[s:e].startswith("氢能") for s, e, _ in doc.user_data["gaz_chars"])


def test_token_boundaries_tell_words_from_character_runs() -> None:
    text = "提升数据存储能力，建设储能设施。"
    inside = text.index("储能")  # inside 存储能力: characters, not the word
    word = text.index("储能设施")
    assert not is_word(text, inside, inside + 2)
    assert is_word(text, word, word + 2)


def test_boundaries_are_jiebas_own_segmentation() -> None:
    """is_word segments only the Han block around the match: the same edges as jieba.tokenize."""
    import jieba

    from ingest.nlp import _on_boundary

    pipeline()
    texts = [
        "提升数据存储能力，建设储能设施。",
        "发展AB12储能和5G基站\r\n储能电站 储能",
        "省工业和信息化厅牵头推进氢能源汽车产业",
        "x储能y",
    ]
    checked = 0
    for text in texts:
        edges = {0}
        for _w, a, b in jieba.tokenize(text, HMM=False):
            edges |= {a, b}
        for start in range(len(text)):
            for end in range(start + 1, min(len(text), start + 4) + 1):
                assert _on_boundary(text, start, end) == (start in edges or end in edges), (text, start, end)
                checked += 1
    assert checked > 100
