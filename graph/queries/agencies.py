"""One agency (部门) and the tasks it leads, supports or answers for."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.fragments import cite_mentions
from graph.queries.records import evidence, read
from graph.queries.resolve import resolve
from graph.queries.tasks import task_fields, task_item
from graph.rows import AgencyDetail, TaskItem

AGENCY_TASKS: LiteralString = (
    """
MATCH (ag:Agency {id: $id})-[rel:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)
WITH t, type(rel) AS role
"""
    + task_fields(", role")
    + """
ORDER BY doc, name
"""
)

AGENCY: LiteralString = (
    """
MATCH (a:Agency {id: $id})
"""
    + cite_mentions("a", "a")
    + """
RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases, a.full_name AS full_name, evidence
"""
)


def agency_detail(driver: Driver, name: str) -> AgencyDetail:
    """The agency ``name`` (or an alias) denotes, with its tasks by role, each in document order."""
    entity = resolve(driver, Label.AGENCY, name)
    head = read(driver, AGENCY, id=entity.id)[0]
    by_role: dict[str, list[TaskItem]] = {"LEADS": [], "SUPPORTS": [], "RESPONSIBLE_FOR": []}
    for r in read(driver, AGENCY_TASKS, id=entity.id):
        by_role[str(r["role"])].append(task_item(r))
    return AgencyDetail(
        id=head["id"],
        name=head["name"],
        kind=Label.AGENCY.value,
        evidence=evidence(head["evidence"]),
        aliases=list(head["aliases"]),
        full_name=head["full_name"],
        leads=by_role["LEADS"],
        supports=by_role["SUPPORTS"],
        responsible=by_role["RESPONSIBLE_FOR"],
    )
