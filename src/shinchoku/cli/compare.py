"""The ``org``, ``indicators`` and ``compare`` commands: thin adapters over
:mod:`shinchoku.orgs` and :mod:`shinchoku.compare`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    ContactOption,
    DbOption,
    DeadlineOption,
    JsonOption,
    LangOption,
    State,
    app,
    check_lang,
    deadline_date,
    err,
    fail,
    open_database,
    print_json,
    said,
    say,
    using_database,
    words,
)
from shinchoku.problems import FiscalYear, ShinchokuError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shinchoku.compare.indicators import IndicatorSet
    from shinchoku.compare.survey import OrgDiff
    from shinchoku.store import Database

org_app = typer.Typer(
    help="Organisations: 国, 都道府県, 市区町村 by 団体コード.", no_args_is_help=True
)
indicators_app = typer.Typer(help="Common indicator sets and survey imports.", no_args_is_help=True)
app.add_typer(org_app, name="org")
app.add_typer(indicators_app, name="indicators")


def _dump(data: Any) -> None:
    print_json(data, sort_keys=True)


@org_app.command("show")
def org_show(
    code: Annotated[
        str, typer.Argument(help="団体コード (six digits, or five without the check digit).")
    ],
    as_json: JsonOption = False,
) -> None:
    """One organisation: kind, parent, members and built-in peer groups."""
    from shinchoku.compare.peers import built_in_groups
    from shinchoku.orgs import registry

    r = registry()
    try:
        org = r.find(code)
    except ShinchokuError as exc:
        fail(exc)
        return
    groups = [{"id": g.id, "name": g.name, "size": len(g.members)} for g in built_in_groups(org, r)]
    members = [c.code for c in r.children(org.code)]
    data: dict[str, Any] = {
        "code": org.code,
        "name": org.name,
        "kana": org.kana,
        "kind": org.kind.value,
        "kind_label": org.kind.label,
        "parent": org.parent,
        "prefecture": org.prefecture,
        "members": members,
        "peer_groups": groups,
    }
    if as_json:
        _dump(data)
        return
    parent = r.get(org.parent) if org.parent else None
    say(f"{org.code} {org.name}（{org.kana}） {org.kind.label}")
    if parent is not None:
        said(msg.ORG_PARENT, code=parent.code, name=parent.name)
    if members:
        said(msg.ORG_MEMBERS, count=len(members))
    for g in built_in_groups(org, r):
        said(msg.ORG_PEER_GROUP, id=g.id, name=g.name, size=len(g.members))


@org_app.command("list")
def org_list(
    prefecture: Annotated[
        str | None, typer.Option("--prefecture", help="Only this prefecture's municipalities.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind, e.g. core-city, town, village.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The shipped organisation list, filtered; the source and date of the list first."""
    from shinchoku.orgs import OrgKind, registry

    r = registry()
    orgs = list(r)
    try:
        if prefecture is not None:
            pref = r.find(prefecture).code
            orgs = [o for o in orgs if o.prefecture == pref and o.code != pref]
        if kind is not None:
            kinds = {k.value for k in OrgKind}
            if kind not in kinds:
                raise typer.BadParameter(
                    f"{kind!r} is not one of {', '.join(sorted(kinds))}", param_hint="--kind"
                )
            orgs = [o for o in orgs if o.kind.value == kind]
    except ShinchokuError as exc:
        fail(exc)
        return
    if as_json:
        _dump(
            {
                "source": list(r.source),
                "organisations": [
                    {"code": o.code, "name": o.name, "kind": o.kind.value, "parent": o.parent}
                    for o in orgs
                ],
            }
        )
        return
    for line in r.source[:2]:
        err.print(line, markup=False)
    for o in orgs:
        say(f"{o.code}  {o.name}  {o.kind.label}")
    said(msg.ORG_COUNT, count=len(orgs))


