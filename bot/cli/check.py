"""`check`: the seeds folder, the config and the token, as a host would check them."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.storage.seeds import load_folder


def seeds_folder(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.seeds or settings.seeds)


def cmd_check(args: argparse.Namespace, settings: Settings, out: TextIO = sys.stdout) -> int:
    """List each problem (a file that cannot be used) and warning (a duplicate link, an
    unlikely date: loaded all the same), then one summary line; status 1 on a problem."""
    folder = seeds_folder(args, settings)
    report = load_folder(folder, settings.max_article_bytes)
    problems = [str(s) for s in report.skipped]
    if not report.articles:
        problems.append(f"{folder}: no usable articles; add *.txt files (see README)")
    for line in [*problems, *map(str, report.warnings)]:
        print(line, file=out)
    token = os.environ.get("DISCORD_TOKEN", "") or settings.discord.token
    print(
        f"{len(report.articles)} articles ok, {len(problems)} problems,"
        f" {len(report.warnings)} warnings; DISCORD_TOKEN {redact(token) if token else 'not set'}",
        file=out,
    )
    return 1 if problems else 0


def redact(token: str) -> str:
    """Enough of a token to tell two apart, never enough to use it."""
    return f"set ({token[:4]}…, {len(token)} characters)" if len(token) > 12 else "set"
