"""POST /api/v1/ask: Chinese questions answered from the graph, always with citations.

:mod:`~api.ask.parse` recognises every constraint the question names and the answer type it asks for;
:mod:`~api.ask.plan` picks the answer from those parts (handlers in :mod:`~api.ask.places`,
:mod:`~api.ask.chains`, :mod:`~api.ask.facts`, :mod:`~api.ask.names`), falls back to cited passages
(:mod:`~api.ask.passages`) when no structured answer fits or it is empty, and says when a city or
chain is absent from every document. Every answer is an :class:`~api.ask.answer.Answer`.
"""

from api.ask.answer import EXAMPLES, Answer, Passage
from api.ask.chains import chain_placements
from api.ask.parse import Parsed, parse
from api.ask.places import designation_role
from api.ask.plan import answer_question, classify

__all__ = [
    "EXAMPLES",
    "Answer",
    "Parsed",
    "Passage",
    "answer_question",
    "chain_placements",
    "classify",
    "designation_role",
    "parse",
]
