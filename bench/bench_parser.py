"""Benchmark (not a test): the worst figure cells against every reading path.

    PYTHONPATH=src .venv/bin/python bench/bench_parser.py [--length 32767] [--rounds 5]

A cell of Excel's maximum length (32,767 characters) is built in the shapes that made
the parsers slow before the length limit (digits, digit/space runs, brackets, a long
unit, labels, arrows, a comment after a number, ...) and read by each entry point a
channel uses: the figure reader, quantities, money, periods, the 照会 actual, remarks
and point readers, and the Figure model. Each is timed as the best of ``--rounds``
runs; the worst time over all shapes is printed last. Every one must be refused (or
read) in well under a millisecond per cell: the text is refused by its length before
any scan.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from shinchoku.inquiry.values import read_actual, read_point, read_remarks
from shinchoku.japanese import (
    ParseError,
    is_none_marker,
    parse_money,
    parse_period,
    parse_quantity,
    read_figure,
    read_money,
    split_numbered,
)
from shinchoku.model import Figure


def shapes(n: int) -> dict[str, str]:
    """Cells of ``n`` characters that stress scanning, backtracking and Decimal maths."""
    return {
        "digits": "1" * n,
        "digits-space": ("1 " * n)[:n],
        "digit-paren": ("1(" * n)[:n],
        "digits-comment": "1" * (n - 3) + "(x)",
        "grouped": ("1," * n)[:n],
        "kanji": ("一万" * n)[:n],
        "unit": "1" + "件" * (n - 1),
        "labels": ("小 1% " * n)[:n],
        "arrows": ("1→" * n)[:n],
        "era": "R" + "1" * (n - 1),
        "brackets": "1" + "(" * (n - 2) + ")",
        "spaces": "1" + " " * (n - 2) + "件",
        "fullwidth": "１" * n,
        "circled": ("①1" * n)[:n],
    }


def readers() -> dict[str, Callable[[str], object]]:
    return {
        "read_figure": read_figure,
        "parse_quantity": parse_quantity,
        "parse_money": parse_money,
        "read_money": read_money,
        "parse_period": parse_period,
        "read_actual": lambda t: read_actual(t, "件"),
        "read_point": read_point,
        "read_remarks": read_remarks,
        "Figure": lambda t: Figure.model_validate({"text": t}),
        "is_none_marker": is_none_marker,
        "split_numbered": split_numbered,
    }


def best_of(fn: Callable[[str], object], text: str, rounds: int) -> tuple[float, str]:
    best = float("inf")
    outcome = ""
    for _ in range(rounds):
        start = time.perf_counter()
        try:
            fn(text)
            outcome = "read"
        except ParseError:
            outcome = "refused"
        except ValueError:
            outcome = "refused"
        best = min(best, time.perf_counter() - start)
    return best, outcome


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--length", type=int, default=32767)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    worst = (0.0, "", "")
    for shape, text in shapes(args.length).items():
        for name, fn in readers().items():
            seconds, outcome = best_of(fn, text, args.rounds)
            print(f"{shape:15} {name:15} {seconds * 1000:9.3f} ms  {outcome}")
            worst = max(worst, (seconds, shape, name))
    seconds, shape, name = worst
    print(f"worst: {seconds * 1000:.3f} ms ({name} on {shape}, {args.length:,} characters)")


if __name__ == "__main__":
    main()
