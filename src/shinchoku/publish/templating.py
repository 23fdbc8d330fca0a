"""The Jinja2 environment of the report: autoescaped, strict, loaded from the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("shinchoku.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def static_bytes(name: str) -> bytes:
    """A file of ``publish/static`` (stylesheets)."""
    return files("shinchoku.publish").joinpath("static").joinpath(name).read_bytes()
