"""The city report behind ``policykg report`` and ``GET /api/v1/report``: the gap reports of a city
(one chain, or every chain higher documents designate it for) rendered by :mod:`viz.report` as
Markdown, HTML, or PDF (the HTML printed by headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from neo4j import Driver

from core.errors import InputError, RuntimeUnavailable
from core.settings import chromium_path
from graph import queries
from viz.report import report_html, report_markdown

FORMATS = ("html", "md", "pdf")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
PDF_TIMEOUT_SECONDS = 90.0


def gap_reports(driver: Driver, city: str, chain: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The city's display name and the gap reports (JSON) of ``chain`` or of its designated chains."""
    if chain:
        report = queries.gaps(driver, city=city, chain=chain)
        return report.city.name, [report.model_dump(mode="json")]
    city_name, chains = queries.city_chains(driver, city)
    if not chains:
        raise InputError(f"no chain is designated for {city_name} in the graph", hint="name one with --chain")
    return city_name, [queries.gaps(driver, city=city, chain=c).model_dump(mode="json") for c in chains]


def render(driver: Driver, city: str, chain: str | None, fmt: str) -> bytes:
    """The report in ``fmt`` (html, md or pdf) as bytes."""
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}", hint="one of: " + ", ".join(FORMATS))
    name, reports = gap_reports(driver, city, chain)
    if fmt == "md":
        return report_markdown(name, reports).encode("utf-8")
    page = report_html(name, reports)
    return page.encode("utf-8") if fmt == "html" else html_to_pdf(page)


def chromium() -> str:
    """The headless browser that prints the PDF: $POLICYKG_CHROMIUM or one on PATH."""
    exe = chromium_path() or next(filter(None, map(shutil.which, _CHROMIUM_NAMES)), None)
    if not exe:
        raise RuntimeUnavailable(
            "PDF output needs headless Chromium, and none was found",
            hint="install it (Debian: apt-get install chromium) or set POLICYKG_CHROMIUM; "
            "--format html gives the same report to print from a browser",
        )
    return exe


def html_to_pdf(page: str) -> bytes:
    """``chromium --headless --print-to-pdf`` of ``page`` (a self-contained file: no network)."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="policykg-report-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            "--virtual-time-budget=5000",  # let the graph settle before printing
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=PDF_TIMEOUT_SECONDS,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeUnavailable("Chromium did not print the report in time", hint=exe) from exc
        if proc.returncode != 0 or not out.exists():
            raise RuntimeUnavailable(
                f"Chromium failed to print the report: {proc.stderr.strip()[-500:]}", hint=exe
            )
        return out.read_bytes()
