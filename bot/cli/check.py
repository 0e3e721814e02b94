"""`check`: the seeds folder, the config and the token, as a host would check them; with
--verify, the index's BM25 scores against rank_bm25's on this corpus."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import Settings
from bot.core.errors import NoArticlesError
from bot.storage.seeds import load_corpus, load_folder

if TYPE_CHECKING:
    from bot.cli.verify import CrossCheck


def seeds_folder(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.seeds or settings.seeds)


def cmd_check(args: argparse.Namespace, settings: Settings, out: TextIO = sys.stdout) -> int:
    """Check the folder, then with --verify the BM25 scores; status 1 when either fails."""
    status = check_folder(args, settings, out)
    if args.verify:
        status = max(status, verify_scores(seeds_folder(args, settings), settings, out))
    return status


def check_folder(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
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


def verify_scores(folder: Path, settings: Settings, out: TextIO) -> int:
    """Cross-check the served index (built, or from the cache) against rank_bm25."""
    from bot.cli.verify import cross_check_corpus  # imports rank_bm25

    try:
        corpus = load_corpus(folder, settings.max_article_bytes, settings.cache_dir).corpus
    except NoArticlesError:
        print("BM25 cross-check: skipped, no usable articles", file=out)
        return 1
    result = cross_check_corpus(corpus)
    print(cross_check_line(result), file=out)
    return 0 if result.ok else 1


def cross_check_line(result: CrossCheck) -> str:
    if not result.questions:
        return "BM25 cross-check: skipped, no sentence has searchable words"
    verdict = "pass" if result.ok else "FAIL"
    return (
        f"BM25 cross-check against {result.reference}: {result.questions} questions,"
        f" {result.scores:,} scores of {result.documents:,} indexed sentences and headings;"
        f" largest difference {result.max_difference:.2g} (tolerance {result.tolerance:g}):"
        f" {verdict} in {result.seconds:.2f} s"
    )
