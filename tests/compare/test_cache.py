"""Comparisons kept in memory while the figures stay the same, renewed by an import."""

from __future__ import annotations

from pathlib import Path

from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.service import ComparisonCache, compare, set_years
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import registry
from shinchoku.store import Database
from tests.compare.conftest import SURVEY


def test_kept_comparison_equals_a_fresh_one_until_an_import(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    cache = ComparisonCache()
    r = registry()
    cases = [
        ("online-rate", 2023, "040002", ["042021"]),
        ("cio", 2023, None, ["041009", "043010"]),
        ("cio", None, None, []),
    ]
    with db.engine.connect() as conn:
        for indicator, year, pref, focus in cases:
            fresh = compare(conn, r, "dx-survey", indicator, year, pref, focus)
            kept = compare(conn, r, "dx-survey", indicator, year, pref, focus, cache=cache)
            again = compare(conn, r, "dx-survey", indicator, year, pref, focus, cache=cache)
            assert kept.to_dict() == fresh.to_dict() == again.to_dict()
        assert set_years(conn, "dx-survey", cache) == [2022, 2023]
        before = compare(conn, r, "dx-survey", "cio", 2023, "040002", cache=cache)
    # a new answer: the revision moves, nothing kept is read again
    changed = tmp_path / "r5.csv"
    changed.write_text(
        "団体コード,団体名,年度,指標,値\n042056,気仙沼市,R5,cio,○\n043010,蔵王町,R6,cio,○\n",
        encoding="utf-8",
    )
    import_survey(db, changed, bundled_set(), r)
    with db.engine.connect() as conn:
        after = compare(conn, r, "dx-survey", "cio", 2023, "040002", cache=cache)
        assert set_years(conn, "dx-survey", cache) == [2022, 2023, 2024]
    assert (before.distribution.yes, after.distribution.yes) == (3, 4)


def test_what_several_threads_ask_for_at_once_is_made_once() -> None:
    import threading
    import time

    cache = ComparisonCache()
    made: list[int] = []

    def make() -> str:
        made.append(1)
        time.sleep(0.05)  # long enough for every thread to ask before it is kept
        return "the set"

    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.remember("set", ("r", "s"), make)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(made), got) == (1, ["the set"] * 8)
    assert cache.remember("set", ("r", "other"), make) == "the set" and len(made) == 2
