"""Column types that keep figures exact on every backend."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


def exact(value: Decimal | None) -> Decimal | None:
    """The form of ``value`` a database gives back: no positive exponent (``1E+3`` → ``1000``).

    PostgreSQL ``numeric`` keeps trailing zeros (``71.0``) but not exponents, so rows are
    compared in this form and saving the same plan twice changes nothing.
    """
    if value is None or not value.is_finite():
        return value
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return value.quantize(Decimal(1))
    return value


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal stored without float conversion.

    PostgreSQL: ``NUMERIC`` (arbitrary precision, scale kept). SQLite has no exact decimal
    type (its NUMERIC affinity turns ``71.0`` into ``71``), so there the digits are kept as
    text.
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        value = exact(value)
        if value is None:
            return None
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal
