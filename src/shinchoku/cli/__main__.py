"""``python -m shinchoku.cli``: the command line."""

from shinchoku.cli import main

main()
