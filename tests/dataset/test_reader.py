"""Reading and writing datasets: round trip, and errors that name file, place and text."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from shinchoku.dataset import dataset_files, example_path, read_dataset, write_dataset
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError

from ..conftest import TOWN


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "ds"
    shutil.copytree(src, dst)
    return dst


def test_bundled_example_is_complete(example: Plan) -> None:
    areas = [a.id for a, _ in example.walk_areas()]
    assert areas == [
        "citizen",
        "local",
        "business",
        "foundation",
        "municipalities",
        "prefectural-foundation",
        "systems",
        "security",
        "people",
    ]
    assert len(list(example.measures())) == 27
    assert len(example.kpis) == 36
    assert sum(len(a.cards) for a, _ in example.walk_areas()) == 12
    inits = [i for a, _ in example.walk_areas() for g in a.guidelines for i in g.initiatives[2023]]
    assert len(inits) == 50
    assert sum(i.new for i in inits) == 9


def test_shared_kpi_is_one_kpi(example: Plan) -> None:
    places = example.kpi_places("ict-teaching-skill")
    assert [(a.id, m.id) for a, m in places] == [
        ("citizen", "education-informatization"),
        ("people", "ict-lesson-improvement"),
    ]
    assert [k.id for k in example.kpis].count("ict-teaching-skill") == 1
    by_kpi = example.places_by_kpi()
    assert by_kpi["ict-teaching-skill"] == places
    assert by_kpi == {k.id: example.kpi_places(k.id) for k in example.kpis}


def test_figures_keep_their_text(example: Plan) -> None:
    od = example.kpi("open-data-datasets")
    assert od.targets[2023].text == "４００"
    assert od.targets[2023].value == 400
    assert od.baseline.as_of is not None and od.baseline.as_of.text == "R3.3"
    assert od.baseline.as_of.fiscal_year == 2020  # March 2021 lies in FY2020
    maps = example.kpi("tourism-map-views")
    obs = maps.observations[2023].value
    assert (obs.text, obs.value, obs.approximate) == ("約5万2千件", 52000, True)


@pytest.mark.parametrize("source", [example_path(), TOWN], ids=["example", "town"])
def test_export_is_canonical_and_lossless(source: Path, tmp_path: Path) -> None:
    plan = read_dataset(source)
    write_dataset(plan, tmp_path / "out")
    again = read_dataset(tmp_path / "out")
    assert again == plan
    assert again.model_dump(mode="json") == plan.model_dump(mode="json")
    # A second export of the re-read plan gives the same bytes.
    assert dataset_files(again) == dataset_files(plan)


def test_bundled_example_files_are_in_canonical_form() -> None:
    """Apart from the header comments, the shipped files are what export writes."""
    plan = read_dataset(example_path())
    for rel, text in dataset_files(plan).items():
        shipped = (example_path() / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        body = "".join(line for line in shipped if not line.startswith("#"))
        assert body == text, rel


def test_malformed_yaml_names_file_line_and_text(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "  unit: [件"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert p.code == "invalid-yaml"
    assert p.place.file == "kpis.yaml"
    assert p.place.line is not None and p.place.line >= 4


def test_unreadable_value_names_file_place_and_text(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    text = path.read_text(encoding="utf-8").replace("value: '18'", "value: 十八くらい")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert p.code == "unparseable-value"
    assert p.place.file == "kpis.yaml"
    assert p.place.path == "[1].observations[2024].value"
    assert p.place.line == text.splitlines().index("      value: 十八くらい") + 1
    assert p.found == "十八くらい"
    assert "十八くらい" in p.describe()


def test_unknown_reference_is_refused(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "areas" / "02-schools.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- device-use", "- no-such-kpi"), encoding="utf-8"
    )
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert "no-such-kpi" in p.message
    # reported where it is written, not at plan.yaml:1
    assert (p.code, p.place.file, p.found) == (
        "unknown-reference",
        "areas/02-schools.yaml",
        "no-such-kpi",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert p.place.line == next(i for i, line in enumerate(lines) if "no-such-kpi" in line) + 1
    assert p.place.path is not None and p.place.path.endswith(".kpis[0]")


def test_every_bad_reference_and_duplicate_is_reported_in_its_file(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    kpis = ds / "kpis.yaml"
    kpis.write_text(
        kpis.read_text(encoding="utf-8") + "- id: counter-wait\n  name: 二度目\n",
        encoding="utf-8",
    )
    plan = ds / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "  - where: 概要版", "  - where: 概要版\n    area: nowhere"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    found = {(p.code, p.place.file, p.found) for p in info.value.problems}
    assert found == {
        ("duplicate-id", "kpis.yaml", "counter-wait"),
        ("unknown-reference", "plan.yaml", "nowhere"),
    }
    assert all(p.place.line is not None and p.place.line > 1 for p in info.value.problems)


def test_unreadable_figure_says_what_would_be_accepted(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: '18'", "value: 18件くらい"),
        encoding="utf-8",
    )
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert p.expected is not None and "88.1%(R3)" in p.expected
    assert "expected None" not in p.describe()


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert (p.code, p.place.file, p.place.path) == ("unknown-field", "plan.yaml", "colour")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ShinchokuError) as info:
        read_dataset(tmp_path / "nowhere")
    assert info.value.problem.code == "dataset-not-found"


# -- figures as printed ---------------------------------------------------------------------

_AS_PRINTED = """- id: groups
  name: 協働する団体数
  unit: 団体等
  baseline:
    value: 10 団体等（R5.3末）
  targets:
    2024: 12団体等
  final_target: 1万団体等
  observations:
    2023:
      value: 11 団体等(令和5年度)
    2024:
      value: 小 8団体等 中 6団体等 計 14団体等
