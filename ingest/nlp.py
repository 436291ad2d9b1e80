"""The spaCy pipeline: ``spacy.blank("zh")`` with the jieba segmenter and our dictionaries.

Character offsets from exact multi-pattern matching (:mod:`ingest.gazetteer`) are the source of
truth for entity spans: jieba's token boundaries cut names (省|工业|和|信息化|厅, 氢|能源动力). The
pipeline is the container: the registered component ``policykg_gazetteer`` puts every dictionary
match into ``doc.spans["gaz"]`` (a span that jieba's tokens do not align with keeps its exact
character offsets in ``doc.user_data["gaz_chars"]``), and the tokenisation gives a second opinion on
short, ambiguous chain names: ``存储能力`` contains 储能 as characters but not as a word.

jieba reads its user dictionary into global state, and spaCy does not save it with a pipeline, so
the dictionary is loaded BEFORE the pipeline is built (see nlp-viz-toolchain.md §2.4).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from functools import cache
from math import log
from pathlib import Path

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.settings import home_dir
from ingest import agencies, gazetteer

# High frequency so that jieba keeps dictionary names whole.
_USER_FREQ = 100000
SPANS_KEY = "gaz"


def _user_dictionary_terms() -> list[str]:
    terms: set[str] = set()
    for ch in gazetteer.all_chains():
        terms.update(t for t in (ch.name, *ch.aliases) if len(t) >= 2)
    for r in gazetteer.all_regions():
        terms.update(t for t in (r.name, *r.short) if len(t) >= 2)
    for z in gazetteer.all_zones():
        terms.update(t for t in (z.name, *z.aliases) if len(t) >= 2)
    terms.update(agencies.known_names())
    return sorted(t for t in terms if " " not in t)


def _userdict_path() -> Path:
    folder = home_dir() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "userdict.txt"


@cache
def load_user_dictionary() -> Path:
    """Write the jieba user dictionary from our data files and load it (once per process)."""
    path = _userdict_path()
    content = "".join(f"{t} {_USER_FREQ} nz\n" for t in _user_dictionary_terms())
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as fh:
            fh.write(content)
        Path(fh.name).replace(path)
    jieba.setLogLevel(logging.WARNING)
    with path.open("rb") as dictionary:  # jieba leaves a path it opens itself unclosed
        jieba.load_userdict(dictionary)
    return path


@Language.component("policykg_gazetteer")
def gazetteer_component(doc: Doc) -> Doc:
    """Dictionary matches as spans (label REGION, CHAIN or AGENCY) with exact character offsets."""
    text = doc.text
    found: list[tuple[int, int, str]] = []
    found += [(m.start, m.end, "REGION") for m in gazetteer.find_regions(text)]
    found += [(m.start, m.end, "CHAIN") for m in gazetteer.find_chains(text)]
    found += [(m.start, m.end, "AGENCY") for m in agencies.find_agencies(text)]
    spans = []
    chars: list[tuple[int, int, str]] = []
    for start, end, label in sorted(found):
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is not None:
            spans.append(span)
        chars.append((start, end, label))
    doc.spans[SPANS_KEY] = spans
    doc.user_data["gaz_chars"] = chars
    return doc


@cache
def pipeline() -> Language:
    """The shared pipeline; the user dictionary is loaded before it is built."""
    load_user_dictionary()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policykg_gazetteer")
    return nlp


def word_test() -> Callable[[str, int, int], bool]:
    """:func:`is_word`, for a loop over many matches: the dictionary loaded and looked up once."""
    pipeline()
    freq = jieba.dt.FREQ

    def test(text: str, start: int, end: int) -> bool:
        if (
            freq.get(text[max(start - 1, 0) : start + 1], 0) == 0
            and freq.get(text[end - 1 : end + 1], 0) == 0
        ):
            return True  # is_word's fast path
        return _on_boundary(text, start, end)

    return test


def word_test_around(window: int) -> Callable[[str, int, int], bool]:
    """``test(text, start, end)``: :func:`is_word` of the match ``[start, end)`` of ``text`` read in
    its window ``text[lo : end + window]`` (``lo = max(0, start - window)``), for a loop over the
    matches of a longer text. The fast path's two-character runs are the same in ``text`` as in the
    window (it is cut at least one char beyond each end, or at the text's), so they are read in place
    and the window is cut only for a match that needs the segmenter."""
    pipeline()
    freq = jieba.dt.FREQ

    def test(text: str, start: int, end: int) -> bool:
        if (
            freq.get(text[max(start - 1, 0) : start + 1], 0) == 0
            and freq.get(text[end - 1 : end + 1], 0) == 0
        ):
            return True
        lo = max(0, start - window)
        return _on_boundary(text[lo : end + window], start - lo, end - lo)

    return test


def is_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` reads as a word: it starts or ends on a jieba token boundary.

    A match that cuts tokens at both ends is a run of characters across words (存储|能力 holds
    储能); one that starts a longer token is a word in a compound (储能设施).
    """
    pipeline()  # the user dictionary must be loaded; then ask jieba directly (no Doc needed here)
    freq = jieba.dt.FREQ
    # Fast path: when neither two-character run across the match's edges is a dictionary word,
    # no segmentation can cut the match (…建设储能设施: 设储, 能设 are not words).
    if freq.get(text[max(start - 1, 0) : start + 1], 0) == 0 and freq.get(text[end - 1 : end + 1], 0) == 0:
        return True
    return _on_boundary(text, start, end)


def _on_boundary(text: str, start: int, end: int) -> bool:
    """Whether a token of ``jieba.tokenize(text, HMM=False)`` starts at ``start`` or ends at ``end``.

    The same segmentation, computed only where it can matter: ``jieba.cut`` splits the text into
    blocks (runs of ``re_han_default``) cut independently, and every block edge is a token edge; a
    block of other characters is cut into single characters (``\\r\\n`` stays one). So only a Han
    block with ``start`` or ``end`` strictly inside it is segmented, by :func:`_block_edges`.
    """
    pos = 0
    for blk in jieba.re_han_default.split(text):
        if not blk:
            continue
        lo, hi = pos, pos + len(blk)
        pos = hi
        if start in (lo, hi) or end in (lo, hi):
            return True
        inner = [p for p in (start, end) if lo < p < hi]
        if not inner:
            continue
        if jieba.re_han_default.match(blk):
            edges = _block_edges(blk)
            if any(p - lo in edges for p in inner):
                return True
        elif any(text[p - 1 : p + 1] != "\r\n" for p in inner):
            return True
    return False


def _block_edges(blk: str) -> set[int]:
    """Token edges of jieba's cut of one Han block without HMM (``Tokenizer.__cut_DAG_NO_HMM``):
    its DAG of dictionary words, the route of highest log frequency from the right (ties to the
    longer word, as ``max`` over ``(score, end)`` tuples), and runs of single ASCII letters or
    digits kept as one token."""
    dt = jieba.dt
    freq = dt.FREQ
    n = len(blk)
    logtotal = log(dt.total)
    score = [0.0] * (n + 1)
    nxt = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        i = k
        frag = blk[k]
        while i < n and frag in freq:
            if freq[frag]:
                cand = (log(freq.get(frag) or 1) - logtotal + score[i + 1], i)
                if best is None or cand > best:
                    best = cand
            i += 1
            frag = blk[k : i + 1]
        if best is None:  # no word starts here: the character alone
            best = (log(freq.get(blk[k]) or 1) - logtotal + score[k + 1], k)
        score[k], nxt[k] = best
    edges = {0}
    x = 0
    in_run = False  # a run of single ASCII letters or digits, emitted as one token
    while x < n:
        y = nxt[x] + 1
        if y - x == 1 and blk[x] in _ENG:
            in_run = True
            x = y
            continue
        if in_run:
            edges.add(x)
            in_run = False
        edges.add(y)
        x = y
    if in_run:
        edges.add(n)
    return edges


_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # jieba's re_eng
