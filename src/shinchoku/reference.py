"""Reference pages generated from the code: the CLI and the problem catalogue.

``python -m shinchoku.reference docs/`` rewrites ``docs/cli.md`` and
``docs/findings.md``; a test fails when the files in the repository are stale,
so a command or a finding code cannot go undocumented.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from shinchoku.problems import catalogue


def findings_markdown() -> str:
    types = catalogue()
    lines = [
        "# Problem catalogue",
        "",
        "Generated from the one catalogue (`shinchoku.problems.catalogue()`) by",
        "`python -m shinchoku.reference docs/`; do not edit by hand. Every problem the",
        "program can report has its code here: the audit's findings (`shinchoku check`,",
        "which exits 1 when any finding is an error), input errors of datasets, 照会",
        "replies, survey files, the web form and the API, and the store's refusals.",
        "",
        "Each is worded in Japanese (`--lang ja`, the default) or English; where a code",
        "has a template, `{name}` fields are filled from the problem's params and place",
        "(`{kpi}`, `{measure}`, `{area}` by name, `{year}` as a fiscal year). The JSON",
        "form (`--json`, the API) keeps the code, the ids of the place and the params.",
        "HTTP is the status the web app and the API answer when the problem stops a",
        "request.",
        "",
        "| code | severity | HTTP | problem | 指摘・エラー |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code, ft in types.items():
        lines.append(
            f"| `{code}` | {ft.severity.value} | {ft.status} | {ft.title} | {ft.title_ja} |"
        )
    lines.append("")
    for code, ft in types.items():
        lines += [
            f"## `{code}`",
            "",
            f"**{ft.title}** ({ft.severity.value}, HTTP {ft.status}).",
            "",
        ]
        lines += [f"{ft.title_ja}。", ""]
        if ft.description:
            lines += [ft.description, ""]
        if ft.message is not None:
            lines += [f"> {ft.message.ja}", ">", f"> {ft.message.en}", ""]
    return "\n".join([*lines, *_reasons_markdown()])


def _reasons_markdown() -> list[str]:
    """The ``{reason}`` of ``unparseable-value``: why a text cannot be read."""
    from shinchoku.problems.reasons import REASONS

    lines = [
        "## Reasons a text cannot be read",
        "",
        "The `{reason}` of `unparseable-value`, in Japanese and English; `{name}` fields",
        "are the text found and the numbers and names involved.",
        "",
        "| reason | 日本語 | English |",
        "| --- | --- | --- |",
    ]
    for code, kind in REASONS.items():
        ja, en = (t.replace("|", "\\|") for t in (kind.template.ja, kind.template.en))
        lines.append(f"| `{code}` | {ja} | {en} |")
    return [*lines, ""]


# Typer ships its own copy of click, so commands and parameters are read by
# their attributes rather than by class.
def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, cmd)]
    commands = getattr(cmd, "commands", None) or {}
    for name in sorted(commands):
        found += _walk(commands[name], [*path, name])
    return found


def _param_row(p: Any) -> str:
    if getattr(p, "param_type_name", "") == "option":
        names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
        text = p.help or ""
    else:
        names = f"`{(p.name or '').upper()}`"
        text = getattr(p, "help", None) or ""
    return f"| {names} | {text.replace('|', '/')} |"


def cli_markdown() -> str:
    from shinchoku.cli import app

    root = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the `shinchoku` command by `python -m shinchoku.reference docs/`;",
        "do not edit by hand. Exit codes: 0 ok, 1 findings or invalid input, 2 usage.",
        "",
    ]
    for path, cmd in _walk(root, ["shinchoku"]):
        if cmd.hidden:
            continue
        lines += [f"## `{' '.join(path)}`", "", (cmd.help or "").strip(), ""]
        params = [p for p in cmd.params if p.name != "help"]
        if params:
            lines += ["| argument / option | meaning |", "| --- | --- |"]
            lines += [_param_row(p) for p in params]
            lines.append("")
    return "\n".join(lines)


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"findings.md": findings_markdown(), "cli.md": cli_markdown()}
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / n for n in pages]


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
