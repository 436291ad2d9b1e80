"""Folding text the way :func:`core.model.name_key` folds names, with a map back to the original
offsets, and :class:`Matcher`: leftmost-longest matching of many folded keys in any text.

ahocorasick-rs automata over folded keys; every match carries CHARACTER offsets into the caller's
string (whitespace inside a match is allowed). Used by :mod:`ingest.gazetteer` and
:mod:`ingest.agencies`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Generic, TypeVar

import ahocorasick_rs

from core.model import name_key, nfkc

T = TypeVar("T")
_FOLD = str.maketrans({"（": "(", "）": ")", "—": "-", "－": "-", "–": "-", "＋": "+", "，": ","})
_WS_RUN = re.compile(r"\s+")
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items() if isinstance(v, str))


def _fold_chars(text: str) -> str:
    """``nfkc(text).translate(_FOLD)`` (``str.translate`` with a dict is slow on long text)."""
    t = nfkc(text)
    for a, b in _FOLD_PAIRS:
        if a in t:
            t = t.replace(a, b)
    return t


class Shifts:
    """Original offsets of a text folded one char for one with its whitespace runs dropped, kept as
    the runs rather than one int per char: folded offset ``f`` is text offset ``f + shift[k]``, ``k``
    the number of runs dropped at or before ``f`` (``at``: the folded offset after each run)."""

    __slots__ = ("at", "n", "shift")

    def __init__(self, at: list[int], shift: list[int], n: int) -> None:
        self.at, self.shift, self.n = at, shift, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, f: int) -> int:
        if not 0 <= f < self.n:
            raise IndexError(f)
        return f + self.shift[bisect.bisect_right(self.at, f)]

    def __iter__(self) -> Iterator[int]:
        return (self[f] for f in range(self.n))


Offsets = list[int] | range | Shifts  # per folded char, its index in the original text


def _fold(text: str) -> tuple[str, Offsets]:
    """``name_key`` applied char by char: the folded text and, per folded char, its original index.

    The returned offsets may be shared (:func:`fold`, :func:`held`) and must not be mutated.
    """
    t = _fold_chars(text)
    if len(t) == len(text):  # fast path: char-for-char folding (full-width punctuation, digits)
        # only the whitespace runs move offsets (``\s`` is exactly str.isspace, where split() cuts)
        pieces = t.split()
        joined = "".join(pieces)
        if len(joined) == len(t):
            return t, range(len(t))
        single = _single_runs(t, pieces, len(t) - len(joined))
        if single is not None:
            return joined, Shifts(single, list(range(len(single) + 1)), len(joined))
        at: list[int] = []
        shift = [0]
        removed = 0
        for m in _WS_RUN.finditer(t):
            at.append(m.start() - removed)
            removed += m.end() - m.start()
            shift.append(removed)
        return joined, Shifts(at, shift, len(t) - removed)
    return _fold_each(text)


fold = lru_cache(maxsize=32)(_fold)  # cached: texts the passes match again (a document's: see held)

# A text this long is a whole document: Matcher.find folds it outside fold's cache (whose 32 entries
# would keep the last documents' texts and folds alive for many documents after theirs, ~8 B/char
# each), once per matcher unless a caller holds its fold (held).
_LONG = 1 << 16
_held: dict[int, tuple[str, tuple[str, Offsets]]] = {}  # id(text) -> (text, its fold), while held


@contextmanager
def held(text: str) -> Iterator[None]:
    """Inside the block, matching ``text`` with any Matcher folds it once (the TextIndex of a
    document: three matchers); its fold is dropped on leaving."""
    key = id(text)
    _held[key] = (text, _fold(text)) if len(text) >= _LONG else (text, fold(text))
    try:
        yield
    finally:
        _held.pop(key, None)


def _folded(text: str) -> tuple[str, Offsets]:
    """``fold(text)``: a held fold, else fold's cache for texts shorter than _LONG."""
    got = _held.get(id(text))
    if got is not None and got[0] is text:
        return got[1]
    return fold(text) if len(text) < _LONG else _fold(text)


def _single_runs(t: str, pieces: list[str], removed: int) -> list[int] | None:
    """The folded offset of each whitespace run of ``t`` when every run is one char (a normalised
    text's line breaks and single spaces: no regex scan of the text), else None. ``pieces``:
    ``t.split()``; ``removed``: how many whitespace chars ``t`` has. The runs are the gaps between
    the pieces and at the ends; each holds one char or more, so they are all single iff they are
    as many as the whitespace chars. Run ``k`` starts after the non-whitespace chars before it."""
    if not pieces:
        return None
    lead, trail = t[0].isspace(), t[-1].isspace()
    if len(pieces) - 1 + lead + trail != removed:
        return None
    sums = list(itertools.accumulate(map(len, pieces)))
    if not trail:
        sums.pop()
    return [0, *sums] if lead else sums


