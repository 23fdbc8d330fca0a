"""A reply re-saved by LibreOffice (its own styles, shared strings, sheet order) still
collects exactly. CI installs LibreOffice (Debian: libreoffice-calc-nogui); the test
skips only when the binary is missing."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from shinchoku.inquiry import MadeForm, collect
from shinchoku.store import Database

from .conftest import YEAR, fill

SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def resave(path: Path, out_dir: Path) -> Path:
    assert SOFFICE is not None
    out_dir.mkdir()
    profile = out_dir.parent / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = out_dir / path.name
    assert result.is_file()
    return result


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_resaved_reply(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    filled = fill(
        forms["somu-gyosei"].path,
        tmp_path / "reply.xlsx",
        {
            ("telework", "mobile-work"): {
                "in.value": "３９０",
                "in.as_of": "R7.3",
                "in.status": "一部達成",
                "in.analysis": "出張時のモバイルワークが定着した。",
            },
            ("telework", "telework-pc-rate"): {"in.value": "約18%", "in.remarks": "速報値"},
        },
    )
    resaved = resave(filled, tmp_path / "lo")
    assert resaved.read_bytes() != filled.read_bytes()
    result = collect([resaved], YEAR, database=db)
    assert result.applied
    assert sorted((ch.subject, ch.field) for ch in result.changes) == [
        ("テレワークの導入", "要因分析"),
        ("テレワークの導入", "達成状況"),
        ("モバイルワーク実施回数", "実績値"),
        ("在宅勤務用ＰＣ稼働率", "実績値"),
    ]
    plan = db.load_plan()
    mobile = plan.kpi("mobile-work").observations[YEAR]
    assert (mobile.value.value, mobile.value.text) == (Decimal(390), "３９０")
    pc = plan.kpi("telework-pc-rate").observations[YEAR]
    assert (pc.value.value, pc.value.approximate, pc.provisional) == (Decimal(18), True, True)
    measure = next(m for _, m in plan.measures() if m.id == "telework")
    assert measure.years[YEAR].declared_status == "一部達成"
    assert pc.provenance is not None and pc.provenance.file == "reply.xlsx"
