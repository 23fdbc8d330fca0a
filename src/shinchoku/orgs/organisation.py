"""An organisation: 国, a 都道府県, a 市区町村 or a 政令市の区, with its kind and parent."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OrgKind(StrEnum):
    """What kind of government an organisation is. Values are stable identifiers."""

    NATION = "nation"  # 国
    PREFECTURE = "prefecture"  # 都道府県
    DESIGNATED_CITY = "designated-city"  # 政令指定都市
    CORE_CITY = "core-city"  # 中核市
    CITY = "city"  # 一般市
    TOWN = "town"  # 町
    VILLAGE = "village"  # 村
    SPECIAL_WARD = "special-ward"  # 特別区 (東京23区)
    WARD = "ward"  # 政令市の区 (行政区): not a local government of its own

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_municipality(self) -> bool:
        """A 市区町村: one of the 1,741 (the 23 特別区 included, 行政区 not)."""
        return self in _MUNICIPAL


_LABELS = {
    OrgKind.NATION: "国",
    OrgKind.PREFECTURE: "都道府県",
    OrgKind.DESIGNATED_CITY: "政令指定都市",
    OrgKind.CORE_CITY: "中核市",
    OrgKind.CITY: "一般市",
    OrgKind.TOWN: "町",
    OrgKind.VILLAGE: "村",
    OrgKind.SPECIAL_WARD: "特別区",
    OrgKind.WARD: "行政区",
}
_MUNICIPAL = frozenset(
    {
        OrgKind.DESIGNATED_CITY,
        OrgKind.CORE_CITY,
        OrgKind.CITY,
        OrgKind.TOWN,
        OrgKind.VILLAGE,
        OrgKind.SPECIAL_WARD,
    }
)


@dataclass(frozen=True, slots=True)
class Organisation:
    """One government, keyed by its 団体コード.

    ``parent`` is the prefecture for a municipality, the 政令市 for a 行政区, 国 for a
    prefecture and ``None`` for 国; ``prefecture`` is the code of the prefecture the
    organisation lies in (its own code for a prefecture, ``None`` for 国).
    """

    code: str
    name: str
    kana: str
    kind: OrgKind
    parent: str | None
    prefecture: str | None
    population: int | None = None

    def to_dict(self) -> dict[str, str | int | None]:
        """The organisation as plain data (its kind as the value), as stored and served."""
        return {
            "code": self.code,
            "name": self.name,
            "kana": self.kana,
            "kind": self.kind.value,
            "parent": self.parent,
            "prefecture": self.prefecture,
            "population": self.population,
        }
