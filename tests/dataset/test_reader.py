"""Reading and writing datasets: round trip, and errors that name file, place and text."""

from __future__ import annotations

import shutil
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
    assert "no-such-kpi" in info.value.problem.message


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
