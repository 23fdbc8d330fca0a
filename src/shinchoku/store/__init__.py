"""Storage: SQLAlchemy tables, the :class:`Database` object, Alembic migrations.

``Database(url).migrate()`` creates or upgrades the schema; ``save_plan`` and
``load_plan`` move a :class:`~shinchoku.model.Plan` in and out, one transaction each.
"""

from shinchoku.store.database import (
    Database,
    SaveResult,
    alembic_config,
    database_url,
    write_plan,
)

__all__ = ["Database", "SaveResult", "alembic_config", "database_url", "write_plan"]
