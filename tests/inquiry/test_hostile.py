"""Hostile and wrong files are refused, clearly and quickly, before any reader sees them."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from shinchoku.inquiry import Limits, MadeForm, collect
from shinchoku.inquiry.guard import check_file
from shinchoku.inquiry.layout import fingerprint
from shinchoku.inquiry.reader import read_reply
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database

from .conftest import YEAR, cell_of, field_columns, fill, input_sheet


def rezip(src: Path, dst: Path, change: dict[str, bytes | None], add: dict[str, bytes]) -> Path:
    """A copy of the workbook ``src`` with parts replaced (None: removed) or added."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in add.items():
            new.writestr(name, data)
    return dst


def refused(path: Path, db: Database, limits: Limits | None = None) -> list[str]:
    # How fast a hostile file is refused is measured in bench/ (bench_parser.py), not here.
    with pytest.raises(ShinchokuError) as caught:
        collect([path], YEAR, database=db, limits=limits)
    for p in caught.value.problems:
        assert p.place.file == path.name
    return [p.code for p in caught.value.problems]


def test_not_a_zip(tmp_path: Path, db: Database) -> None:
    (tmp_path / "reply.xlsx").write_text("集計表です", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    (tmp_path / "archive.xlsx").write_bytes(_zip({"readme.txt": b"hello"}))
    assert refused(tmp_path / "reply.xlsx", db) == ["not-a-workbook"]
    assert refused(tmp_path / "old.xls", db) == ["not-a-workbook"]
    assert refused(tmp_path / "archive.xlsx", db) == ["not-a-workbook"]


def test_macro_workbooks(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    src = forms["kikaku-digital"].path
    xlsm = tmp_path / "reply.xlsm"
    xlsm.write_bytes(src.read_bytes())
    assert refused(xlsm, db) == ["macro-workbook"]
    hidden = rezip(src, tmp_path / "macro.xlsx", {}, {"xl/vbaProject.bin": b"\0" * 64})
    assert refused(hidden, db) == ["macro-workbook"]


def test_zip_bomb(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    bomb = rezip(
        forms["kikaku-digital"].path,
        tmp_path / "bomb.xlsx",
        {},
        {"xl/worksheets/sheet9.xml": b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>"},
    )
    assert bomb.stat().st_size < 200_000
    assert refused(bomb, db) == ["zip-bomb"]
    many = rezip(forms["kikaku-digital"].path, tmp_path / "many.xlsx", {}, {})
    assert refused(many, db, Limits(max_unpacked_bytes=10_000)) == ["zip-bomb"]


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
    ],
    ids=["external-entity", "external-dtd", "billion-laughs"],
)
def test_xml_entities(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm], doctype: bytes
) -> None:
    src = forms["kikaku-digital"].path
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    head, _, rest = sheet.partition(b"?>")
    patched = head + b"?>" + doctype + rest if rest else doctype + sheet
    evil = rezip(src, tmp_path / "evil.xlsx", {"xl/worksheets/sheet2.xml": patched}, {})
    assert refused(evil, db) == ["xml-entities"]


def test_directory_that_understates_a_part(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    """A part that unpacks to far more than the zip directory says is refused, unread."""
    src = forms["kikaku-digital"].path
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    big = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 1024 * 1024), 1)
    forged = bytearray(
        rezip(src, tmp_path / "tmp.xlsx", {"xl/worksheets/sheet2.xml": big}, {}).read_bytes()
    )
    with zipfile.ZipFile(io.BytesIO(bytes(forged))) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
        central = z.start_dir
    struct.pack_into("<I", forged, info.header_offset + 22, len(sheet))  # local header
    at = forged.index(b"PK\x01\x02" + bytes(forged[central + 4 : central + 8]), central)
    while True:  # the central directory entry of the sheet
        name_len = struct.unpack_from("<H", forged, at + 28)[0]
        if bytes(forged[at + 46 : at + 46 + name_len]) == b"xl/worksheets/sheet2.xml":
            struct.pack_into("<I", forged, at + 24, len(sheet))
            break
        at = forged.index(b"PK\x01\x02", at + 4)
    path = tmp_path / "forged.xlsx"
    path.write_bytes(bytes(forged))
    assert refused(path, db) == ["corrupt-workbook"]


