"""The `incidentwire` command. Each command lives in its own module and registers itself on `app`."""

# Importing a command module registers its commands; the import order is the order in `--help`.
from incidentwire.cli import extract  # noqa: F401, I001
from incidentwire.cli import store  # noqa: F401
from incidentwire.cli import linking  # noqa: F401
from incidentwire.cli import evaluate  # noqa: F401
from incidentwire.cli import places  # noqa: F401
from incidentwire.cli import watch  # noqa: F401
from incidentwire.cli import serve  # noqa: F401
from incidentwire.cli.common import app


def main() -> None:
    app(prog_name="incidentwire")


__all__ = ["app", "main"]
