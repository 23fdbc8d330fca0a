"""The municipal map: the shipped boundaries' size and load time, and the map of each
prefecture's municipalities built and rendered (CPU time, SVG bytes).

    PYTHONPATH=src .venv/bin/python bench/bench_munimap.py [--reversejp WHEEL]

With ``--reversejp`` the build of ``shapes.json`` from the package is timed too.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import zipfile
from decimal import Decimal
from importlib import resources
from pathlib import Path

from shinchoku.compare.charts import municipal_map
from shinchoku.compare.indicators import Computation
from shinchoku.orgs import registry
from shinchoku.orgs.shapes import read_shapes
from shinchoku.orgs.shapes_source import (
    build_shapes,
    embedded_archives,
    features_from_geojson,
    to_json,
)
from shinchoku.web.render import environment


def cpu() -> float:
    return time.process_time()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reversejp", type=Path)
    args = ap.parse_args()
    r = registry()
    if args.reversejp:
        t = cpu()
        with zipfile.ZipFile(args.reversejp) as z:
            blob = z.read(next(n for n in z.namelist() if n.endswith(".so")))
        members = embedded_archives(blob)
        features = [
            f
            for n in sorted(members)
            if n.startswith("landslides_")
            for f in features_from_geojson(json.loads(members[n]))
        ]
        doc, _ = build_shapes(features, r, ["bench"])
        text = to_json(doc)
        print(f"build from reversejp: {cpu() - t:.2f} CPU-s, {len(text.encode()):,} bytes")
    data = resources.files("shinchoku.orgs").joinpath("data", "shapes.json").read_bytes()
    t = cpu()
    shapes = read_shapes(json.loads(data))
    print(f"shapes.json: {len(data):,} bytes, loaded in {(cpu() - t) * 1000:.0f} CPU-ms")
    template = environment().get_template("compare/_choropleth.html")
    rng = random.Random(1)
    times = []
    sizes = {}
    for pref in r.prefectures():
        rows = [
            (m, None if rng.random() < 0.1 else Decimal(rng.randint(0, 1000)) / 1000, None)
            for m in r.municipalities(pref.code)
        ]
        t = cpu()
        m = municipal_map(rows, pref.code, Computation.YES_NO, boundaries=shapes)
        html = template.render(
            map=m, map_id="m", title="t", desc="d", longest=560, legend_name="凡例"
        )
        times.append(cpu() - t)
        sizes[pref.name] = len(html.encode())
    big = max(sizes, key=lambda k: sizes[k])
    print(
        f"map of a prefecture, built and rendered: median {statistics.median(times) * 1000:.1f}, "
        f"max {max(times) * 1000:.1f} CPU-ms; SVG median {statistics.median(sizes.values()):,.0f} "
        f"bytes, largest {big} {sizes[big]:,} bytes"
    )


if __name__ == "__main__":
    main()
