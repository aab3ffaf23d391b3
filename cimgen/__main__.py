"""``python -m cimgen`` runs the command line."""

from cimgen.cli import main

main()
