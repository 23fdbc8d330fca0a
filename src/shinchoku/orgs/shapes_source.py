"""Build the shipped municipal boundaries (``data/shapes.json``) from a boundary source.

Sources read: a GeoJSON ``FeatureCollection`` whose features carry a ``code`` property
(気象庁's area files: 7 digits, the 5-digit JIS code and a 2-digit part, 「0410001」
仙台市東部), or a TopoJSON topology (jpn-atlas, 国土数値情報 N03 converted) whose
geometries carry a 5- or 6-digit code; the arcs are decoded here, no GIS package is
needed. ``scripts/build-municipal-shapes`` calls :func:`build_shapes`.

What the build does, per prefecture:

- maps each source code to the registry's 団体コード: 5 digits get their check digit;
  the parts of one municipality (気象庁 splits some into 東部/西部) and the wards of a
  政令市 (N03) are joined into the city, since the comparison counts the 市区町村;
  codes the registry does not know (北方領土, merged municipalities) are reported;
- drops islands far from a municipality's main land (沖ノ鳥島 and 南鳥島 of 小笠原村),
  then moves the remote island groups of 東京都 and 沖縄県 into insets beside the main
  land, each framed on the map, so the main land is not a speck;
- projects (equirectangular, longitude scaled by the cosine of the middle latitude),
  scales the prefecture into a frame whose longer side is :data:`SIZE` units, rounds to
  integers, joins a municipality's parts along their shared edges, simplifies each ring
  (Douglas–Peucker, :data:`TOLERANCE` units), drops rings smaller than
  :data:`MIN_AREA` square units (never a municipality's largest), and writes each
  municipality as one SVG path of relative moves.

The same input gives the same file, byte for byte.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shinchoku.orgs.codes import check_digit, is_valid
from shinchoku.orgs.organisation import OrgKind
from shinchoku.orgs.registry import Registry

Point = tuple[float, float]
Ring = list[Point]
IPoint = tuple[int, int]

SIZE = 1000  # the longer side of a prefecture's frame, in units
PAD = 8  # units of margin around the frame's content
TOLERANCE = 0.9  # Douglas–Peucker tolerance, in units
MIN_AREA = 6.0  # square units: smaller rings (islets) are dropped
FAR = 1.2  # degrees: a ring this far from its municipality's main ring is dropped
GAP = 30  # units between the main land and an inset

# Remote island groups drawn as insets to the right of the main land, in order, each at
# its own scale (伊豆諸島 span 2.4° of latitude, 東京都's main land 0.4°).
INSETS: dict[str, tuple[tuple[float, tuple[str, ...]], ...]] = {
    "130001": (  # 東京都: 伊豆諸島, 小笠原諸島
        (0.2, ("133612", "133621", "133639", "133647", "133817", "133825", "134015", "134023")),
        (0.3, ("134210",)),
    ),
    "460001": (  # 鹿児島県: トカラ列島 and 奄美群島
        (0.6, ("463043", "462225", "465232", "465241", "465259", "465275", "465291", "465305",
               "465313", "465321", "465330", "465348", "465356")),
    ),
    "470007": (  # 沖縄県: 宮古, 八重山, 大東
        (1.0, ("472140", "473758")),
        (1.0, ("472077", "473812", "473821")),
        (1.0, ("473570", "473588")),
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Feature:
    """One area of a source: its code as the source writes it, and its polygons
    (each an outer ring then its holes), in longitude and latitude."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


@dataclass
class Report:
    """What the build matched and what it left out, for the script to print."""

    joined: dict[str, list[str]] = field(default_factory=dict)  # 団体コード → source codes
    unknown: list[tuple[str, str]] = field(default_factory=list)  # source code, name
    missing: list[str] = field(default_factory=list)  # municipalities without a shape


# --- reading sources ---------------------------------------------------------------


