"""Running a read query, and turning its records into the fields of :mod:`graph.rows`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, LiteralString

from neo4j import Driver, RoutingControl

from graph.queries.fragments import EVIDENCE
from graph.rows import Evidence, NamedDoc, Ref


def read(driver: Driver, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run one read query (routed to readers, retried by the driver) and return its records."""
    result = driver.execute_query(query, params, routing_=RoutingControl.READ)
    return [record.data() for record in result.records]


def evidence(rows: Iterable[Mapping[str, Any]] | None) -> list[Evidence]:
    """The ``evidence`` column of :data:`~graph.queries.fragments.EVIDENCE`; entries without a line
    or a quote cannot be cited and are left out."""
    out: list[Evidence] = []
    for e in rows or ():
        if e.get("line") is None or e.get("quote") is None:
            continue
        line = int(e["line"])
        out.append(
            Evidence(
                doc=str(e["doc"]),
                title=e.get("title"),
                line=line,
                line_end=int(e.get("line_end") or line),
                quote=str(e["quote"]),
                page=e.get("page"),
                page_line=e.get("page_line"),
                paragraph=e.get("paragraph"),
            )
        )
    return out


SENTENCE_EVIDENCE: LiteralString = "WITH $sids AS sids\n" + EVIDENCE + "RETURN evidence\n"


def cited(driver: Driver, sids: Sequence[str]) -> list[Evidence]:
    """The evidence of the sentences ``sids`` (a path step's, a pair of project names')."""
    rows = read(driver, SENTENCE_EVIDENCE, sids=[s for s in sids if s])
    return evidence(rows[0]["evidence"] if rows else [])


def sentence_evidence(driver: Driver, sids: Sequence[str]) -> list[dict[str, Any]]:
    """:func:`cited`, as JSON objects."""
    return [e.model_dump() for e in cited(driver, sids)]


def strs(values: Iterable[Any] | None) -> list[str]:
    """Distinct strings, sorted (names collected in no particular order)."""
    return sorted({str(v) for v in values or () if v is not None})


def ordered(values: Iterable[Any] | None) -> list[str]:
    """Distinct strings in the order given (a clause's agencies: lead first, as printed)."""
    return list(dict.fromkeys(str(v) for v in values or () if v is not None))


def str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def named_docs(values: Iterable[Mapping[str, Any]] | None) -> list[NamedDoc]:
    """Distinct (name, doc) pairs by document, then name."""
    seen = {(str(v["name"]), v.get("doc")) for v in values or () if v and v.get("name") is not None}
    return [NamedDoc(name=n, doc=d) for n, d in sorted(seen, key=lambda x: (x[1] or "", x[0]))]


def refs(values: Iterable[Mapping[str, Any] | None]) -> list[Ref]:
    """Distinct {id, name, kind} maps by name; nulls (from OPTIONAL MATCH) left out."""
    seen = {(str(v["id"]), str(v["name"]), str(v["kind"])) for v in values if v and v.get("id")}
    return [Ref(id=i, name=n, kind=k) for i, n, k in sorted(seen, key=lambda x: x[1])]


def ref(v: Mapping[str, Any]) -> Ref:
    return Ref(id=v["id"], name=v["name"], kind=v["kind"])
