"""``python -m shinchoku``: the command line."""

from shinchoku.cli import main

main()
