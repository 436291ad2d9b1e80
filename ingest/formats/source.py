"""What every input format is read into: text lines, and where each line is in the file."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Location, Warning_


@dataclass(frozen=True)
class SourceText:
    """Extracted text, one printed line (PDF) or paragraph (Word, web page) per line.

    ``locations[i]`` is where line ``i + 1`` is in the file (page and line, or paragraph); empty for
    a text file, whose lines are its own. Evidence quotes this text verbatim and cites its line.
    """

    text: str
    format: str  # "text", "pdf", "docx", "html"
    locations: tuple[Location, ...] = ()
    warnings: tuple[Warning_, ...] = ()
    encoding: str | None = None  # of a text file