- id: visits
  name: サイトの閲覧数
  unit: 万回
  baseline:
    value: 1,200 万回
    as_of: R4年度
  targets:
    2024: 2,300万件→3,100万回
  observations:
    2024:
      value: 2,800 万回（R6年度）
"""


def test_figures_are_read_as_printed_with_the_kpis_unit(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    path.write_text(path.read_text(encoding="utf-8") + _AS_PRINTED, encoding="utf-8")
    plan = read_dataset(ds)
    groups = plan.kpi("groups")
    assert groups.baseline.value is not None
    assert (groups.baseline.value.value, groups.baseline.value.unit) == (10, "団体等")
    assert groups.baseline.as_of is not None  # taken from the printed period
    assert (groups.baseline.as_of.fiscal_year, groups.baseline.as_of.month) == (2022, 3)
    assert groups.targets[2024].value == 12
    assert groups.final_target is not None and groups.final_target.value == 10000
    assert groups.observations[2023].as_of is not None
    assert groups.observations[2023].as_of.fiscal_year == 2023
    parts = groups.observations[2024].value.parts
    assert [(p.label, p.value, p.unit) for p in parts] == [
        ("小", 8, "団体等"),
        ("中", 6, "団体等"),
        ("計", 14, "団体等"),
    ]
    assert groups.observations[2024].value.value == 14
    visits = plan.kpi("visits")
    assert visits.baseline.value is not None and visits.baseline.value.value == 1200
    target = visits.targets[2024].figure
    assert target is not None and target.value == 3100 and target.unit == "万回"
    assert target.start is not None and (target.start.value, target.start.unit) == (
        23_000_000,
        "件",
    )
    # written back exactly as printed, and read back the same
    out = tmp_path / "out"
    write_dataset(plan, out)
    written = (out / "kpis.yaml").read_text(encoding="utf-8")
    assert "value: 11 団体等(令和5年度)" in written
    assert "as_of: R5.3末" not in written  # the printed period is not repeated
    assert read_dataset(out) == plan


def test_a_period_unlike_the_printed_one_is_kept(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    printed = "    value: 10 団体等（R5.3末）"
    text = _AS_PRINTED.replace(printed, printed + "\n    as_of: R4.3")
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    plan = read_dataset(ds)
    baseline = plan.kpi("groups").baseline
    assert baseline.as_of is not None and baseline.as_of.text == "R4.3"
    assert baseline.value is not None and baseline.value.as_of is not None
    assert baseline.value.as_of.text == "R5.3末"


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("as_of: R4.3", "as_of: 1920年度", "[0].baseline.as_of"),
        ("as_of: R4.3", "as_of: {text: 大正9年度, fiscal_year: 1920}", "[0].baseline.as_of"),
        ("    2023: '40'", "    1920: '40'", "[0].targets"),
        ("as_of: R4.3", "as_of: H31.12", "[0].baseline.as_of"),
    ],
)
def test_a_year_the_report_cannot_print_is_refused_at_load(
    tmp_path: Path, old: str, new: str, path: str
) -> None:
    ds = _copy(TOWN, tmp_path)
    kpis = ds / "kpis.yaml"
    text = kpis.read_text(encoding="utf-8").replace(old, new, 1)
    kpis.write_text(text, encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert p.place.file == "kpis.yaml"
    assert p.place.path is not None and p.place.path.startswith(path)
    assert (
        p.place.line == text.splitlines().index(next(x for x in text.splitlines() if new in x)) + 1
    )


def test_cards_read_figures_with_their_kpis_unit(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    kpis = ds / "kpis.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8") + _AS_PRINTED, encoding="utf-8")
    area = ds / "areas" / "02-schools.yaml"
    area.write_text(
        area.read_text(encoding="utf-8")
        + "cards:\n  - kpi: groups\n    baseline: 10 団体等\n    actual: 14団体等（R6年度）\n",
        encoding="utf-8",
    )
    card = read_dataset(ds).area("schools").cards[0]
    assert card.actual is not None and (card.actual.value, card.actual.unit) == (14, "団体等")
    assert card.actual.as_of is not None and card.actual.as_of.fiscal_year == 2024
    assert card.baseline is not None and card.baseline.value == 10


def test_explicit_parts_round_trip_when_the_text_is_not_read(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    kpis = ds / "kpis.yaml"
    kpis.write_text(
        kpis.read_text(encoding="utf-8")
        + """- id: by-sex
  name: 男女別の割合
  unit: '%'
  observations:
    2024:
      value:
        text: 男性は6割強、女性は7割
        value: null
        parts:
          - {label: 男, value: '62.3', unit: '%'}
          - {label: 女, value: '70.1', unit: '%'}
