"""The command line of contract §4 (Typer + Rich). An edge: reads files, the clock and the
environment, and hands plain values to the core. One module per group of commands; importing
them registers their commands on the app."""

from clearpost.cli import messages, model, quality, risk, screening
from clearpost.cli.common import app, main

__all__ = ["app", "main", "messages", "model", "quality", "risk", "screening"]
