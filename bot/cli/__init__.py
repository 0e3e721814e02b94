"""The command line: `python -m bot ask|articles|summary|check|run|sync`.

`parser.py` reads the options (standard library only, so `--help` and usage errors are
instant), `commands.py` runs the commands, `output.py` turns answers and articles into
text and JSON. `ask`, `articles`, `summary` and `check` work offline and never import
discord.py.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.parser import build_parser
from bot.config import configure_logging, load_settings
from bot.core.errors import BotError


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config or _local_config())
        configure_logging(settings.log_level if args.command in ("run", "sync") else "WARNING")
        from bot.cli.commands import run_command  # numpy, scipy, nltk: only past the options

        return run_command(args, settings)
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _local_config() -> Path | None:
    """`config.toml` in the working folder, when there is one: what the Procfile's plain
    `python -m bot run` picks up on a host."""
    local = Path("config.toml")
    return local if local.is_file() else None
