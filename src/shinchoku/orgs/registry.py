"""The shipped list of organisations, loaded once, with lookups by code, kind and parent."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from shinchoku.japanese import normalise
from shinchoku.orgs.codes import NATION_CODE, read_code
from shinchoku.orgs.organisation import Organisation, OrgKind
from shinchoku.orgs.problems import ORG_CODE_AMBIGUOUS, ORG_UNKNOWN
from shinchoku.problems import Place, ShinchokuError

DATA = "organisations.csv"


@dataclass(frozen=True)
class Registry:
    """Organisations by code, in code order; ``source`` is the data's comment header."""

    organisations: tuple[Organisation, ...]
    source: tuple[str, ...] = ()
    _by_code: dict[str, Organisation] = field(init=False, repr=False, compare=False)
    _children: dict[str, tuple[Organisation, ...]] = field(init=False, repr=False, compare=False)
    _municipalities: dict[str | None, tuple[Organisation, ...]] = field(
        init=False, repr=False, compare=False
    )
    _membership: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {o.code: o for o in self.organisations}
        children: dict[str, list[Organisation]] = {}
        for o in self.organisations:
            if o.parent is not None:
                children.setdefault(o.parent, []).append(o)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        municipalities: dict[str | None, list[Organisation]] = {None: []}
        for o in self.organisations:
            if o.kind.is_municipality:
                municipalities[None].append(o)
                municipalities.setdefault(o.prefecture, []).append(o)
        object.__setattr__(
            self, "_municipalities", {k: tuple(v) for k, v in municipalities.items()}
        )
        listing = "".join(f"{o.code} {o.prefecture}\n" for o in municipalities[None])
        object.__setattr__(self, "_membership", hashlib.sha256(listing.encode()).hexdigest())

    def __len__(self) -> int:
        return len(self.organisations)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self.organisations)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Organisation | None:
        return self._by_code.get(code)

    def find(self, text: str, place: Place | None = None, name: str | None = None) -> Organisation:
        """The organisation a code as typed names (six digits, full-width too).

        Five digits are read two ways: as the JIS code without its check digit
        (「04100」 → 041009) and as a six-digit code whose leading zero a spreadsheet
        dropped (「41009」 → 041009). When both name an organisation (「12106」: 岩見沢市
        012106 or 美浜区 121061), ``name`` (the 団体名 beside it) decides; without it
        the code is refused as ambiguous. Raises ``org-code-invalid``, ``org-unknown``
        or ``org-code-ambiguous`` naming ``place`` and the text.
        """
        digits = normalise(str(text)).strip()
        candidates: list[Organisation] = []
        if len(digits) == 5 and digits.isascii() and digits.isdigit():
            padded = self._by_code.get("0" + digits)
            if padded is not None:
                candidates.append(padded)
        code = read_code(text, place)
        org = self._by_code.get(code)
        if org is not None and org not in candidates:
            candidates.append(org)
        if len(candidates) > 1 and name:
            candidates = [o for o in candidates if name.endswith(o.name)] or candidates
        if len(candidates) > 1:
            raise ShinchokuError(
                ORG_CODE_AMBIGUOUS(
                    place or Place(),
                    "five digits name "
                    + " and ".join(f"{o.name} ({o.code})" for o in candidates)
                    + "; write the six-digit code",
                    found=text,
                )
            )
        if not candidates:
            raise ShinchokuError(
                ORG_UNKNOWN(place or Place(), f"no organisation {code} in the list", found=text)
            )
        return candidates[0]

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
        return self._municipalities.get(prefecture, ())

    @property
    def membership(self) -> str:
        """A digest of which 市区町村 there are and which prefecture each belongs to:
        what a figure computed over a prefecture's or the nation's municipalities
        depends on."""
        return self._membership

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
