"""``python -m cooperlab.cli``."""

from cooperlab.cli.app import run

run()
