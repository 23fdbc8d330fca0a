"""Municipal boundaries: the shipped file covers the list, and the build reads its
sources (GeoJSON, TopoJSON, archives inside a library) the same way every time."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from shinchoku.orgs import registry
from shinchoku.orgs.shapes import NO_SHAPE, shapes
from shinchoku.orgs.shapes_source import (
    INSETS,
    build_shapes,
    decode_arcs,
    dissolve,
    embedded_archives,
    features_from_geojson,
    features_from_topojson,
    municipality_code,
    simplify,
    svg_path,
    to_json,
)


def points(path: str) -> list[list[tuple[int, int]]]:
    """The rings of a path as absolute points (the shipped form: M x y, relative l, z)."""
    rings = []
    for m in re.finditer(r"M(-?\d+) (-?\d+)(?:l([-\d ]+))?z", path):
        x, y = int(m.group(1)), int(m.group(2))
        ring = [(x, y)]
        nums = [int(n) for n in re.findall(r"-?\d+", m.group(3) or "")]
        for dx, dy in zip(nums[::2], nums[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    assert "".join(m.group(0) for m in re.finditer(r"M[^M]*", path)) == path
    return rings


def test_every_municipality_has_a_shape_or_a_documented_reason() -> None:
    s = shapes()
    r = registry()
    for pref in r.prefectures():
        for m in r.municipalities(pref.code):
            assert m.code in s.paths or m.code in NO_SHAPE, f"{m.code} {m.name} has no shape"
    for code, reason in NO_SHAPE.items():
        org = r.get(code)
        assert org is not None and org.kind.is_municipality and code not in s.paths
        assert reason
    # nothing else is drawn: no 行政区, no 北方領土, no former municipality
    assert set(s.paths) <= {m.code for m in r.municipalities()}
    assert len(s.paths) == 1741 - len(NO_SHAPE)


def test_shapes_lie_in_their_prefecture_frame() -> None:
    s = shapes()
    assert sorted(s.frames) == sorted(p.code for p in registry().prefectures())
    for code, path in s.paths.items():
        org = registry().get(code)
        assert org is not None and org.prefecture is not None
        frame = s.frame(org.prefecture)
        assert frame is not None and max(frame.width, frame.height) == 1000
        for ring in points(path):
            assert len(ring) >= 3
            assert all(0 <= x <= frame.width and 0 <= y <= frame.height for x, y in ring)
    tokyo = s.frame("130001")
    assert tokyo is not None and len(tokyo.insets) == 2  # 伊豆諸島, 小笠原諸島
    assert sum(len(g) for _, g in INSETS["130001"]) == 9


def test_the_shipped_file_names_its_source_licence_and_date() -> None:
    text = " ".join(shapes().source)
    assert "気象庁" in text and "licence" in text and "as_of: 20" in text


def test_source_codes_map_to_the_current_municipality() -> None:
    r = registry()
    assert municipality_code("0410001", r) == "041009"  # 仙台市東部 (気象庁's part) → 仙台市
    assert municipality_code("04100", r) == "041009"  # JIS without check digit
    assert municipality_code("041017", r) == "041009"  # 青葉区 (N03's ward) → 仙台市
    assert municipality_code("042021", r) == "042021"
    assert municipality_code("042022", r) is None  # wrong check digit
    assert municipality_code("hoppo", r) is None  # 北方領土
    assert municipality_code("01695", r) is None  # 色丹村: not in the list
    assert municipality_code("04000", r) is None  # the prefecture itself


def test_topojson_arcs_are_decoded() -> None:
    # two unit squares side by side sharing the arc x=1, quantised by 1/2
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [140, 38]},
        "arcs": [
            [[2, 0], [-2, 0], [0, 2], [2, 0]],  # left outside: (1,0)→(0,0)→(0,1)→(1,1)
            [[2, 2], [0, -2]],  # the shared edge, (1,1)→(1,0)
            [[2, 2], [2, 0], [0, -2], [-2, 0]],  # right outside: (1,1)→(2,1)→(2,0)→(1,0)
        ],
        "objects": {
            "m": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "04202", "arcs": [[0, 1]]},
                    {"type": "MultiPolygon", "id": "042030", "arcs": [[[2, ~1]]]},
                    {"type": "LineString", "id": "x", "arcs": [1]},
                ],
            }
        },
    }
    assert decode_arcs(topology)[1] == [(141.0, 39.0), (141.0, 38.0)]
    left, right = features_from_topojson(topology, "m")
    assert left.code == "04202"
    assert left.polygons == (
        ([(141.0, 38.0), (140.0, 38.0), (140.0, 39.0), (141.0, 39.0), (141.0, 38.0)],),
    )
    assert right.polygons[0][0] == [
        (141.0, 39.0),
        (142.0, 39.0),
        (142.0, 38.0),
        (141.0, 38.0),
        (141.0, 39.0),  # the shared edge, walked backwards
    ]


def test_parts_are_joined_along_their_shared_edge() -> None:
    a = [(0, 0), (2, 0), (2, 2), (0, 2)]
    b = [(2, 0), (4, 0), (4, 2), (2, 2)]
    (ring,) = dissolve([a, b])
    assert sorted(ring) == sorted([(0, 0), (2, 0), (4, 0), (4, 2), (2, 2), (0, 2)])
    assert len(dissolve([a, [(10, 10), (11, 10), (11, 11)]])) == 2  # apart: both kept


def test_simplify_keeps_ends_and_drops_small_wiggles() -> None:
    line = [(0, 0), (5, 0), (10, 1), (15, 0), (20, 0), (20, 20)]
    assert simplify(line, 1.5) == [(0, 0), (20, 0), (20, 20)]
    assert simplify(line, 0.5) == [(0, 0), (10, 1), (20, 0), (20, 20)]  # the wiggle stays
    assert svg_path([[(3, 4), (5, 4), (5, 1)]]) == "M3 4l2 0 0-3z"


def test_build_joins_parts_reports_unknown_and_is_deterministic() -> None:
    sq = [(140.8, 38.2), (141.0, 38.2), (141.0, 38.4), (140.8, 38.4), (140.8, 38.2)]
    east = [(141.0, 38.2), (141.2, 38.2), (141.2, 38.4), (141.0, 38.4), (141.0, 38.2)]
    far = [(141.5, 38.3), (141.6, 38.3), (141.6, 38.4), (141.5, 38.3)]
    islet = [(141.3, 38.3), (141.3001, 38.3), (141.3001, 38.3001), (141.3, 38.3)]
    geo = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            for code, name, ring in (
                ("0410001", "仙台市西部", sq),
                ("0410002", "仙台市東部", east),
                ("0420300", "塩竈市", far),
                ("0999900", "どこでもない", far),
            )
        ]
        + [
            {
                "type": "Feature",
                "properties": {"code": "0420300", "name": "塩竈市の小島"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[islet]]},
            },
            {"type": "Feature", "properties": {"code": "x"}, "geometry": {"type": "Point"}},
        ],
    }
    features = list(features_from_geojson(geo))
    assert [f.code for f in features][:2] == ["0410001", "0410002"]
    doc, report = build_shapes(features, registry(), ["test source"])
    assert report.joined == {"041009": ["0410001", "0410002"], "042030": ["0420300", "0420300"]}
    assert report.unknown == [("0999900", "どこでもない")]
    assert "041009" not in report.missing and "042021" in report.missing
    assert sorted(doc["shapes"]) == ["041009", "042030"]
    (sendai,) = points(doc["shapes"]["041009"])
    assert len(sendai) == 4  # the two squares joined into one rectangle
    assert len(points(doc["shapes"]["042030"])) == 1  # the islet is dropped
    frame = doc["prefectures"]["040002"]
    assert max(frame["width"], frame["height"]) == 1000 and frame["insets"] == []
    again, _ = build_shapes(list(features_from_geojson(geo)), registry(), ["test source"])
    assert to_json(again) == to_json(doc)


def test_archives_inside_a_library_are_found() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("landslides_0.json", '{"features": []}')
    blob = b"\x7fELF code" + buf.getvalue() + b"more code PK\x05\x06 not an archive" + b"\0" * 30
    assert embedded_archives(blob) == {"landslides_0.json": b'{"features": []}'}


@pytest.mark.parametrize("code", ["130001", "460001", "470007"])
def test_inset_codes_are_municipalities_of_their_prefecture(code: str) -> None:
    members = {m.code for m in registry().municipalities(code)}
    for _, group in INSETS[code]:
        assert set(group) <= members