def features_from_geojson(doc: Mapping[str, Any], code_key: str = "code") -> Iterator[Feature]:
    """The features of a GeoJSON FeatureCollection (Polygon and MultiPolygon)."""
    for f in doc.get("features", []):
        props = f.get("properties") or {}
        geom = f.get("geometry") or {}
        code = str(props.get(code_key, ""))
        name = str(props.get("name", ""))
        if geom.get("type") == "Polygon":
            polys = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            continue
        yield Feature(
            code,
            name,
            tuple(tuple([(float(x), float(y)) for x, y, *_ in ring] for ring in p) for p in polys),
        )


def decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    """A topology's arcs as absolute positions: delta-decoded and transformed when the
    topology is quantised."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            ring: Ring = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                ring.append((x * sx + tx, y * sy + ty))
            arcs.append(ring)
        else:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
    return arcs


def _ring(arcs: Sequence[Ring], indices: Iterable[int]) -> Ring:
    out: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        # consecutive arcs share their joining point: keep it once
        out.extend(arc[1:] if out else arc)
    return out


def features_from_topojson(
    topology: Mapping[str, Any], object_name: str, code_key: str = "id"
) -> Iterator[Feature]:
    """The geometries of one object of a TopoJSON topology, their arcs decoded; the code
    is the geometry's ``id`` or, with ``code_key``, one of its properties."""
    arcs = decode_arcs(topology)
    for g in topology["objects"][object_name]["geometries"]:
        props = g.get("properties") or {}
        code = str(g.get(code_key) if code_key == "id" else props.get(code_key, ""))
        name = str(props.get("name", props.get("nam_ja", "")))
        if g.get("type") == "Polygon":
            polys = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        yield Feature(
            code, name, tuple(tuple(_ring(arcs, ring) for ring in poly) for poly in polys)
        )


def embedded_archives(blob: bytes) -> dict[str, bytes]:
    """The members of every ZIP archive stored inside ``blob`` (a compiled library that
    embeds its data as ZIP files, like the PyPI package ``reversejp``), by name."""
    out: dict[str, bytes] = {}
    at = 0
    while (end := blob.find(b"PK\x05\x06", at)) >= 0:
        at = end + 4
        size = int.from_bytes(blob[end + 12 : end + 16], "little")
        offset = int.from_bytes(blob[end + 16 : end + 20], "little")
        start = end - size - offset
        if start < 0 or blob[start : start + 4] != b"PK\x03\x04":
            continue
        with zipfile.ZipFile(io.BytesIO(blob[start : end + 22])) as z:
            for name in z.namelist():
                out[name] = z.read(name)
    return out


# --- codes -------------------------------------------------------------------------


def municipality_code(source_code: str, registry: Registry) -> str | None:
    """The 市区町村 a source code stands for: 5 digits (JIS, no check digit), 6 digits
    (団体コード) or 7 (気象庁: 5 digits and a part); a 政令市's ward gives its city.
    ``None`` when the registry has no such municipality."""
    digits = source_code.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (5, 6, 7):
        return None
    five = digits[:5]
    code = five + str(check_digit(five))
    if len(digits) == 6 and not is_valid(digits):
        return None
    org = registry.get(code)
    if org is not None and org.kind is OrgKind.WARD and org.parent is not None:
        org = registry.get(org.parent)
    if org is None or not org.kind.is_municipality:
        return None
    return org.code


# --- geometry ----------------------------------------------------------------------


def ring_area(ring: Sequence[tuple[float, float]]) -> float:
    """Signed area by the shoelace formula."""
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)
    )


def _centre(ring: Ring) -> Point:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def _near_rings(polygons: Sequence[Sequence[Ring]]) -> list[list[Ring]]:
    """The polygons whose outer ring lies within :data:`FAR` degrees of the largest."""
    polys = [list(p) for p in polygons if p and len(p[0]) >= 3]
    if not polys:
        return []
    main = max(polys, key=lambda p: abs(ring_area(p[0])))
    cx, cy = _centre(main[0])
    out = []
    for p in polys:
        x, y = _centre(p[0])
        if math.hypot(x - cx, y - cy) <= FAR:
            out.append(p)
    return out


