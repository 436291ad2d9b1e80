"""``policykg ask "问题"``: one /ask answer from the graph, printed (:func:`api.ask.answer_question`)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.settings import Settings
from graph.db import open_driver


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser(
        "ask",
        help="answer a Chinese question from the graph",
        description=(
            "Answer one Chinese question as POST /api/v1/ask does: the answer, the intent and "
            "parameters it was read as, each item with up to three citations (document, line, "
            "verbatim quote), and cited passages when no extracted fact answers it."
        ),
    )
    ask.add_argument("question", help="e.g. 青岛有哪些服务于氢能产业链的项目？")
    ask.add_argument("--json", action="store_true", help="print the /ask response as JSON")
    ask.set_defaults(func=cmd_ask)


def cmd_ask(args: argparse.Namespace) -> int:
    from api.ask import answer_question

    with open_driver(Settings.from_env()) as driver:
        response = answer_question(driver, args.question)
    if args.json:
        print(json.dumps(response, ensure_ascii=False, indent=2))
    else:
        print(render(response))
    return 0


def render(response: dict[str, Any]) -> str:
    """The answer, its intent and parameters, each item with up to three citations, and passages."""
    out = [response["answer"]]
    params = json.dumps(response["params"], ensure_ascii=False)
    out.append(f"\n意图 intent: {response['intent']}  参数 params: {params}")
    for item in response["items"]:
        out.append(f"\n- {item['name']} ({item['kind']})")
        out.extend(f"    {ev['doc']} L{ev['line']}: {ev['quote']}" for ev in item.get("evidence", [])[:3])
    for x in response.get("passages", []):
        names = "、".join(e["name"] for e in x["entities"][:6])
        out.append(
            f"\n» {x['doc']} L{x['line']}: {x['quote']}" + (f"\n    （提到：{names}）" if names else "")
        )
    return "\n".join(out)
