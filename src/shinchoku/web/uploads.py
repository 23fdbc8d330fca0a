"""Files sent through a staff form: read within the size limit, kept for one request only.

* A form with a file is parsed from a stream that stops at
  :attr:`~shinchoku.web.settings.WebSettings.upload_max_bytes` (and a little room for
  the form's other fields), so no client makes the server spool more than that; a
  larger ``Content-Length`` is refused before anything is read (413 ``upload-too-large``).
* The file keeps the name it was sent with (its base name only), so every problem the
  library finds names the file as the person who sent it knows it; the bytes are
  written into a temporary folder of the request (:meth:`Upload.saved`), read there by
  the same functions the command line calls, and removed with the folder.
* Nothing is kept between requests: a preview and its confirmation each send the file
  (:mod:`shinchoku.web.indicators` says why).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

from fastapi import Request
from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from shinchoku.problems import Place, Wording
from shinchoku.problems.web import BAD_REQUEST, UPLOAD_FILE_TYPE, UPLOAD_MISSING, UPLOAD_TOO_LARGE

FORM_ROOM = 64 * 1024  # the form's other fields and the multipart framing
MAX_NAME = 120  # characters of a file name kept


async def upload_form(request: Request, limit: int) -> FormData:
    """The request's form, its file at most ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_ROOM:
        raise UPLOAD_TOO_LARGE.error(size=int(declared), limit=limit)
    content_type, _ = parse_options_header(request.headers.get("content-type") or "")
    if content_type != b"multipart/form-data":
        return await request.form()  # no file in it: the form's handler says so

    seen = 0

    async def capped() -> AsyncGenerator[bytes, None]:
        nonlocal seen
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit + FORM_ROOM:  # a body longer than it declared, or undeclared
                # the parser closes the files it made when its own exception stops it
                raise MultiPartException("over the upload limit")
            yield chunk

    try:
        return await MultiPartParser(request.headers, capped(), max_files=1, max_fields=20).parse()
    except MultiPartException as exc:
        if seen > limit + FORM_ROOM:
            raise UPLOAD_TOO_LARGE.error(size=seen, limit=limit) from exc
        raise BAD_REQUEST.error(message=f"the form cannot be read: {exc.message}") from exc


def sent_name(sent: str, default: str) -> str:
    """The base name of a file as the browser sent it (some send a whole Windows path),
    without control characters, at most :data:`MAX_NAME` characters (suffix kept)."""
    name = PurePath(sent.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if name in ("", ".", ".."):
        return default
    if len(name) > MAX_NAME:
        suffix = PurePath(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix)] + suffix
    return name


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with a form: its name and bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @contextmanager
    def saved(self) -> Iterator[Path]:
        """The bytes as a file under the name they were sent with, in a folder of its
        own that is removed afterwards."""
        with tempfile.TemporaryDirectory(prefix="shinchoku-upload-") as folder:
            path = Path(folder) / self.name
            path.write_bytes(self.data)
            yield path


async def received(
    form: FormData, field: str, suffixes: tuple[str, ...], what: Wording, limit: int
) -> Upload:
    """The file of the form's ``field``: one was chosen, its name ends in one of
    ``suffixes``, and it is at most ``limit`` bytes."""
    item = form.get(field)
    if not isinstance(item, UploadFile) or not item.filename:
        raise UPLOAD_MISSING.error(Place(field=field), what=what)
    name = sent_name(item.filename, f"upload{suffixes[0]}")
    if PurePath(name).suffix.lower() not in suffixes:
        raise UPLOAD_FILE_TYPE.error(
            Place(file=name, field=field), found=name, expected=" / ".join(suffixes)
        )
    data = await item.read(limit + 1)  # the form's owner closes it (FormData.close)
    if len(data) > limit:
        raise UPLOAD_TOO_LARGE.error(Place(file=name), size=len(data), limit=limit)
    return Upload(name, data)