@org_app.command("group")
def org_group(
    group_id: Annotated[str, typer.Argument(help="Peer group id, e.g. sanriku.")],
    members: Annotated[list[str], typer.Argument(help="団体コード of the members.")],
    name: Annotated[str, typer.Option("--name", help="The group's name, e.g. 三陸沿岸.")],
    owner: Annotated[
        str | None, typer.Option("--owner", help="団体コード of the organisation that keeps it.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Create or replace a user-defined peer group (比較グループ)."""
    from shinchoku.compare import store
    from shinchoku.orgs import registry

    r = registry()
    try:
        owner_code = r.find(owner).code if owner else None
    except ShinchokuError as exc:
        fail(exc)
    with using_database(db, create=True) as database, database.writing() as conn:
        store.sync_organisations(conn, r)
        codes = store.save_peer_group(conn, group_id, name, members, r, owner_code)
    said(msg.PEER_GROUP_SAVED, id=group_id, count=len(codes))


def _say_diffs(diffs: Iterable[OrgDiff]) -> None:
    """One line per organisation whose figures an import adds or changes."""
    for d in diffs:
        if d.added or d.changed:
            said(msg.ORG_DIFF, code=d.code, added=d.added, changed=d.changed)


def _indicator_set(source: str, database: Database) -> IndicatorSet:
    from shinchoku.compare import store
    from shinchoku.compare.indicators import BUNDLED, read_indicator_set

    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return read_indicator_set(path)
    if (BUNDLED / f"{source}.yaml").is_file():
        bundled = read_indicator_set(BUNDLED / f"{source}.yaml")
        with database.engine.connect() as conn:
            if source not in dict(store.list_indicator_sets(conn)):
                return bundled
    with database.engine.connect() as conn:
        return store.load_indicator_set(conn, source)


ImporterOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Staff account importing (recorded with the import): the national "
        "administrator, or for 照会 replies the prefecture's office.",
    ),
]


def _importer(database: Database, by: str | None, prefecture: str | None = None) -> str | None:
    """The account ``--by`` names when it may import these figures, else refuse."""
    if by is None:
        return None
    from shinchoku.problems import Place
    from shinchoku.problems.web import FORBIDDEN
    from shinchoku.store.accounts import Accounts
    from shinchoku.workflow import may_import_survey

    user = Accounts(database).acting(by, Place(field="by"))
    if prefecture is not None:
        from shinchoku.orgs import registry

        prefecture = registry().find(prefecture, Place(field="prefecture")).code
    if not may_import_survey(user, prefecture):
        raise FORBIDDEN.error(Place(field="by"), f"{by} ({user.role.value}) may not import")
    return user.name


@indicators_app.command("import")
def indicators_import(
    survey: Annotated[
        Path,
        typer.Argument(
            help="Survey file (CSV or XLSX), one row per organisation × indicator × year."
        ),
    ],
    indicator_set: Annotated[
        str,
        typer.Option(
            "--set",
            help="Indicator set: a YAML file, a stored set's id or a bundled one (dx-survey).",
        ),
    ],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="XLSX sheet; default the first.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the diff; write nothing.")
    ] = False,
    by: ImporterOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a survey file: every figure or none, with the diff per organisation."""
    from shinchoku.compare.survey import import_survey
    from shinchoku.orgs import registry

    with using_database(db, create=True) as database:
        iset = _indicator_set(indicator_set, database)
        importer = _importer(database, by)
        result = import_survey(
            database, survey, iset, registry(), sheet=sheet, dry_run=dry_run, by=importer
        )
    if as_json:
        _dump(result.to_dict())
        return
    said(
        msg.SURVEY_IMPORTED,
        file=str(result.file),
        rows=result.rows,
        added_verb=msg.WOULD_ADD if dry_run else msg.ADDED,
        added=result.added,
        changed=result.changed,
        unchanged=result.unchanged,
    )
    _say_diffs(result.diffs)


@indicators_app.command("export")
def indicators_export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the open data to.")],
    indicator_set: Annotated[str, typer.Option("--set", help="A stored indicator set's id.")],
    no_bom: Annotated[
        bool, typer.Option("--no-bom", help="CSV without the byte order mark.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write an indicator set's figures as open data: tidy CSV, each indicator's national map
    (SVG) and datapackage.json."""
    from shinchoku.compare import store
    from shinchoku.compare.opendata import write_open_data
    from shinchoku.orgs import registry

    with using_database(db, create=False) as database, database.engine.connect() as conn:
        iset = store.load_indicator_set(conn, indicator_set)
        paths = write_open_data(conn, iset, registry(), folder, bom=not no_bom, lang=State.lang)
    said(msg.WROTE_FILES, count=len(paths), folder=str(folder))


