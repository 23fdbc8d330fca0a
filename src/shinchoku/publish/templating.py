"""The Jinja2 environment of the report: autoescaped, strict, loaded from the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

DASH = "—"


@pass_context
def fig(context: Context, display: object, typed: object = None) -> object:
    """A figure in the tables' one style: — when there is none; the text as entered in its
    title when it differs. Called once per table cell (thousands per report), so it is a
    function, not a macro (a macro call costs several times as much)."""
    if display is None or display == "":
        return DASH
    if typed and typed != display:
        label = context.environment.getattr(context["L"], "as_typed")
        return Markup('<span class="fig" title="{}: {}">{}</span>').format(label, typed, display)
    return display


@pass_context
def lang_text(context: Context, x: object) -> object:
    """A text of the plan in the page's language: marked with its own language when it
    is the other one (an English page showing a name given only in Japanese)."""
    attr = context.environment.getattr
    text = attr(x, "text")
    if attr(x, "lang") != context["lang"]:
        return Markup('<span lang="{}">{}</span>').format(attr(x, "lang"), text)
    return text


def dash(value: object) -> object:
    """The value, or — when there is none."""
    return value if value is not None and value != "" else DASH


# The functions every template of the report and of the web app may call.
TEMPLATE_GLOBALS = {"fig": fig, "dash": dash, "lang_text": lang_text}


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between builds in Jinja's per-user temporary folder.

    Compiling the report's templates costs about 0.1 CPU-second, a tenth of a 250-KPI
    build. Jinja checks each cached entry against its template's source; the file names
    carry Jinja's version and this environment's name, since neither is in Jinja's key
    (the web's environment compiles the same partials with other settings). Where no
    safe folder exists (not owned by the user, or not private), templates are compiled
    each time as before.
    """
    try:
        return FileSystemBytecodeCache(pattern=f"shinchoku-report-{jinja2.__version__}-%s.cache")
    except (OSError, RuntimeError):
        return None


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("shinchoku.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals.update(TEMPLATE_GLOBALS)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def static_bytes(name: str) -> bytes:
    """A file of ``publish/static`` (stylesheets)."""
    return files("shinchoku.publish").joinpath("static").joinpath(name).read_bytes()
