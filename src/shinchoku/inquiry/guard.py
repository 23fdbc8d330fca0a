"""Refusing hostile or wrong files before any spreadsheet library sees them.

A reply is read into memory only when it is under the size limit; then its zip
directory is checked (a workbook at all? macros? too large or too compressed once
unpacked?) and every XML part is fed to defusedxml up to its root element, which is
where a DTD would have to be: a DTD, an entity declaration or an external reference is
refused. Only then do python-calamine (or openpyxl) read the bytes — the same bytes,
never the file again. A directory that understates a part's size does not get past
them: python-calamine's zip reader (like :mod:`zipfile`) stops at the declared size
and fails ("File is larger than its declared uncompressed size"), which is reported as
``corrupt-workbook``.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError as XmlParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from shinchoku.inquiry import codes as c
from shinchoku.problems import Place, Problem, ShinchokuError

MIB = 1024 * 1024
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # .xls and password-protected workbooks
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_LEGACY_MACRO_DIRS = ("xl/macrosheets/", "xl/dialogsheets/")  # Excel 4.0 (XLM) macros
_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet", b"dialogsheet")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_FEED = 4 * 1024
_PROLOG_LIMIT = 1024 * 1024  # the root element comes first; a megabyte before it is not OOXML


@dataclass(frozen=True, slots=True)
class Limits:
    """What a reply may be; every number is configurable."""

    max_file_bytes: int = 10 * MIB
    max_unpacked_bytes: int = 100 * MIB  # all parts together, from the zip directory
    max_ratio: int = 100  # unpacked / packed, for parts of at least ratio_floor bytes
    ratio_floor: int = 1 * MIB
    max_parts: int = 2000
    # A sheet is read into a grid from A1 to its last cell: a single cell at XFD1048576
    # would be a 17-billion-cell grid. Checked from the sheet XML before reading.
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_grid_cells: int = 5_000_000  # rows × columns of the grid a sheet becomes


@dataclass(frozen=True, slots=True)
class Checked:
    """A file that passed: its bytes and their SHA-256."""

    path: Path
    data: bytes
    checksum: str

    @property
    def name(self) -> str:
        return self.path.name


def check_file(path: Path, limits: Limits) -> Checked:
    """The file's bytes when it is a plain, safe XLSX; else a refusal
    (:class:`~shinchoku.problems.ShinchokuError`).

    Only a regular file is opened: a FIFO would block the reader, a device would never
    end. It is checked with ``stat`` before opening and again on the open descriptor
    (opened non-blocking), so a file swapped in between is caught too.
    """
    place = Place(file=path.name)
    try:
        info = path.stat()  # follows a symlink: a link to a device is a device
    except OSError as exc:
        raise ShinchokuError(
            c.FILE_NOT_FOUND(place, f"cannot open the file: {exc.strerror}")
        ) from exc
    _regular(info, place)
    if info.st_size > limits.max_file_bytes:
        raise ShinchokuError(_too_large(place, info.st_size, limits))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ShinchokuError(
            c.FILE_NOT_FOUND(place, f"cannot open the file: {exc.strerror}")
        ) from exc
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        _regular(opened, place)
        if opened.st_size > limits.max_file_bytes:
            raise ShinchokuError(_too_large(place, opened.st_size, limits))
        data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:  # it grew since stat
        raise ShinchokuError(c.FILE_TOO_LARGE(place, "the file is over the size limit", len(data)))
    check_bytes(data, path.name, limits)
    return Checked(path, data, hashlib.sha256(data).hexdigest())


def _regular(info: os.stat_result, place: Place) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(info.st_mode)
        else "a FIFO (named pipe)"
        if stat.S_ISFIFO(info.st_mode)
        else "a device"
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
        else "a socket"
        if stat.S_ISSOCK(info.st_mode)
        else "not a regular file"
    )
    raise ShinchokuError(
        c.NOT_A_REGULAR_FILE(place, f"{kind}, not a workbook file; nothing was read")
    )


def _too_large(place: Place, size: int, limits: Limits) -> Problem:
    return c.FILE_TOO_LARGE(
        place,
        f"the file is {size:,} bytes; the limit is {limits.max_file_bytes:,}",
        size,
        limits.max_file_bytes,
    )


def check_bytes(data: bytes, name: str, limits: Limits) -> None:
    place = Place(file=name)
    suffix = Path(name).suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise ShinchokuError(
            c.MACRO_WORKBOOK(place, f"a {suffix} workbook may hold macros; save it as .xlsx")
        )
    if data.startswith(_OLE2):
        raise ShinchokuError(
            c.NOT_A_WORKBOOK(
                place,
                "an old .xls file or a password-protected workbook; "
                "remove the password and save it as .xlsx",
            )
        )
    if not data.startswith(b"PK"):
        raise ShinchokuError(c.NOT_A_WORKBOOK(place, "not an .xlsx workbook (not a zip archive)"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ShinchokuError(c.NOT_A_WORKBOOK(place, f"not an .xlsx workbook: {exc}")) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(infos, place, limits)
        names = {i.filename.lower() for i in infos}
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
            raise ShinchokuError(
                c.MACRO_WORKBOOK(place, "the workbook contains a VBA project (macros)")
            )
        legacy = sorted(n for n in names if n.startswith(_LEGACY_MACRO_DIRS))
        if legacy:
            raise ShinchokuError(
                c.MACRO_WORKBOOK(
                    place, f"the workbook contains an Excel 4.0 macro or dialog sheet ({legacy[0]})"
                )
            )
        if "xl/workbook.bin" in names:
            raise ShinchokuError(
                c.NOT_A_WORKBOOK(place, "a binary workbook (.xlsb); save it as .xlsx")
            )
        if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
            kind = "an OpenDocument file" if "content.xml" in names else "a zip archive"
            raise ShinchokuError(c.NOT_A_WORKBOOK(place, f"{kind}, not an .xlsx workbook"))
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _check_xml(data, info, place)
        types = archive.read("[Content_Types].xml").lower()
        if any(word in types for word in _MACRO_TYPES):
            raise ShinchokuError(c.MACRO_WORKBOOK(place, "the workbook is declared macro-enabled"))
        for info in infos:
            if _SHEET_PART.fullmatch(info.filename.lower()):
                _check_sheet(data, info, place, limits)


def _check_directory(infos: list[zipfile.ZipInfo], place: Place, limits: Limits) -> None:
    if len(infos) > limits.max_parts:
        raise ShinchokuError(
            c.ZIP_BOMB(place, f"{len(infos)} parts; the limit is {limits.max_parts}", len(infos))
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ShinchokuError(c.NOT_A_WORKBOOK(place, f"part {info.filename!r} is encrypted"))
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and info.file_size / packed > limits.max_ratio:
            raise ShinchokuError(
                c.ZIP_BOMB(
                    place,
                    f"part {info.filename!r} unpacks {info.file_size / packed:,.0f} times "
                    f"its size; the limit is {limits.max_ratio}",
                    info.file_size,
                )
            )
    if total > limits.max_unpacked_bytes:
        raise ShinchokuError(
            c.ZIP_BOMB(
                place,
                f"the parts unpack to {total:,} bytes; the limit is {limits.max_unpacked_bytes:,}",
                total,
                limits.max_unpacked_bytes,
            )
        )


class _RootSeen(Exception):
    """Raised by the parser target at the first element: no DTD can follow."""


class _Target:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootSeen

    def close(self) -> None:
        return None


def _check_xml(data: bytes, info: zipfile.ZipInfo, place: Place) -> None:
    """Parse one XML part with defusedxml up to its root element (where a DTD would be)."""
    parser = DefusedXMLParser(
        target=_Target(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for chunk in _prolog(data, info):
            try:
                parser.feed(chunk)
            except _RootSeen:
                return
        raise ShinchokuError(
            c.CORRUPT_WORKBOOK(place, f"part {info.filename!r} has no root element")
        )
    except DefusedXmlException as exc:
        raise ShinchokuError(
            c.XML_ENTITIES(
                place,
                f"part {info.filename!r} declares a DTD or entities "
                f"({type(exc).__name__}); such XML is never read",
            )
        ) from exc
    except XmlParseError as exc:
        raise ShinchokuError(
            c.CORRUPT_WORKBOOK(place, f"part {info.filename!r} is not well-formed XML: {exc}")
        ) from exc
    except (ValueError, struct.error, zlib.error) as exc:
        raise ShinchokuError(
            c.CORRUPT_WORKBOOK(place, f"part {info.filename!r} cannot be unpacked: {exc}")
        ) from exc


def _prolog(data: bytes, info: zipfile.ZipInfo, limit: int = _PROLOG_LIMIT) -> Iterator[bytes]:
    """The start of a part, unpacked in chunks up to ``limit`` bytes.

    Read straight from the bytes at the part's local header (as :mod:`zipfile` does,
    without its per-part overhead): only the prolog is needed, never the whole part.
    """
    at = info.header_offset
    if data[at : at + 4] != b"PK\x03\x04":
        raise ValueError("no local file header where the directory points")
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_len + extra_len
    packed = memoryview(data)[start : start + info.compress_size]
    if len(packed) != info.compress_size:
        raise ValueError("the part is cut short")
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, min(len(packed), limit), _FEED):
            yield bytes(packed[i : i + _FEED])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError(f"compression method {info.compress_type} is not used by Excel")
    inflate = zlib.decompressobj(-15)
    rest: bytes | memoryview = packed
    total = 0
    while total < limit:
        chunk = inflate.decompress(rest, _FEED)
        rest = inflate.unconsumed_tail
        if not chunk:
            return
        total += len(chunk)
        yield chunk


# -- the extent of each sheet, before any reader allocates it --------------------------------

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


class _Extent:
    """Parser target: the declared dimension and the last row and column of the cells."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.dimension: tuple[int, int] | None = None
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self.row = 0  # the current row, for cells without a reference
        self.column = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        if name == "c":
            self.cells += 1
            ref = _REF.fullmatch(attrib.get("r", ""))
            if ref is not None:
                self.column = _column(ref[1])
                self.row = max(self.row, int(ref[2]))
            else:
                self.column += 1
            self.rows = max(self.rows, self.row)
            self.columns = max(self.columns, self.column)
            if self.cells > self.limits.max_grid_cells:
                raise _TooLarge(f"more than {self.limits.max_grid_cells:,} cells")
        elif name == "row":
            r = attrib.get("r", "")
            self.row = int(r) if r.isdigit() and len(r) <= 7 else self.row + 1
            self.column = 0
        elif name == "dimension":
            last = attrib.get("ref", "").rpartition(":")[2]
            ref = _REF.fullmatch(last)
            if ref is not None:
                self.dimension = (int(ref[2]), _column(ref[1]))

    def close(self) -> None:
        return None


