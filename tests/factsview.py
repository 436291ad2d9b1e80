"""Look-ups over one document's facts (DocumentFacts), shared by the extraction tests."""

from __future__ import annotations

from core.model import DocumentFacts, Label, Node, Rel, name_key


class View:
    """Look-ups over one document's facts."""

    def __init__(self, f: DocumentFacts) -> None:
        self.f = f
        self.nodes = {n.id: n for n in f.nodes}

    def named(self, name: str, *labels: Label) -> list[Node]:
        k = name_key(name)
        return [
            n
            for n in self.f.nodes
            if (not labels or n.label in labels) and k in {name_key(x) for x in (n.name, *n.aliases)}
        ]

    def one(self, name: str, *labels: Label) -> Node:
        found = self.named(name, *labels)
        assert len(found) == 1, (name, [n.id for n in found])
        return found[0]

    def out(self, node: Node, rel: Rel) -> list[Node]:
        return [self.nodes[r.dst] for r in self.f.relations if r.src == node.id and r.type is rel]

    def into(self, node: Node, rel: Rel) -> list[Node]:
        return [self.nodes[r.src] for r in self.f.relations if r.dst == node.id and r.type is rel]

    def up(self, region: Node) -> list[Node]:
        """The region and every region it is PART_OF."""
        out, todo = [], [region]
        while todo:
            r = todo.pop()
            out.append(r)
            todo.extend(self.out(r, Rel.PART_OF))
        return out

    def cities_of(self, node: Node) -> set[str]:
        """Names of every region a node is LOCATED_IN, with their ancestors below the province."""
        return {
            r.name
            for loc in self.out(node, Rel.LOCATED_IN)
            for r in self.up(loc)
            if r.props.get("level") not in ("province", "area")
        }


def roles(v: View, task_title: str) -> dict[str, set[str]]:
    (task,) = [n for n in v.f.nodes if n.label is Label.TASK and n.props["title"] == task_title]
    return {
        rel.value: {a.name for a in v.into(task, rel)}
        for rel in (Rel.LEADS, Rel.SUPPORTS, Rel.RESPONSIBLE_FOR)
    }
