"""The command line: `python -m bot ask|articles|summary|check|run|sync`.

`parser.py` reads the options (standard library only, so `--help` and usage errors are
instant), `commands.py` runs the commands, `output.py` turns answers and articles into
text and JSON. `ask`, `articles`, `summary` and `check` work offline and never import
discord.py.

Exit status: 0 done; 1 an error, told in one line on stderr; 2 a usage error; 130
interrupted; 141 (128 + SIGPIPE, what `cat` and `yes` give) when whoever reads stdout
closes it early, as `| head` does: the command then stops quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.parser import parse_args
from bot.config import configure_logging, load_settings
from bot.core.errors import BotError

EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    try:
        settings = load_settings(args.config or _local_config())
        configure_logging(settings.log_level if args.command in ("run", "sync") else "WARNING")
        from bot.cli.commands import run_command  # numpy, scipy, nltk: only past the options

        status = run_command(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it would be a traceback
        return status
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's flush at exit cannot fail again
    (the recipe of Python's `signal` documentation, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _local_config() -> Path | None:
    """`config.toml` in the working folder, when there is one: what the Procfile's plain
    `python -m bot run` picks up on a host."""
    local = Path("config.toml")
    return local if local.is_file() else None