""",
        encoding="utf-8",
    )
    plan = read_dataset(ds)
    value = plan.kpi("by-sex").observations[2024].value
    assert [(p.label, p.value) for p in value.parts] == [
        ("男", Decimal("62.3")),
        ("女", Decimal("70.1")),
    ]
    out = tmp_path / "out"
    write_dataset(plan, out)
    assert read_dataset(out) == plan


def test_undeclared_part_label_names_field_label_and_accepted_ones(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    text = path.read_text(encoding="utf-8").replace("value: 小 84% 中 72%", "value: 小 84% 高 72%")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    p = info.value.problem
    assert p.code == "undeclared-part-label"
    assert p.place.file == "kpis.yaml"
    assert p.place.path == "[5].observations[2024].value"
    assert p.place.line == text.splitlines().index("      value: 小 84% 高 72%") + 1
    assert p.found == "高"
    assert "'小 84% 高 72%'" in p.message and "accepted: 小、中、計" in p.message


def test_breakdown_value_declared_twice_is_refused(tmp_path: Path) -> None:
    ds = _copy(TOWN, tmp_path)
    path = ds / "kpis.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      性別:\n        - 男\n        - 女\n",
        "      性別:\n        - 男\n        - 女\n      保護者:\n        - 女\n",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShinchokuError) as info:
        read_dataset(ds)
    assert "'女' is declared twice (in '性別' and '保護者')" in info.value.problem.message