@indicators_app.command("add")
def indicators_add(
    definition: Annotated[Path, typer.Argument(help="Indicator set YAML file.")],
    db: DbOption = None,
) -> None:
    """Store an indicator set, or a new version of a stored one (the same id), from its
    YAML file: all or nothing. An indicator that has figures cannot be dropped."""
    from shinchoku.compare.sets import SetSaved, add_set_file
    from shinchoku.orgs import registry

    with using_database(db, create=True) as database:
        iset, saved = add_set_file(database, definition, registry())
    message = {
        SetSaved.ADDED: msg.SET_ADDED,
        SetSaved.CHANGED: msg.SET_CHANGED,
        SetSaved.UNCHANGED: msg.SET_UNCHANGED,
    }[saved]
    said(message, id=iset.id, name=iset.name, count=len(iset.indicators))


@indicators_app.command("definition")
def indicators_definition(
    indicator_set: Annotated[str, typer.Argument(help="A stored indicator set's id.")],
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the YAML to this file; default: print it.")
    ] = None,
    db: DbOption = None,
) -> None:
    """A stored indicator set's definition as YAML, as `indicators add` reads it back."""
    from shinchoku.compare import store

    with using_database(db, create=False) as database, database.engine.connect() as conn:
        text = store.load_indicator_set(conn, indicator_set).to_yaml()
    if out_file is None:
        typer.echo(text, nl=False)  # as is: no console markup or wrapping
        return
    out_file.write_text(text, encoding="utf-8")
    said(msg.WROTE_FILE, path=str(out_file))


@indicators_app.command("list")
def indicators_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The indicator sets stored in the database, with their indicators."""
    from shinchoku.compare import store

    with using_database(db, create=False) as database, database.engine.connect() as conn:
        sets = [store.load_indicator_set(conn, i) for i, _ in store.list_indicator_sets(conn)]
    if as_json:
        _dump([s.canonical() for s in sets])
        return
    for s in sets:
        say(f"{s.id}: {s.name}")
        for i in s.indicators:
            say(f"  {i.id}  {i.name}  [{i.computation.value}]")


class _ComparisonFirst(TyperGroup):
    """``compare INDICATOR …`` runs the comparison (``compare show``); ``compare inquiry
    …`` is the 照会 group."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


compare_app = typer.Typer(
    cls=_ComparisonFirst,
    help="Compare organisations on a common indicator; the 照会 to a prefecture's municipalities.",
    no_args_is_help=True,
)
inquiry_app = typer.Typer(
    help="照会 of an indicator set from a prefecture to its municipalities: one workbook "
    "each, replies collected all or nothing, who has not replied.",
    no_args_is_help=True,
)
compare_app.add_typer(inquiry_app, name="inquiry")
app.add_typer(compare_app, name="compare")

SetOption = Annotated[
    str,
    typer.Option(
        "--set", help="Indicator set: a YAML file, a stored set's id or a bundled one (dx-survey)."
    ),
]
PrefectureOption = Annotated[
    str, typer.Option("--prefecture", help="団体コード of the prefecture that asks.")
]
InquiryYearOption = Annotated[int, typer.Option("--year", help="Fiscal year asked about.")]


