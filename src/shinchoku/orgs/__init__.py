"""Organisations: 国, 都道府県, 市区町村 and 政令市の区, by 全国地方公共団体コード.

:func:`registry` is the shipped list (``data/organisations.csv``, its source and date
in the file's header); :func:`read_code` reads a code as typed and checks its check digit.
"""

from shinchoku.orgs.codes import NATION_CODE, check_digit, is_valid, prefecture_code, read_code
from shinchoku.orgs.organisation import Organisation, OrgKind
from shinchoku.orgs.registry import Registry, read_registry, registry

__all__ = [
    "NATION_CODE",
    "OrgKind",
    "Organisation",
    "Registry",
    "check_digit",
    "is_valid",
    "prefecture_code",
    "read_code",
    "read_registry",
    "registry",
]
