"""Synthetic plan-like documents at scale, with the facts they plant (ground truth).

Not a benchmark itself (``make bench`` skips ``_*`` modules); ``bench_scale`` uses it.

A document is built the way the development documents are (seeds, the Shanghai plans): a title
naming a city and an industry and a period, 一、/（一）/1． headings, a goals section with
numeric targets, chain headings, carrier titles (建设X中心), 依托X建设Y sentences, lists of
projects (支持A、B等项目建设) with responsibility clauses (X牵头，Y配合), 专栏 boxes of projects
(氢能：A、B、C等。), and between them sentences taken verbatim from the eleven development documents
in which the extractor recognises nothing (their prose: background, measures), so the text reads
like a plan and costs what a plan costs. Names come from the gazetteers (every city, chain and
agency of ``ingest/data``) and from a pool of brand syllables, so a large corpus keeps meeting new
names instead of repeating the seeds'.

Ground truth per document: the chains named by chain headings, the projects of the box lines and
of the 支持…等项目建设 lists, the platforms of the carrier titles — (label, name) pairs that a
correct reading finds. :func:`score` compares them with the extracted nodes of those labels.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.model import DocumentFacts
from ingest import datafiles
from ingest.decode import decode_bytes
from ingest.extract import extract_facts
from ingest.reader import structure_text

ROOT = Path(__file__).resolve().parent.parent
DEV_FOLDERS = (ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "shanghai")
_CN = "一二三四五六七八九十"
_BRANDS = tuple(a + b for a in "华中海新东蓝金国青鲁启瑞恒远天宏" for b in "信科创能达瑞通博泰航芯安源峰智")
_PROJECT_KINDS = ("产业园项目", "产业化项目", "示范工程", "生产基地项目", "研发中心项目")
_CARRIER_KINDS = ("创新中心", "技术研究院", "公共服务平台", "产业创新中心")


@dataclass
class Document:
    doc_id: str
    text: str
    truth: set[tuple[str, str]] = field(default_factory=set)  # (label, name)


@cache
def _pools() -> tuple[list[str], list[str], list[str], list[str]]:
    """(cities, chains, agencies, filler sentences) from the data files and the development texts."""
    cities = [r.name for r in datafiles.regions() if r.level == "city" and r.name.endswith("市")]
    chains = [c.name for c in datafiles.chains() if c.parent is not None and 2 <= len(c.name) <= 6]
    agencies = ["市发展改革委", "市工业和信息化局", "市科技局", "市财政局", "市商务局", "市自然资源和规划局"]
    filler: list[str] = []
    for folder in DEV_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            text = decode_bytes(path.read_bytes(), path.name).text
            facts = extract_facts(structure_text(text, path.stem))
            named = {m.sentence for m in facts.mentions} | {s for r in facts.relations for s in r.sentences}
            filler += [
                s.text
                for s in facts.sentences
                if s.id not in named and 20 <= len(s.text) <= 150 and s.text.endswith("。")
            ]
    return cities, chains, agencies, filler


def document(doc_id: str, seed: int, target_chars: int) -> Document:
    """One plan of about ``target_chars`` characters (sections are added until it is reached)."""
    cities, chains, agencies, filler = _pools()
    rnd = random.Random(seed)
    city = rnd.choice(cities)
    short = city[:-1]
    subject = rnd.choice(chains)
    doc = Document(doc_id, "")
    parts = [f"{city}{subject}产业发展规划（2021—2025年）", ""]
    parts += ["一、发展基础", *rnd.sample(filler, 3)]
    parts += ["二、发展目标", f"到2025年，全市{subject}产业规模达到{rnd.randint(100, 3000)}亿元。"]
    parts += ["三、重点任务"]
    size = sum(len(p) + 1 for p in parts)
    section = 0
    while size < target_chars:
        chain = rnd.choice(chains)
        section += 1
        projects = [f"{short}{rnd.choice(_BRANDS)}{chain}{rnd.choice(_PROJECT_KINDS)}" for _ in range(3)]
        carrier = f"{short}{rnd.choice(_BRANDS)}{chain}{rnd.choice(_CARRIER_KINDS)}"
        lead, support = rnd.sample(agencies, 2) if len(agencies) > 1 else (agencies[0], agencies[0])
        num = _CN[(section - 1) % 10]
        block = [
            f"（{num}）{chain}",
            f"{rnd.choice(filler)}",
            f"1．建设{carrier}",
            f"依托{city}高新区，建设{carrier}。{rnd.choice(filler)}",
            "2．推进重点项目建设",
            f"支持{projects[0]}、{projects[1]}等项目建设（{lead}牵头，{support}配合）。",
            f"到2025年，{chain}产业营业收入达到{rnd.randint(10, 900)}亿元。",
            *rnd.sample(filler, 2),
            f"专栏{section} {chain}重点项目",
            f"{chain}：{projects[0]}、{projects[1]}、{projects[2]}等。",
        ]
        doc.truth |= {("Chain", chain), ("Platform", carrier)} | {("Project", p) for p in projects}
        parts += block
        size += sum(len(p) + 1 for p in block)
    doc.text = "\n".join(parts) + "\n"
    return doc


def corpus(total_chars: int, doc_chars: int = 20_000, seed: int = 0) -> Iterator[Document]:
    """Documents of about ``doc_chars`` each until ``total_chars`` are written."""
    written = i = 0
    while written < total_chars:
        d = document(f"gen{seed:02d}_{i:05d}", seed * 1_000_003 + i, min(doc_chars, total_chars - written))
        written += len(d.text)
        i += 1
        yield d


@cache
def dev_chars() -> int:
    """Characters in the development corpus (5 seeds + 6 Shanghai plans), decoded."""
    return sum(
        len(decode_bytes(p.read_bytes(), p.name).text) for folder in DEV_FOLDERS for p in folder.glob("*.txt")
    )


def score(facts: DocumentFacts, truth: set[tuple[str, str]]) -> tuple[int, int, int]:
    """(true positives, predicted, expected) over the labels the truth speaks of."""
    labels = {label for label, _ in truth}
    got = {(n.label.value, n.name) for n in facts.nodes if n.label.value in labels}
    return len(got & truth), len(got), len(truth)


def f1(tp: int, predicted: int, expected: int) -> float:
    return 2 * tp / (predicted + expected) if predicted + expected else 1.0
