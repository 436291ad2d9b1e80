"""Names the graph does not hold: a city or province (from the administrative-division table
``ingest/data/regions.tsv``) or a chain-like phrase (X产业链 / X产业) that no document states.

Said absent only when the name is neither in the graph's dictionary nor anywhere in the documents'
sentences, so a place or phrase the texts mention but the extractor missed is answered from passages
instead. Suggestions are the graph's closest names (:func:`graph.queries.suggestions`).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from neo4j import Driver

from api.ask.answer import Answer
from api.ask.parse import Parsed
from api.ask.passages import CACHE as PASSAGES
from api.ask.passages import FUNCTION_WORDS
from core.model import Label, name_key
from graph import queries

_CHAIN_PHRASE = re.compile(r"([\u4e00-\u9fff]{2,6}?)(产业链|产业集群|产业|行业)")
_LEAD_NOISE = re.compile(r"^(的|有|在|和|与|及|对|把|将)+")
# Words that qualify 产业 without naming a chain (上级产业, 相关产业).
_NOT_CHAINS = frozenset(
    (
        "上级",
        "下级",
        "相关",
        "其他",
        "其它",
        "主导",
        "重点",
        "新兴",
        "未来",
        "传统",
        "优势",
        "特色",
        "支柱",
        "哪个",
        "细分",
    )
)


@functools.cache
def _places() -> dict[str, str]:
    """name_key of each province / prefecture name and short form -> the full name."""
    try:
        text = resources.files("ingest.data").joinpath("regions.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    out: dict[str, str] = {}
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")
    for row in rows:
        if len(row) < 5 or row[0] == "code" or row[2] not in ("province", "city"):
            continue
        if len(row) > 6 and "nomatch" in row[6]:
            continue
        for form in [row[1], *(x for x in row[4].split("|") if x)]:
            if len(name_key(form)) >= 2:
                out.setdefault(name_key(form), row[1])
    return out


@dataclass
class Missing:
    places: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.places or self.chains)


def _masked(p: Parsed) -> str:
    key = p.key
    for hit in sorted(p.hits, key=lambda h: h.start, reverse=True):
        key = key[: hit.start] + "，" * (hit.end - hit.start) + key[hit.end :]
    return key


def _in_texts(driver: Driver, word: str) -> bool:
    return any(word in name_key(str(d.row["text"])) for d in PASSAGES.get(driver).docs)


def find_missing(driver: Driver, p: Parsed) -> Missing:
    key = _masked(p)
    found = Missing()
    places = _places()
    for n in range(min(8, len(key)), 1, -1):
        for i in range(len(key) - n + 1):
            part = key[i : i + n]
            if part in places and "，" not in part and not _in_texts(driver, part):
                found.places.append(places[part])
                key = key[:i] + "，" * n + key[i + n :]
    for segment in FUNCTION_WORDS.split(re.sub(r"[\d０-９]+", "，", key)):
        for mt in _CHAIN_PHRASE.finditer(segment):
            core = _LEAD_NOISE.sub("", mt.group(1))
            suffixes = [core[i:] for i in range(len(core) - 1)]
            if (
                len(core) >= 2
                and "，" not in core
                and core not in _NOT_CHAINS
                and not any(_in_texts(driver, x) for x in suffixes)
            ):
                found.chains.append(core + mt.group(2))
    found.places = list(dict.fromkeys(found.places))
    return found


def absent_answer(driver: Driver, p: Parsed, missing: Missing) -> Answer:
    suggestions: list[str] = []
    for name in missing.places:
        suggestions += queries.suggestions(driver, Label.REGION, name)
    for name in missing.chains:
        suggestions += queries.suggestions(driver, Label.CHAIN, name)
    if missing.places and not suggestions:
        suggestions = [e.name for e in (p.lex.region_cities() if p.lex else [])][:8]
    suggestions = list(dict.fromkeys(suggestions))[:8]
    what = "、".join(f"“{x}”" for x in [*missing.places, *missing.chains])
    text = f"图谱中没有{what}：已载入的文件都没有提到它，无法回答，也没有可引用的原文。"
    if suggestions:
        text += "可以改问图谱中有的：" + "、".join(suggestions) + "。"
    else:
        text += "可以换一个文件中出现的城市或产业链再问。"
    params = {"absent": [*missing.places, *missing.chains], "suggestions": suggestions}
    return Answer("absent", params, [], text, "")