@compare_app.command("show")
def compare_command(
    indicator: Annotated[
        str, typer.Argument(help="Indicator: '<set>/<indicator>', e.g. dx-survey/cio.")
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="Fiscal year; default the latest.")
    ] = None,
    prefecture: Annotated[
        str | None, typer.Option("--prefecture", help="Compare this prefecture's municipalities.")
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="Organisations to show against their peer groups (repeatable)."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare organisations on a common indicator: distribution, ranking, peers, trend."""
    from shinchoku.compare.service import compare
    from shinchoku.orgs import registry

    set_id, indicator_id = _indicator_ref(indicator)
    with using_database(db, create=False) as database, database.engine.connect() as conn:
        result = compare(conn, registry(), set_id, indicator_id, year, prefecture, org or [])
    data = result.to_dict()
    if as_json:
        _dump(data)
        return
    _print_comparison(data)


def _indicator_ref(indicator: str) -> tuple[str, str]:
    """``<set>/<indicator>`` as (set id, indicator id); a usage error otherwise."""
    set_id, _, indicator_id = indicator.partition("/")
    if not indicator_id:
        raise typer.BadParameter("write it as <set>/<indicator>", param_hint="INDICATOR")
    return set_id, indicator_id


@compare_app.command("map")
def compare_map(
    indicator: Annotated[
        str, typer.Argument(help="Indicator: '<set>/<indicator>', e.g. dx-survey/cio.")
    ],
    out: Annotated[Path, typer.Option("--out", help="The SVG file to write.")],
    year: Annotated[
        int | None, typer.Option("--year", help="Fiscal year; default the latest.")
    ] = None,
    prefecture: Annotated[
        str | None,
        typer.Option("--prefecture", help="Map this prefecture's municipalities (団体コード)."),
    ] = None,
    table: Annotated[
        Path | None,
        typer.Option("--csv", help="Also write the map's figures: 団体コード, 団体名, 値, 区分."),
    ] = None,
    no_bom: Annotated[
        bool, typer.Option("--no-bom", help="CSV without the byte order mark.")
    ] = False,
    lang: LangOption = None,
    db: DbOption = None,
) -> None:
    """Write the comparison's map as a standalone SVG file, the page's map with its legend
    and source: the 47 prefectures, or with --prefecture its municipalities."""
    from shinchoku.compare.mapfile import draw
    from shinchoku.compare.opendata import write_map
    from shinchoku.compare.service import compare
    from shinchoku.orgs import registry

    lang = check_lang(lang)
    set_id, indicator_id = _indicator_ref(indicator)
    with using_database(db, create=False) as database, database.engine.connect() as conn:
        drawn = draw(compare(conn, registry(), set_id, indicator_id, year, prefecture), lang)
    write_map(drawn, out, table, bom=not no_bom)
    said(msg.MAP_WRITTEN, title=drawn.title, path=str(out))
    if table is not None:
        said(msg.MAP_TABLE_WRITTEN, rows=len(drawn.rows), path=str(table))


def _print_comparison(data: dict[str, Any]) -> None:
    from shinchoku.wording import fiscal_year_text

    i, d = data["indicator"], data["distribution"]
    unit = i["unit"] or ""
    sep = "、" if State.lang == "ja" else ", "

    def text(value: object) -> str:
        return "-" if value is None else str(value)

    said(
        msg.COMPARISON_TITLE,
        name=i["name"],
        ref=f"{data['indicator_set']['id']}/{i['id']}",
        year=FiscalYear(data["year"]),
        scope=data["scope"] or msg.NATION,
    )
    said(msg.REPORTED, reported=d["reported"], population=d["population"])
    if d["rate"] is not None and i["computation"] == "yes-no":
        said(msg.YES_RATE, rate=f"{d['rate'] * 100:.1f}", yes=d["yes"], reported=d["reported"])
    else:
        spread = ("minimum", "q1", "median", "q3", "maximum", "mean")
        said(msg.SPREAD, unit=unit, **{k: text(d[k]) for k in spread})
    points = [
        words(
            msg.TREND_POINT,
            year=FiscalYear(t["year"]),
            value=text(t["value"]),
            reported=t["reported"],
        )
        for t in data["trend"]
    ]
    said(msg.TREND, points=sep.join(points))
    if data["prefectures"]:
        said(msg.PREFECTURES_HEADING)
        for p in sorted(data["prefectures"], key=lambda p: (p["rank"] is None, p["rank"] or 0)):
            say(f"    {p['rank'] or '-':>3}  {p['code']} {p['name']}  {text(p['value'])}")
    for f in data["focus"]:
        said(
            msg.FOCUS_LINE,
            code=f["code"],
            name=f["name"],
            value=text(f["value"]),
            unit=unit,
            rank=text(f["rank"]),
        )
        for g in f["groups"]:
            said(
                msg.FOCUS_GROUP,
                id=g["id"],
                rank=text(g["rank"]),
                of=text(g["of"]),
                median=text(g["median"]),
            )
        trend = [
            f"{fiscal_year_text(t['year'], State.lang)} {text(t['value'])}" for t in f["trend"]
        ]
        said(msg.FOCUS_TREND, points=sep.join(trend))


@inquiry_app.command("make")
def inquiry_make(
    indicator_set: SetOption,
    prefecture: PrefectureOption,
    year: InquiryYearOption,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the forms.")] = Path("."),
    deadline: DeadlineOption = None,
    contact: ContactOption = None,
    db: DbOption = None,
) -> None:
    """Write one signed form per municipality of the prefecture."""

    from shinchoku.compare.inquiry import make_forms
    from shinchoku.orgs import registry

    due = deadline_date(deadline)
    with using_database(db, create=True) as database:
        iset = _indicator_set(indicator_set, database)
        made = make_forms(
            database, iset, registry(), prefecture, year, out_dir, deadline=due, contact=contact
        )
    for m in made:
        said(msg.SURVEY_FORM_MADE, path=str(m.path), org=m.org.name, rows=m.rows)
    said(msg.SURVEY_FORMS_MADE, count=len(made), year=FiscalYear(year))


@inquiry_app.command("collect")
def inquiry_collect(
    replies: Annotated[list[Path], typer.Argument(help="Reply files or folders.")],
    indicator_set: SetOption,
    prefecture: PrefectureOption,
    year: InquiryYearOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and diff only.")] = False,
    by: ImporterOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the replies and import their answers: all in one transaction, or none."""
    from shinchoku.compare.inquiry import collect
    from shinchoku.orgs import registry

    try:
        database = open_database(db, create=False)
        try:
            iset = _indicator_set(indicator_set, database)
            importer = _importer(database, by, prefecture)
            result = collect(
                database, replies, iset, registry(), prefecture, year, dry_run=dry_run, by=importer
            )
        finally:
            database.dispose()
    except ShinchokuError as exc:
        if as_json:
            _dump({"errors": [p.to_dict() for p in exc.problems]})
            raise typer.Exit(1) from None
        fail(exc)
        return
    if as_json:
        _dump(result.to_dict())
        return
    from shinchoku.wording import report_lines

    for line in report_lines(result.warnings, State.lang):
        err.print(line, markup=False)
    imported = result.imported
    said(
        msg.REPLIES_READ,
        count=len(result.replies),
        added_verb=msg.WOULD_ADD if dry_run else msg.ADDED,
        added=imported.added if imported else 0,
        changed=imported.changed if imported else 0,
    )
    for r in result.replies:
        said(
            msg.REPLY_LINE,
            code=r.org.code,
            name=r.org.name,
            answered=r.answered,
            blank=r.blank,
            file=str(r.file),
        )
    if imported is not None:
        _say_diffs(imported.diffs)


@inquiry_app.command("status")
def inquiry_status(
    indicator_set: SetOption,
    prefecture: PrefectureOption,
    year: InquiryYearOption,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Per municipality: answered, partly answered or not replied — whom to remind."""
    from shinchoku.compare.inquiry import status
    from shinchoku.orgs import registry

    with using_database(db, create=False) as database:
        iset = _indicator_set(indicator_set, database)
        with database.engine.connect() as conn:
            st = status(conn, iset, registry(), prefecture, year)
    if as_json:
        _dump(st.to_dict())
    else:
        say(st.to_text(State.lang))
