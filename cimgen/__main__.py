"""``python -m cimgen`` runs the command line; :func:`run` is the ``cimgen`` console script."""

from __future__ import annotations

import gc
import sys


def run() -> None:
    """Run the ``cimgen`` command line.

    A command-line run makes many small objects (imports, the class graph) and frees few of
    them before it ends, so the cyclic garbage collector is off from the start; the commands
    that stream large documents turn it on again.
    """
    gc.disable()
    try:
        from cimgen.cli import main
    except KeyboardInterrupt:  # interrupted while starting: one line, no traceback
        sys.stderr.write("cimgen: interrupted\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