def simplify(points: Sequence[IPoint], tolerance: float) -> list[IPoint]:
    """Douglas–Peucker on an open line (its two ends kept), iteratively."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / length
            if d > best:
                best, at = d, i
        if best > tolerance and at > 0:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Sequence[IPoint], tolerance: float) -> list[IPoint]:
    """A closed ring simplified: split at its first point and the point farthest from
    it, each half simplified, so the ring keeps its extent."""
    pts = _dedupe(ring)
    if len(pts) < 4:
        return pts
    x0, y0 = pts[0]
    far = max(range(len(pts)), key=lambda i: (pts[i][0] - x0) ** 2 + (pts[i][1] - y0) ** 2)
    first = simplify(pts[: far + 1], tolerance)
    second = simplify([*pts[far:], pts[0]], tolerance)
    return _dedupe(first[:-1] + second[:-1])


def _dedupe(ring: Sequence[IPoint]) -> list[IPoint]:
    out: list[IPoint] = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def dissolve(rings: Sequence[Sequence[IPoint]]) -> list[list[IPoint]]:
    """Rings of several touching parts joined into the rings of their union: every
    edge that two parts share (drawn once each way) is removed, and the remaining
    edges are chained back into rings, deterministically."""
    edges: dict[tuple[IPoint, IPoint], int] = {}
    for ring in rings:
        pts = _dedupe(ring)
        for a, b in zip(pts, [*pts[1:], pts[0]], strict=True):
            if edges.get((b, a)):
                edges[(b, a)] -= 1
                if not edges[(b, a)]:
                    del edges[(b, a)]
            else:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    nexts: dict[IPoint, list[IPoint]] = {}
    for (a, b), count in sorted(edges.items()):
        nexts.setdefault(a, []).extend([b] * count)
    out: list[list[IPoint]] = []
    for start in sorted(nexts):
        while nexts.get(start):
            ring = [start]
            here = nexts[start].pop(0)
            while here != start and nexts.get(here):
                ring.append(here)
                here = nexts[here].pop(0)
            if len(ring) >= 3:
                out.append(ring)
    return out


def svg_path(rings: Sequence[Sequence[IPoint]]) -> str:
    """Rings as SVG path data: an absolute move, then relative lines, closed."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        text = f"M{x} {y}"
        if rest:
            moves = []
            for px, py in rest:
                moves.append(f"{px - x} {py - y}")
                x, y = px, py
            text += "l" + " ".join(moves).replace(" -", "-")
        parts.append(text + "z")
    return "".join(parts)


# --- the build ---------------------------------------------------------------------


def build_shapes(
    features: Iterable[Feature],
    registry: Registry,
    source: Sequence[str],
    insets: Mapping[str, Sequence[tuple[float, Sequence[str]]]] = INSETS,
) -> tuple[dict[str, Any], Report]:
    """The shipped document and what was matched. ``source`` lines name the source,
    its licence and date (the file's ``source`` field)."""
    report = Report()
    polygons: dict[str, list[list[Ring]]] = {}
    for f in features:
        code = municipality_code(f.code, registry)
        if code is None:
            report.unknown.append((f.code, f.name))
            continue
        report.joined.setdefault(code, []).append(f.code)
        polygons.setdefault(code, []).extend([list(p) for p in f.polygons])
    prefectures: dict[str, Any] = {}
    shapes: dict[str, str] = {}
    for pref in registry.prefectures():
        members = [m.code for m in registry.municipalities(pref.code) if m.code in polygons]
        if not members:
            continue
        frame, paths = _prefecture(
            pref.code,
            {m: _near_rings(polygons[m]) for m in members},
            {m: len(report.joined[m]) > 1 for m in members},
            insets.get(pref.code, ()),
        )
        prefectures[pref.code] = frame
        shapes.update(paths)
    report.missing = [m.code for m in registry.municipalities() if m.code not in shapes]
    doc = {
        "source": list(source),
        "size": SIZE,
        "prefectures": prefectures,
        "shapes": dict(sorted(shapes.items())),
    }
    return doc, report


