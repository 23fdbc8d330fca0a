"""``python -m shinchoku`` and the ``shinchoku`` command: the command line."""

import gc


def run() -> None:
    """The command line, its modules imported with the cyclic collector paused.

    Importing makes only long-lived objects (modules, classes, pydantic's schemas), which
    the collector would walk again at each of its hundred runs during the imports (0.04
    CPU-s of every command); they are then frozen, so that it never walks them again
    (see :mod:`shinchoku.batch`).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from shinchoku.cli import main

        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    main()


if __name__ == "__main__":
    run()
