"""The command line's options; standard library only, so `--help` is instant.

Every option error is one line that names the option, the valid range and what was
given (`error: -k must be 1 to 5, got 0`), then where the help is; status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from bot.core import limits

DESCRIPTION = """\
Answer questions about news articles by quoting the articles' own sentences.
The articles are the *.txt files of the seeds folder: ./seeds, or --seeds, or `seeds`
in the config. ask, articles, summary and check work offline. Installed with pip, the
same commands run as `news-quote-bot COMMAND`."""

EPILOG = """\
examples:
  {prog} ask "What has Russia asked China for?"
  {prog} ask - < questions.txt      one question per line in, one JSON line out each
  {prog} summary --all | head
  {prog} check --verify

exit status: 0 done, 1 error (one line on stderr), 2 bad usage, 130 interrupted,
141 output closed early (e.g. by | head)"""

# argparse puts "argument -k: " before a message that already names the option.
_ARGUMENT_PREFIX = re.compile(r"^argument [^:]+: (?=\S+ must be )")


class Parser(argparse.ArgumentParser):
    """argparse, with errors as one line: `error: ...; see `prog --help``."""

    def error(self, message: str, command: str = "") -> NoReturn:
        message = _ARGUMENT_PREFIX.sub("", message)
        prog = f"{self.prog} {command}" if command else self.prog
        self.exit(2, f"error: {message}; see `{prog} --help`\n")


def prog_name(argv0: str | None = None) -> str:
    """How the user ran us: the console script's name (`news-quote-bot`), or
    `python -m bot` when run as a module (argv[0] is then bot/__main__.py)."""
    name = os.path.basename(sys.argv[0] if argv0 is None else argv0)
    if not name or name.endswith(".py") or name in ("-c", "-m"):
        return "python -m bot"
    return name


def bounded(option: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, or one clear error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{option} must be {low} to {high}, got {text}")
        return value

    return parse


def iso_date(option: str) -> Callable[[str], dt.date]:
    """An argparse type: a date written YYYY-MM-DD, or one clear error."""

    def parse(text: str) -> dt.date:
        try:  # fromisoformat alone would also take 20220314 and 2022-W11-1
            if _ISO_DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        raise argparse.ArgumentTypeError(f"{option} must be a date YYYY-MM-DD, got {text}")

    return parse


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def build_parser(prog: str | None = None) -> Parser:
    prog = prog or prog_name()
    parser = Parser(
        prog=prog,
        description=DESCRIPTION,
        epilog=EPILOG.format(prog=prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help=_CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    _ask(sub)
    _articles(sub)
    _summary(sub)
    _check(sub)
    _command(sub, "run", "run the Discord bot until stopped (needs DISCORD_TOKEN)")
    _command(sub, "sync", "register the slash commands with Discord globally, then exit")
    return parser


def parse_args(argv: Sequence[str], prog: str | None = None) -> argparse.Namespace:
    """The options, checked; a usage error exits with status 2."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    args.prog = parser.prog  # for messages that name another command
    if args.command == "ask" and args.since and args.until and args.since > args.until:
        parser.error(f"--since {args.since} is after --until {args.until}; swap them", "ask")
    if args.command == "summary" and args.all and args.article:
        parser.error(
            f"summary takes an article id or --all, not both (got {args.article!r})", "summary"
        )
    return args


_CONFIG_HELP = (
    "settings in TOML (see config.example.toml); default: ./config.toml if it exists."
    " Also accepted after the command"
)


def _command(sub: Any, name: str, help_text: str, description: str = "") -> Parser:
    # A description of its own is laid out by hand; the one-line help is wrapped.
    layout = argparse.RawDescriptionHelpFormatter if description else argparse.HelpFormatter
    parser: Parser = sub.add_parser(
        name, help=help_text, description=description or help_text, formatter_class=layout
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        metavar="FOLDER",
        help="folder of article files (default: `seeds` in the config, else ./seeds)",
    )
    # SUPPRESS: when not given here, the value given before the command stands.
    parser.add_argument(
        "--config", type=Path, metavar="FILE", default=argparse.SUPPRESS, help=_CONFIG_HELP
    )
    return parser


ASK_DESCRIPTION = """\
answer a question by quoting the articles' best sentences

Dates in the question narrow the articles to those days ("What happened on 14 August?",
"news from May 2024"), as --since and --until do. "This week" and "yesterday" are read
against the newest article's date, which the answer's note then names; "the latest on..."
puts the newest articles' quotes first. A quote marked (partial match) holds only part
of what was asked: the closest the articles come, not a sure answer."""


def _ask(sub: Any) -> None:
    ask = _command(
        sub, "ask", "answer a question by quoting the articles' best sentences", ASK_DESCRIPTION
    )
    ask.add_argument("question", help="the question; - reads one question per line from stdin")
    ask.add_argument(
        "-k",
        type=bounded("-k", limits.MIN_ANSWERS, limits.MAX_ANSWERS),
        metavar="N",
        help=f"sentences to quote, {limits.MIN_ANSWERS} to {limits.MAX_ANSWERS}"
        f" (default: `answers` in the config, else {limits.DEFAULT_ANSWERS})",
    )
    ask.add_argument(
        "--article", metavar="ID", help="search only this article (an id from `articles`)"
    )
    ask.add_argument(
        "--since",
        type=iso_date("--since"),
        metavar="DATE",
        help="only articles dated DATE (YYYY-MM-DD) or later",
    )
    ask.add_argument(
        "--until",
        type=iso_date("--until"),
        metavar="DATE",
        help="only articles dated DATE (YYYY-MM-DD) or earlier",
    )
    ask.add_argument(
        "--channel",
        action="store_true",
        help="apply the answer-channel bar: stay quiet on chat, as the bot does in answer channels",
    )
    ask.add_argument(
        "--json", action="store_true", help="print JSON (always, for questions read from -)"
    )


def _articles(sub: Any) -> None:
    articles = _command(sub, "articles", "list the articles, newest first")
    articles.add_argument("--json", action="store_true", help="print one JSON line per article")


def _summary(sub: Any) -> None:
    summary = _command(
        sub, "summary", "summarize an article with its own key sentences (default: the newest)"
    )
    summary.add_argument("article", nargs="?", metavar="ID", help="article id (see `articles`)")
    summary.add_argument(
        "-n",
        "--sentences",
        type=bounded("-n/--sentences", limits.MIN_SUMMARY_SENTENCES, limits.MAX_SUMMARY_SENTENCES),
        metavar="N",
        help=f"summary length, {limits.MIN_SUMMARY_SENTENCES} to {limits.MAX_SUMMARY_SENTENCES}"
        f" sentences (default: `summary_sentences` in the config, else"
        f" {limits.DEFAULT_SUMMARY_SENTENCES})",
    )
    summary.add_argument("--all", action="store_true", help="summarize every article")
    summary.add_argument("--json", action="store_true", help="print one JSON line per article")


def _check(sub: Any) -> None:
    check = _command(
        sub,
        "check",
        "check the seeds folder (files that cannot be used, links to a file read already,"
        " unlikely dates), the config and whether DISCORD_TOKEN is set; status 1 when a"
        " file is skipped",
    )
    check.add_argument(
        "--verify",
        action="store_true",
        help="also cross-check the index's BM25 scores against rank_bm25, the reference"
        " implementation, on 20 questions made from this corpus's own sentences; status 1"
        " if a score differs by more than 1e-6 (about 2 s per 100,000 sentences)",
    )
