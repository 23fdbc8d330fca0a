"""Which figures entered after a load (web, API, 照会) would a new load overwrite?

A dataset load makes the database equal to the dataset. Figures that staff entered
since then carry a provenance other than the dataset's; replacing them silently would
lose work, so :func:`overwritten_edits` names each one and the load is refused unless
the caller says to overwrite.
"""

from __future__ import annotations

from collections.abc import Iterator

from shinchoku.model import Plan, Provenance
from shinchoku.problems import Place, Problem, Wording
from shinchoku.problems.store import LOAD_OVERWRITES_EDIT

_REMOVED = Wording("（削除）", "(removed)")


def _edited(p: Provenance | None) -> bool:
    return p is not None and p.source != "dataset"


def _who(p: Provenance) -> str:
    return " ".join(x for x in (p.source, p.user or p.file, p.at) if x)


def overwritten_edits(stored: Plan, new: Plan) -> Iterator[Problem]:
    """Edited figures of ``stored`` that ``new`` changes or removes."""
    new_kpis = {k.id: k for k in new.kpis}
    for kpi in stored.kpis:
        for year, obs in sorted(kpi.observations.items()):
            if not _edited(obs.provenance):
                continue
            assert obs.provenance is not None
            incoming = new_kpis.get(kpi.id)
            replacement = incoming.observations.get(year) if incoming else None
            if (
                replacement is None
                or replacement.model_copy(update={"provenance": obs.provenance}) != obs
            ):
                yield LOAD_OVERWRITES_EDIT(
                    Place(kpi=kpi.id, year=year, field="actual"),
                    found=obs.value.text,
                    expected=replacement.value.text if replacement else _REMOVED,
                    by=_who(obs.provenance),
                )
    new_measures = {m.id: m for _, m in new.measures()}
    for area, m in stored.measures():
        for year, my in sorted(m.years.items()):
            if not _edited(my.provenance):
                continue
            assert my.provenance is not None
            incoming_m = new_measures.get(m.id)
            repl = incoming_m.years.get(year) if incoming_m else None
            if repl is None or repl.model_copy(update={"provenance": my.provenance}) != my:
                yield LOAD_OVERWRITES_EDIT(
                    Place(area=area.id, measure=m.id, year=year, field="status-analysis"),
                    found=my.declared_status or "",
                    expected=(repl.declared_status or "") if repl else _REMOVED,
                    by=_who(my.provenance),
                )
