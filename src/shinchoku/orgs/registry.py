"""The shipped list of organisations, loaded once, with lookups by code, kind and parent."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from shinchoku.orgs.codes import NATION_CODE, read_code
from shinchoku.orgs.organisation import Organisation, OrgKind
from shinchoku.orgs.problems import ORG_UNKNOWN
from shinchoku.problems import Place, ShinchokuError

DATA = "organisations.csv"


@dataclass(frozen=True)
class Registry:
    """Organisations by code, in code order; ``source`` is the data's comment header."""

    organisations: tuple[Organisation, ...]
    source: tuple[str, ...] = ()
    _by_code: dict[str, Organisation] = field(init=False, repr=False, compare=False)
    _children: dict[str, tuple[Organisation, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {o.code: o for o in self.organisations}
        children: dict[str, list[Organisation]] = {}
        for o in self.organisations:
            if o.parent is not None:
                children.setdefault(o.parent, []).append(o)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def __len__(self) -> int:
        return len(self.organisations)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self.organisations)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Organisation | None:
        return self._by_code.get(code)

    def find(self, text: str, place: Place | None = None) -> Organisation:
        """The organisation a code as typed names (five or six digits, full-width too).

        Raises ``org-code-invalid`` or ``org-unknown`` naming ``place`` and the text.
        """
        code = read_code(text, place)
        org = self._by_code.get(code)
        if org is None:
            raise ShinchokuError(
                ORG_UNKNOWN(place or Place(), f"no organisation {code} in the list", found=text)
            )
        return org

    @property
    def nation(self) -> Organisation:
        return self._by_code[NATION_CODE]

    def children(self, code: str) -> tuple[Organisation, ...]:
        """Direct members: a prefecture's municipalities, a 政令市's wards, 国's prefectures."""
        return self._children.get(code, ())

    def prefectures(self) -> tuple[Organisation, ...]:
        return self.children(NATION_CODE)

    def municipalities(self, prefecture: str | None = None) -> tuple[Organisation, ...]:
        """The 市区町村 (特別区 included, 行政区 not), of one prefecture or all."""
        return tuple(
            o
            for o in self.organisations
            if o.kind.is_municipality and (prefecture is None or o.prefecture == prefecture)
        )

    def of_kind(self, *kinds: OrgKind) -> tuple[Organisation, ...]:
        return tuple(o for o in self.organisations if o.kind in kinds)

    def counts(self) -> dict[str, int]:
        """How many organisations of each kind, by kind value."""
        out = {k.value: 0 for k in OrgKind}
        for o in self.organisations:
            out[o.kind.value] += 1
        return out


def read_registry(lines: Iterable[str]) -> Registry:
    """A registry from the shipped CSV's lines (``#`` lines are its source header)."""
    header: list[str] = []
    body: list[str] = []
    for line in lines:
        if line.startswith("#"):
            header.append(line[1:].strip())
        else:
            body.append(line)
    orgs = [
        Organisation(
            code=row["code"],
            name=row["name"],
            kana=row["kana"],
            kind=OrgKind(row["kind"]),
            parent=row["parent"] or None,
            prefecture=row["prefecture"] or None,
        )
        for row in csv.DictReader(body)
    ]
    return Registry(tuple(orgs), tuple(header))


@cache
def registry() -> Registry:
    """The shipped list (``shinchoku/orgs/data/organisations.csv``)."""
    text = resources.files("shinchoku.orgs").joinpath("data", DATA).read_text(encoding="utf-8")
    return read_registry(text.splitlines(keepends=True))


def core_city_codes(lines: Iterable[str]) -> list[str]:
    """The codes of ``data/core_cities.csv``."""
    body = [line for line in lines if not line.startswith("#")]
    return [row["code"] for row in csv.DictReader(body)]
