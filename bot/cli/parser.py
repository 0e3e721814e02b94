"""The command line's options; standard library only, so `--help` is instant."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DESCRIPTION = """The command line: `python -m bot ask|articles|summary|check|run|sync`.

`ask`, `articles`, `summary` and `check` work offline and never import discord.py."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=DESCRIPTION)
    parser.add_argument(
        "--config",
        type=Path,
        help="TOML settings (see config.example.toml; default: ./config.toml if it exists)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = _command(sub, "ask", "answer a question with the articles' own sentences")
    ask.add_argument("question", help="the question, or - to read one question per line")
    ask.add_argument("-k", type=int, help="number of sentences to quote (default 3)")
    ask.add_argument("--article", help="only this article id")
    ask.add_argument("--json", action="store_true", help="print JSON")

    _command(sub, "articles", "list the articles").add_argument(
        "--json", action="store_true", help="print JSON lines"
    )

    summary = _command(sub, "summary", "summarize an article (default: newest)")
    summary.add_argument("article", nargs="?", help="article id (see `articles`)")
    summary.add_argument("--sentences", "-n", type=int, help="summary length (default 3)")
    summary.add_argument("--all", action="store_true", help="summarize every article")
    summary.add_argument("--json", action="store_true", help="print JSON lines")

    _command(sub, "check", "validate the seeds folder and the config")
    _command(sub, "run", "run the Discord bot (needs DISCORD_TOKEN)")
    _command(sub, "sync", "register the slash commands globally, then exit")
    return parser


def _command(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--seeds", type=Path, help="folder of article files (default ./seeds)")
    return parser
