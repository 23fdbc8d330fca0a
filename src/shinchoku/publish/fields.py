"""Typed, described fields and tables: the shape of every open-data table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Value = str | int | Decimal | bool | None


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str  # Frictionless type: string, integer, number, boolean
    title_ja: str
    title_en: str
    description: str

    def title(self, lang: str) -> str:
        return self.title_ja if lang == "ja" else self.title_en

    def header(self, lang: str) -> str:
        """The CSV column heading: the Japanese title, or the English key (JSON's too)."""
        return self.title_ja if lang == "ja" else self.name


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # file stem, e.g. kpi_values
    title_ja: str
    title_en: str
    description: str
    fields: tuple[Field, ...]
    rows: list[tuple[Value, ...]]

    def title(self, lang: str) -> str:
        return self.title_ja if lang == "ja" else self.title_en


def _f(name: str, type_: str, ja: str, en: str, description: str) -> Field:
    return Field(name, type_, ja, en, description)