def _prefecture(
    pref: str,
    polys: dict[str, list[list[Ring]]],
    parted: dict[str, bool],
    insets: Sequence[tuple[float, Sequence[str]]],
) -> tuple[dict[str, Any], dict[str, str]]:
    in_inset = {c for _, group in insets for c in group}
    main = [c for c in polys if c not in in_inset]
    lat = [p[1] for c in main for poly in polys[c] for p in poly[0]]
    k = math.cos(math.radians((min(lat) + max(lat)) / 2)) if lat else 1.0

    def project(ring: Ring) -> Ring:
        return [(x * k, -y) for x, y in ring]

    projected = {c: [[project(r) for r in poly] for poly in ps] for c, ps in polys.items()}

    def bbox(codes: Iterable[str]) -> tuple[float, float, float, float]:
        pts = [p for c in codes for poly in projected[c] for p in poly[0]]
        return (
            min(p[0] for p in pts),
            min(p[1] for p in pts),
            max(p[0] for p in pts),
            max(p[1] for p in pts),
        )

    x0, y0, x1, y1 = bbox(main)
    # the frame's scale from the main land alone first, to size the gap between insets
    unit = max(x1 - x0, y1 - y0) / SIZE
    frames: list[tuple[float, float, float, float]] = []
    right = x1
    for factor, group in insets:
        codes = [c for c in group if c in projected]
        if not codes:
            continue
        gx0, gy0, gx1, gy1 = bbox(codes)
        ox, oy = right + GAP * unit, y0  # the inset's top left corner
        for c in codes:
            projected[c] = [
                [[(ox + (x - gx0) * factor, oy + (y - gy0) * factor) for x, y in r] for r in poly]
                for poly in projected[c]
            ]
        frames.append((ox, oy, ox + (gx1 - gx0) * factor, oy + (gy1 - gy0) * factor))
        right = ox + (gx1 - gx0) * factor
    bx0, by0, bx1, by1 = bbox(projected)
    scale = (SIZE - 2 * PAD) / max(bx1 - bx0, by1 - by0)

    def grid(ring: Ring) -> list[IPoint]:
        return [(round((x - bx0) * scale) + PAD, round((y - by0) * scale) + PAD) for x, y in ring]

    paths: dict[str, str] = {}
    for c in sorted(projected):
        rings = [grid(r) for poly in projected[c] for r in poly]
        if parted[c]:
            rings = dissolve(rings)
        kept = [simplify_ring(r, TOLERANCE) for r in rings]
        kept = [r for r in kept if len(r) >= 3]
        if not kept:
            continue
        largest = max(kept, key=lambda r: abs(ring_area(r)))
        kept = [r for r in kept if r is largest or abs(ring_area(r)) >= MIN_AREA]
        paths[c] = svg_path(kept)
    width = round((bx1 - bx0) * scale) + 2 * PAD
    height = round((by1 - by0) * scale) + 2 * PAD
    insets_out = []
    for fx0, fy0, fx1, fy1 in frames:
        ix0, iy0 = round((fx0 - bx0) * scale), round((fy0 - by0) * scale)
        ix1, iy1 = round((fx1 - bx0) * scale), round((fy1 - by0) * scale)
        insets_out.append([ix0 + PAD // 2, iy0 + PAD // 2, ix1 - ix0 + PAD, iy1 - iy0 + PAD])
    return {"width": width, "height": height, "insets": insets_out}, paths


def to_json(doc: Mapping[str, Any]) -> str:
    """The shipped file's text: sorted keys, no spaces, one trailing newline."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