def test_too_large(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    big = tmp_path / "big.xlsx"
    big.write_bytes(forms["kikaku-digital"].path.read_bytes())
    assert refused(big, db, Limits(max_file_bytes=1000)) == ["file-too-large"]


def test_corrupt_part(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    data = bytearray(forms["kikaku-digital"].path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + 10
    data[start : start + 8] = b"\xff" * 8  # damage the compressed sheet
    bad = tmp_path / "damaged.xlsx"
    bad.write_bytes(bytes(data))
    assert refused(bad, db) == ["corrupt-workbook"]


def test_every_error_of_every_file(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    (tmp_path / "a.xlsx").write_text("x")
    xlsm = tmp_path / "b.xlsm"
    xlsm.write_bytes(forms["kikaku-digital"].path.read_bytes())
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "a.xlsx", xlsm, tmp_path / "missing.xlsx"], YEAR, database=db)
    assert sorted((p.code, p.place.file) for p in caught.value.problems) == [
        ("file-not-found", "missing.xlsx"),
        ("macro-workbook", "b.xlsm"),
        ("not-a-workbook", "a.xlsx"),
    ]


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


# -- sheets too large to read, legacy macros, non-finite numbers, non-regular files ----------


def _sheet_with(src: Path, dst: Path, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    assert old in sheet
    return rezip(src, dst, {"xl/worksheets/sheet2.xml": sheet.replace(old, new, 1)}, {})


def test_one_cell_at_the_last_address(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    """A grid from A1 to XFD1048576 would be 17 billion cells: refused from the XML."""
    src = forms["kikaku-digital"].path
    far = _sheet_with(
        src,
        tmp_path / "far.xlsx",
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
    )
    assert refused(far, db) == ["sheet-too-large"]
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    start = sheet.index(b"<dimension ref=")
    end = sheet.index(b"/>", start) + 2
    declared = rezip(
        src,
        tmp_path / "declared.xlsx",
        {
            "xl/worksheets/sheet2.xml": sheet[:start]
            + b'<dimension ref="A1:XFD1048576"/>'
            + sheet[end:]
        },
        {},
    )
    assert refused(declared, db) == ["sheet-too-large"]
    assert refused(src, db, Limits(max_grid_cells=100)) == ["sheet-too-large"]


@pytest.mark.parametrize("folder", ["macrosheets", "dialogsheets"])
def test_excel4_macro_sheets(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm], folder: str
) -> None:
    src = forms["kikaku-digital"].path
    part = f"xl/{folder}/sheet1.xml"
    sheet = b'<?xml version="1.0"?><xm:macrosheet xmlns:xm="urn:x"><sheetData/></xm:macrosheet>'
    bad = rezip(src, tmp_path / f"{folder}.xlsx", {}, {part: sheet})
    assert refused(bad, db) == ["macro-workbook"]
    with zipfile.ZipFile(src) as z:
        types = z.read("[Content_Types].xml")
    declared = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/other.xml" '
        b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
    )
    typed = rezip(src, tmp_path / "typed.xlsx", {"[Content_Types].xml": declared}, {})
    assert refused(typed, db) == ["macro-workbook"]


@pytest.mark.parametrize("number", [b"NaN", b"INF", b"-INF", b"1E+400"])
def test_non_finite_number_cells(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm], number: bytes
) -> None:
    keys = ("open-data-miyagi", "open-data-datasets")
    typed = fill(
        forms["kikaku-digital"].path, tmp_path / "typed.xlsx", {keys: {"in.value": 12345.5}}
    )
    cell = cell_of(typed, keys, "in.value")
    bad = _sheet_with(typed, tmp_path / "bad.xlsx", b"<v>12345.5</v>", b"<v>" + number + b"</v>")
    with pytest.raises(ShinchokuError) as caught:
        collect([bad], YEAR, database=db)
    [problem] = caught.value.problems
    assert (problem.code, problem.place.sheet, problem.place.cell) == (
        "unparseable-value",
        "施策・KPI",
        cell,
    )
    assert "finite" in problem.message


def test_malformed_hidden_cells(tmp_path: Path, plan: Plan, forms: dict[str, MadeForm]) -> None:
    """A pre-filled-texts cell or a money key that cannot be read, even with the
    fingerprint recomputed (no database: nothing to check a signature against)."""
    office = forms["_office"].path
    wb = openpyxl.load_workbook(office)
    ws = input_sheet(wb, "money")
    field_row, cols = field_columns(ws)
    ws.cell(field_row + 2, cols["key.prefill"]).value = "{not json"
    ws.cell(field_row + 3, cols["key.fy"]).value = "20x4"
    meta = wb["_meta"]
    wb.save(tmp_path / "bad.xlsx")
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "row" and meta.cell(r, 2).value == "money":
            ws_keys = [meta.cell(r, 3).value, meta.cell(r, 4).value]
            if ws_keys == ["local", "2024"]:
                meta.cell(r, 4).value = "20x4"
    wb.save(tmp_path / "bad.xlsx")
    reply = read_reply(check_file(tmp_path / "bad.xlsx", Limits()))
    prints = [(row.key, row.prefill) for sheet in reply.sheets.values() for row in sheet.rows]
    for r in range(2, meta.max_row + 1):
        if meta.cell(r, 1).value == "fingerprint":
            meta.cell(r, 2).value = fingerprint(plan.id, YEAR, "_office", prints)
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "bad.xlsx"], YEAR, plan=plan)
    found = sorted((p.code, p.place.cell or "") for p in caught.value.problems)
    assert [code for code, _ in found] == ["keys-altered", "keys-altered"]
    assert all(p.place.sheet == ws.title for p in caught.value.problems)


def test_fifo_and_device_refused_without_blocking(tmp_path: Path, db: Database) -> None:
    fifo = tmp_path / "reply.xlsx"
    os.mkfifo(fifo)
    link = tmp_path / "device.xlsx"
    link.symlink_to("/dev/zero")
    assert refused(fifo, db) == ["not-a-regular-file"]
    assert refused(link, db) == ["not-a-regular-file"]
    # From a folder, such entries are not picked up at all.
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "other.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "sub"], YEAR, database=db)
    assert [p.code for p in caught.value.problems] == ["file-not-found"]
