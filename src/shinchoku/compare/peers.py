"""Peer groups (比較グループ): built-in ones computed from the organisation list.

Built in, for a municipality: the other municipalities of its prefecture
(``prefecture:<code>``), every municipality of its kind (``kind:<kind>``) and, when the
list carries populations, every municipality of its population class
(``population:<class>``). For a prefecture: the 47 prefectures. User-defined groups are
stored (:func:`shinchoku.compare.store.save_peer_group`) and given here by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shinchoku.orgs import Organisation, OrgKind, Registry

# 人口規模 classes (upper bounds, exclusive), as municipal statistics commonly group them.
POPULATION_CLASSES: tuple[tuple[str, int | None], ...] = (
    ("under-10k", 10_000),
    ("10k-50k", 50_000),
    ("50k-100k", 100_000),
    ("100k-200k", 200_000),
    ("200k-500k", 500_000),
    ("500k-plus", None),
)


@dataclass(frozen=True, slots=True)
class PeerGroup:
    id: str
    name: str
    members: frozenset[str]


def population_class(population: int) -> str:
    for name, bound in POPULATION_CLASSES:
        if bound is None or population < bound:
            return name
    raise AssertionError("unreachable")


def built_in_groups(org: Organisation, registry: Registry) -> list[PeerGroup]:
    """The computed peer groups ``org`` belongs to, in a fixed order."""
    if org.kind is OrgKind.PREFECTURE:
        return [
            PeerGroup("prefectures", "都道府県", frozenset(o.code for o in registry.prefectures()))
        ]
    if not org.kind.is_municipality or org.prefecture is None:
        return []
    pref = registry.get(org.prefecture)
    groups = [
        PeerGroup(
            f"prefecture:{org.prefecture}",
            f"{pref.name if pref else org.prefecture}の市区町村",
            frozenset(o.code for o in registry.municipalities(org.prefecture)),
        ),
        PeerGroup(
            f"kind:{org.kind.value}",
            f"全国の{org.kind.label}",
            frozenset(o.code for o in registry.of_kind(org.kind)),
        ),
    ]
    if org.population is not None:
        cls = population_class(org.population)
        members = frozenset(
            o.code
            for o in registry.municipalities()
            if o.population is not None and population_class(o.population) == cls
        )
        groups.append(PeerGroup(f"population:{cls}", f"人口規模 {cls}", members))
    return groups


def peer_groups(
    org: Organisation,
    registry: Registry,
    user_groups: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
) -> list[PeerGroup]:
    """Built-in groups, then the user-defined groups that have ``org`` as a member."""
    out = built_in_groups(org, registry)
    for gid, (name, members) in sorted((user_groups or {}).items()):
        if org.code in members:
            out.append(PeerGroup(f"user:{gid}", name, frozenset(members)))
    return out
