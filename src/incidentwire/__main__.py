"""`python -m incidentwire ...` runs the command line (same as the `incidentwire` script)."""

from incidentwire.cli import main

main()
