"""Units of measure as they appear after a number in Japanese reports."""

from __future__ import annotations

import re

from shinchoku.japanese.text import normalise

# 決算額・予算額 are written in these; the value is the number times the factor.
MONEY_UNITS: dict[str, int] = {
    "円": 1,
    "千円": 1_000,
    "万円": 10_000,
    "百万円": 1_000_000,
    "億円": 100_000_000,
}

# Units met in progress reports, in normalised form (「％」 is stored as "%").
# A unit outside this list is an error unless the caller names it as the
# KPI's unit: an unknown word after a number is more often free text than a unit.
UNITS: frozenset[str] = frozenset(
    {
        "件",
        "人",
        "名",
        "者",
        "回",
        "組",
        "社",
        "校",
        "課",
        "台",
        "本",
        "個",
        "点",
        "種",
        "倍",
        "日",
        "分",
        "枚",
        "部",
        "%",
        "h",
        "ha",
        "km",
        "時間",
        "人日",
        "回線",
        "所属",
        "箇所",
        "か所",
        "ヶ所",
        "カ所",
        "施設",
        "団体",
        "法人",
        "事業",
        "事業者",
        "地区",
        "自治体",
        "市町",
        "市町村",
        "経営体",
        "ページ",
        "データセット",
        "ポイント",
    }
    | MONEY_UNITS.keys()
)

# The right-hand side of a rate such as 「回/年」「件/月」「箇所/累計」.
PER_UNITS: frozenset[str] = frozenset({"年", "年度", "月", "週", "日", "人", "件", "回", "累計"})

_SPACE = re.compile(r"\s+")


def normalise_unit(unit: str) -> str:
    """The canonical spelling of a unit: NFKC (「％」→"%", 「／」→"/"), no spaces."""
    return _SPACE.sub("", normalise(unit))


def is_known_unit(unit: str) -> bool:
    """True for a unit of :data:`UNITS` or a rate ``unit/per`` of them (normalised input)."""
    if unit in UNITS:
        return True
    base, slash, per = unit.partition("/")
    return bool(slash) and base in UNITS and per in PER_UNITS


def known_unit_suffix(text: str) -> str | None:
    """The longest known unit that ``text`` ends with, if any."""
    for start in range(len(text)):
        if is_known_unit(text[start:]):
            return text[start:]
    return None