class _TooLarge(Exception):
    pass


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _check_sheet(data: bytes, info: zipfile.ZipInfo, place: Place, limits: Limits) -> None:
    """Refuse a sheet whose declared dimension or cells span more than the limits.

    The whole part is streamed through defusedxml with a target that keeps three
    numbers: memory stays flat whatever the part holds.
    """
    extent = _Extent(limits)
    parser = DefusedXMLParser(
        target=extent, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for chunk in _prolog(data, info, info.file_size + 1):
            parser.feed(chunk)
        parser.close()
    except _TooLarge as exc:
        raise ShinchokuError(_sheet_too_large(place, info, str(exc))) from exc
    except (DefusedXmlException, XmlParseError, ValueError, struct.error, zlib.error) as exc:
        raise ShinchokuError(
            c.CORRUPT_WORKBOOK(place, f"part {info.filename!r} cannot be read: {exc}")
        ) from exc
    spans = [("its cells", extent.rows, extent.columns)]
    if extent.dimension is not None:
        spans.insert(0, ("its declared dimension", *extent.dimension))
    for what, rows, columns in spans:
        if rows > limits.max_rows or columns > limits.max_columns:
            raise ShinchokuError(
                _sheet_too_large(
                    place,
                    info,
                    f"{what} reach row {rows:,}, column {columns:,}; the limits are "
                    f"{limits.max_rows:,} rows and {limits.max_columns:,} columns",
                )
            )
        if rows * columns > limits.max_grid_cells:
            raise ShinchokuError(
                _sheet_too_large(
                    place,
                    info,
                    f"{what} span {rows:,} × {columns:,} cells; the limit is "
                    f"{limits.max_grid_cells:,}",
                )
            )


def _sheet_too_large(place: Place, info: zipfile.ZipInfo, why: str) -> Problem:
    return c.SHEET_TOO_LARGE(place, f"sheet part {info.filename!r} is too large to read: {why}")
