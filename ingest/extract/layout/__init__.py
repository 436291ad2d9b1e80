"""Spatial layouts of a plan: its own places, the named places inside them, and the roles a layout
gives them (designations).

A plan's "cities" are the divisions directly below its own region: a province's cities, a city's
or a municipality's districts and counties (闵行区, 浦东新区, printed short: 闵行, 浦东). Below them
sit named places (a 片区, 商务区, a base named after its site). A layout statement gives places a
role for a chain (核心主体, 东翼, 先行区, 承载区, 专业产业基地 …); each becomes
``Region -DESIGNATED_FOR-> Chain`` with ``role`` and ``designation`` as printed. The rules:

1. **Places printed short.** A division or zone of the document's own region may be printed
   without its suffix (金山 for 金山区, 临港 for 临港新片区); such a short form counts only at a
   place position (an item of a place list, the head of a layout item) and only inside the
   document's region: the word is a common one elsewhere.
2. **Named bases.** `<place><name>、<place><name>…<qualifiers><base word>` (each item led by a
   place of the plan, closed by 专业产业基地 / 应用基地 / 特色园区 …): an item whose rest is a
   short site name (optionally after a chain word) is a named place inside its place (a zone
   PART_OF it, named as printed), with a Base of that kind located there; the zone is designated
   for the chain with the base word as its role. Items that are bare places are designated
   themselves. A base word the generic designation rule would cut (专业产业基地 → 产业基地) or a
   site name it would take for a chain makes this rule claim the statement.
3. **Layout statements.** `围绕/依托/以/结合 <place><carrier>、…，打造 …<role>` (one statement per
   ；-part): every place of the anchor list is designated for the statement's chain; the role is
   the quoted layout word (“核心主体”, “东翼”) or the designation's head; the designation is the
   phrase after 打造 with the place's carrier in brackets.
4. **Roles by 为.** `以A、B为核心，C、D为两翼` / `A为先行区`: each place gets the role after 为.
5. **Layout role words in a place's clause** (`推动A打造X先行区`): roles the generic rule does not
   know (先行区, 承载区, 策源区, 核心主体, 引领区, 功能区 …) designate the clause's places.

6. **Where a designation is built.** `在A、B建设X<role>` / `建设A<quoted name>X<role>`: the places
   after 在 (or printed at the head of the designation) get the role; the designation is X<role>
   after its last 的 (基于…的食品智能制造核心区 → 食品智能制造核心区).
7. **A district's own industries.** In the plan of a district or county (the plan speaks for its
   own region), `<chain>主导产业` / `培育<chain>产业集群` / `打造<chain>产业生态` with no place in
   the clause designate the plan's region for that chain.

The chain of a statement is the one its designation names, else one named by another statement
of the same sentence, else the heading's, else the document's first subject (``ctx.subjects``).
A designation whose own industry (the words before its role, without quoted names and activity
words: 低空物流开发先行区 → 低空物流) is no known chain but is printed under a chain (the
heading's or the subject) names a segment of that chain: an open-vocabulary chain SUBCHAIN_OF it
(``introduced_by: designation``). A statement with no chain designates nothing (nothing is
invented).

Modules: :mod:`~ingest.extract.layout.places` (rule 1, and the district a plan is about),
:mod:`~ingest.extract.layout.named_bases` (rule 2), :mod:`~ingest.extract.layout.statements`
(rule 3), :mod:`~ingest.extract.layout.role_clauses` (rules 4-6),
:mod:`~ingest.extract.layout.own_industries` (rule 7), and :mod:`~ingest.extract.layout.common`
(what they share). Their passes run in rule order (:data:`ingest.extract.PASSES`) and record the
statements they read in ``ctx.claimed``, which later rules and the generic designation and brand
passes leave alone.
"""

from __future__ import annotations
