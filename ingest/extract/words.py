"""Word patterns several passes share: action words, designation roles and levels."""

from __future__ import annotations

import re

# A heading that names an action, not an industry ("强化关键核心技术攻坚", "产业发展迈上新台阶").
# Every branch opens with a literal (发展基础|现实基础|产业基础, not (?:发展|现实|产业)基础), so `re`
# scans for the branches' first characters instead of trying a match at every position (~3x faster).
ACTION = re.compile(
    r"(加快|推进|推动|实施|强化|提升|建设|培育|支持|完善|加强|优化|坚持|构建|打造|深化|健全|发挥|拓展|"
    r"迈上|显著|更加|不断|全面|持续|形成|增强|营造|落实|开展|壮大|引领|突破|促进|做强|做优|组织|保障|"
    r"总体|主要|目标|原则|思想|发展基础|现实基础|产业基础|基础和|形势|要求|措施|任务|行业范围|标准|方向)"
)

# Roles a region can be designated for a chain with, longest first.
ROLES = (
    "产业集聚区",
    "产业集群",
    "产业基地",
    "产业园区",
    "产业园",
    "示范基地",
    "示范区",
    "先导区",
    "核心区",
    "集聚区",
    "集群",
    "基地",
    "高地",
    "名城",
    "之都",
)
ROLE_RE = re.compile("|".join(ROLES))

# The level a designation or a box label states.
LEVEL_WORD = re.compile(r"(国家级|省级|市级)")
