"""Compact representations of a large document's per-char data give what the plain ones give.

Texts: the development documents, generated plans (dense, templated; one hard-wrapped and indented),
and random mixes of the characters normalise treats specially (blank, dropped and indented lines).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import replace
from functools import cache

from ingest import normalise as normalise_mod
from ingest import reader as reader_mod
from ingest import structure as structure_mod
from ingest.facts import FactsBuilder
from ingest.models import LineMap
from ingest.reader import structure_text


@cache
def _texts() -> tuple[str, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    plans = (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)
    # hard-wrapped at 30 chars, paragraphs indented with U+3000 (columns start past 0)
    paras = ["\u3000\u3000" + q for q in plans[1][:20_000].split("\n")]
    wrapped = "\n".join("\n".join(p[i : i + 30] for i in range(0, len(p), 30)) for p in paras)
    rnd = random.Random(5)
    words = ["一、总体要求", "（一）", "1．", "专栏1", "氢能：A项目、B项目等。", "发展", "。", "，", "１２"]
    words += ["目录"]
    words += ["\n", "\n", "\n\n", "\u3000\u3000", "  ", "— 3 —", "http://x.cn", "\r\n", "\t"]
    mixes = ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 80))) for _ in range(300)]
    return (*plans, wrapped, *mixes)


def _plain_build(paragraphs: list[list[normalise_mod.SourceLine]], source: list[str]) -> tuple[str, LineMap]:
    """normalise._build as first written: per-char lists, then tuples."""
    chars: list[str] = []
    line_nos: list[int] = []
    cols: list[int] = []
    for p, para in enumerate(paragraphs):
        if p:
            chars.append("\n")
            line_nos.append(line_nos[-1])
            cols.append(cols[-1])
        for line in para:
            chars.append(line.text)
            line_nos.extend([line.number] * len(line.text))
            cols.extend(range(line.col, line.col + len(line.text)))
    numbers = [line.number for para in paragraphs for line in para]
    ordered = all(a <= b for a, b in itertools.pairwise(numbers))
    return "".join(chars), LineMap(tuple(line_nos), tuple(cols), tuple(source), ordered)


def _paragraphs(text: str) -> tuple[list[list[normalise_mod.SourceLine]], list[str]]:
    source = normalise_mod.split_lines(text)
    kept, _ = normalise_mod._keep_content_lines(source)
    wrapped, width = normalise_mod._layout(kept)
    return normalise_mod._join(kept, wrapped, width, normalise_mod._indented(kept)), source


def test_compact_line_map_is_the_per_char_tuples() -> None:
    indented = 0
    for text in _texts():
        paragraphs, source = _paragraphs(text)
        out, lm = normalise_mod._build(paragraphs, source)
        plain_out, plain = _plain_build(paragraphs, source)
        assert out == plain_out
        assert tuple(lm.lines) == plain.lines and tuple(lm.cols) == plain.cols
        assert (lm.source_lines, lm.ordered) == (plain.source_lines, plain.ordered)
        assert len(lm.lines) == len(lm.cols) == len(out)
        indented += any(c > 0 for c in lm.cols[:1])
    assert indented  # columns past 0 were mapped


def test_compact_line_map_quotes_are_the_tuples_quotes() -> None:
    rnd = random.Random(9)
    for text in _texts()[:5]:
        paragraphs, source = _paragraphs(text)
        _, lm = normalise_mod._build(paragraphs, source)
        plain = _plain_build(paragraphs, source)[1]
        n = len(lm.lines)
        spans = [(0, n), (0, 1), (n - 1, n)] + [
            (s, min(n, s + rnd.choice((1, 2, 30, 200, 5000)))) for s in (rnd.randrange(n) for _ in range(400))
        ]
        for start, end in spans:
            assert lm.quote(start, end) == plain.quote(start, end)


def test_sentence_records_from_the_compact_map_are_the_tuples_records() -> None:
    for text in _texts()[:5]:
        doc = structure_text(text, "d")
        lm = doc.line_map
        plain = replace(lm, lines=tuple(lm.lines), cols=tuple(lm.cols))
        for ordered in (True, False):  # both record loops of FactsBuilder
            got = FactsBuilder(replace(doc, line_map=replace(lm, ordered=ordered))).facts.sentences
            want = FactsBuilder(replace(doc, line_map=replace(plain, ordered=ordered))).facts.sentences
            assert got == want


def test_sentence_records_share_the_sentence_text_as_their_quote() -> None:
    shared = 0
    for text in _texts()[:5]:
        doc = structure_text(text, "d")
        for s, r in zip(doc.sentences, FactsBuilder(doc).facts.sentences, strict=True):
            q = doc.line_map.quote(s.start, s.end)
            assert (r.text, r.quote, r.line, r.line_end) == (s.text, q.text, q.line, q.line_end)
            if r.quote == r.text and r.line == r.line_end:
                assert r.quote is r.text
                shared += 1
    assert shared > 1000


def test_paragraphs_found_one_at_a_time_are_the_split_ones() -> None:
    texts = [
        *_texts(),
        "",
        "\n",
        "\n\n",
        "a",
        "a\n",
        "\na",
        "专栏1 氢能\n氢能：A项目、B项目等。\n",
        "一、总体要求\n\n",
    ]
    for text in texts:
        plain, start = [], 0  # the spans of text.split("\n"), the reference
        for para in text.split("\n"):
            plain.append((start, start + len(para)))
            start += len(para) + 1
        assert list(structure_mod.paragraph_spans(text)) == plain
        found = structure_mod.structure(text)
        assert [(p.index, p.start, p.end) for p in found.paragraphs] == [
            (k, s, e) for k, (s, e) in enumerate(structure_mod.paragraph_spans(text))
        ]


def test_text_digest_by_chunks_is_the_digest_of_its_utf8() -> None:
    chunk = reader_mod._CHUNK
    rnd = random.Random(3)
    pool = "中文产业链a1\n\u3000𠀀😀é"  # 1 to 4 UTF-8 bytes a char
    for n in (0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 7):
        text = "".join(rnd.choice(pool) for _ in range(n))
        data = text.encode("utf-8")
        assert reader_mod._utf8_digest(text) == (len(data), hashlib.sha256(data).hexdigest())
    doc = structure_text(_texts()[1], "d")
    assert doc.sha256 == hashlib.sha256(_texts()[1].encode("utf-8")).hexdigest()
    assert structure_text(_texts()[1].encode("utf-8"), "d").sha256 == doc.sha256