def _fold_each(text: str) -> tuple[str, list[int]]:
    """:func:`_fold_slow` (NFKC char by char; it lengthens some: … is ...) per distinct character:
    those folded to one other are replaced in place, the rare longer ones expanded with their offset
    repeated, then whitespace dropped (5x faster than the loop per character on a long text)."""
    folded: dict[str, str] = {}
    for ch in set(text):
        f = "" if ch.isspace() else unicodedata.normalize("NFKC", ch).translate(_FOLD)
        if f and f != ch:
            folded[ch] = f
    if any(f in folded for f in folded.values()):
        return _fold_slow(text)  # a replacement another one would rewrite (none seen in NFKC)
    t = text
    for ch, f in folded.items():
        t = t.replace(ch, f) if len(f) == 1 else t
    spans: list[int] | None = None  # index in text of each char of t (None: the identity)
    longer = [re.escape(ch) for ch, f in folded.items() if len(f) > 1]
    if longer:
        parts: list[str] = []
        spans, prev = [], 0
        for m in re.finditer("|".join(longer), text):
            i = m.start()
            parts += (t[prev:i], folded[m.group()])
            spans += [*range(prev, i), *[i] * len(folded[m.group()])]
            prev = i + 1
        parts.append(t[prev:])
        spans.extend(range(prev, len(t)))
        t = "".join(parts)
    idx: list[int] = []
    pos = 0
    for m in _WS_RUN.finditer(t):  # ``\s`` is exactly str.isspace
        idx.extend(spans[pos : m.start()] if spans is not None else range(pos, m.start()))
        pos = m.end()
    idx.extend(spans[pos:] if spans is not None else range(pos, len(t)))
    return _WS_RUN.sub("", t), idx


def _fold_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    idx = []
    for i, ch in enumerate(text):
        for c in "" if ch.isspace() else unicodedata.normalize("NFKC", ch).translate(_FOLD):
            if not c.isspace():
                out.append(c)
                idx.append(i)
    return "".join(out), idx


# Texts this short (a sentence, a name, a clause) are folded outside fold's cache when nothing moves:
# a miss of the cache costs more than folding them again.
_SHORT = 512
# A folded text longer than 2 * _PIECE chars is searched in pieces of about _PIECE chars, each cut after
# a separator no key contains (so no match crosses a cut and leftmost-longest matching of the pieces
# gives the whole text's matches): one search over megabytes costs ~1.6x more per char than searches
# over pieces of this size (the three gazetteers over 6.9 M chars: 84 against 52 ns/char).
_PIECE = 32_768
_SEPARATOR = "。"


class Matcher(Generic[T]):
    """Leftmost-longest exact matching of many keys; each key maps to one payload."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        table: dict[str, T] = {}
        for key, payload in entries:
            k = name_key(key)
            if k:
                table.setdefault(k, payload)
        self.keys = list(table)
        self.payloads = [table[k] for k in self.keys]
        self._cuts = not any(_SEPARATOR in k for k in self.keys)  # a match never spans a separator
        # A DFA: the same matches, searched ~1.7x faster than the default NFA; built once (≈ 30 ms)
        self._ac = ahocorasick_rs.AhoCorasick(
            self.keys,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, payload) with offsets into ``text`` (whitespace inside a match is allowed)."""
        payloads = self.payloads
        if len(text) <= _SHORT:  # fold's char-for-char path without whitespace, outside its cache
            t = _fold_chars(text)
            if len(t) == len(text) and _WS_RUN.search(t) is None:
                return [(s, e, payloads[p]) for p, s, e in self._ac.find_matches_as_indexes(t)]
        folded, idx = _folded(text)
        if len(folded) <= 2 * _PIECE or not self._cuts:
            return self._mapped(self._ac.find_matches_as_indexes(folded), 0, idx)
        out: list[tuple[int, int, T]] = []
        base, n = 0, len(folded)
        while base < n:
            cut = folded.find(_SEPARATOR, base + _PIECE) if n - base > 2 * _PIECE else -1
            end = n if cut < 0 else cut + 1
            out += self._mapped(self._ac.find_matches_as_indexes(folded[base:end]), base, idx)
            base = end
        return out

    def _mapped(self, found: list[tuple[int, int, int]], base: int, idx: Offsets) -> list[tuple[int, int, T]]:
        """Matches ``found`` in the folded text from ``base`` on, as offsets into the original text."""
        payloads = self.payloads
        if type(idx) is range:  # nothing moved
            return [(s + base, e + base, payloads[p]) for p, s, e in found]
        if type(idx) is Shifts:  # Shifts.__getitem__ inline: idx[e - 1] + 1 is e + its shift
            at, shift, right = idx.at, idx.shift, bisect.bisect_right
            return [
                (
                    s + base + shift[right(at, s + base)],
                    e + base + shift[right(at, e + base - 1)],
                    payloads[p],
                )
                for p, s, e in found
            ]
        return [(idx[s + base], idx[e + base - 1] + 1, payloads[p]) for p, s, e in found]
