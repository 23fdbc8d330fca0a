"""The problem codes of organisations, indicator sets, survey imports and comparisons."""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity

ORG_CODE_INVALID = ProblemType(
    "org-code-invalid",
    Severity.ERROR,
    "Not a 団体コード",
    "A 全国地方公共団体コード is six digits whose last is the check digit of the first five.",
    "団体コードでない",
    status=404,
)
ORG_UNKNOWN = ProblemType(
    "org-unknown",
    Severity.ERROR,
    "No such organisation",
    "The code is well formed but names no current 都道府県 or 市区町村 in the shipped list.",
    "該当する団体がない",
    status=404,
)
ORG_CODE_AMBIGUOUS = ProblemType(
    "org-code-ambiguous",
    Severity.ERROR,
    "Five digits that name two organisations",
    "Five digits are a JIS code without its check digit or a 団体コード whose leading zero a "
    "spreadsheet dropped; for a few codes both exist, and no 団体名 beside it decides.",
    "2つの団体に当たる5桁のコード",
)
