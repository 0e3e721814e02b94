"""The commands: ask, articles, summary, check, run and sync (`parser.py` reads their options)."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from bot.cli import check
from bot.cli.output import answer_json, answer_text, article_json, article_table, skipped_note
from bot.config import Settings
from bot.core import answer as qa
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.summarize import summarize
from bot.storage.seeds import Loaded, load_corpus

Handler = Callable[[argparse.Namespace, Settings], int]


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the command `args` names; its exit status."""
    return HANDLERS[args.command](args, settings)


def _seeds(args: argparse.Namespace, settings: Settings) -> Path:
    return check.seeds_folder(args, settings)


def _load(args: argparse.Namespace, settings: Settings) -> Loaded:
    """The corpus, and one line on stderr when files were skipped (`check` lists them:
    repeating every file on every question would bury the answers)."""
    folder = _seeds(args, settings)
    loaded = load_corpus(folder, settings.max_article_bytes, settings.cache_dir)
    if loaded.skipped:
        print(skipped_note(len(loaded.skipped), folder, _check_command(args)), file=sys.stderr)
    return loaded


def _check_command(args: argparse.Namespace) -> str:
    """The `check` command line for the folder and config this command used."""
    words = [args.prog]
    if args.config:
        words += ["--config", shlex.quote(str(args.config))]
    words.append("check")
    if args.seeds:
        words += ["--seeds", shlex.quote(str(args.seeds))]
    return " ".join(words)


# -- ask -------------------------------------------------------------------------------


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    k = settings.answers if args.k is None else args.k
    if args.article:
        corpus.article(args.article)  # unknown id: one clear error before any question

    def ask(question: str) -> qa.Answer:
        return qa.ask(
            corpus,
            question,
            k,
            args.article,
            settings.min_confidence,
            channel=args.channel,
            since=args.since,
            until=args.until,
        )

    if args.question != "-":
        result = ask(args.question)
        if args.json:
            print(json.dumps(answer_json(result), ensure_ascii=False))
        else:
            newest = corpus.newest() if result.reason == "empty" else None
            print(answer_text(result, newest))
        return 0
    for line in sys.stdin:
        result = ask(line.rstrip("\r\n"))  # a file saved on Windows ends its lines in \r\n
        print(json.dumps(answer_json(result), ensure_ascii=False), flush=True)
    return 0


# -- articles, summary (check is check.py) -----------------------------------------------


def _cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    if not args.json:
        print("\n".join(article_table(corpus.articles)))
        return 0
    for info in sorted(corpus.articles, key=lambda a: (a.date, a.id), reverse=True):
        print(json.dumps(article_json(info), ensure_ascii=False))
    return 0


def _cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    n = settings.summary_sentences if args.sentences is None else args.sentences
    if args.all:
        chosen = corpus.articles
    else:
        chosen = [corpus.article(args.article) if args.article else corpus.newest()]
    for info in chosen:
        sentences = summary_sentences(corpus, info, n)
        if args.json:
            print(
                json.dumps(
                    {"article": article_json(info), "sentences": sentences}, ensure_ascii=False
                )
            )
        else:
            print(f"{info.title} ({info.date.isoformat()})")
            print("\n".join(f"- {s}" for s in sentences))
    return 0


def summary_sentences(corpus: Corpus, info: ArticleInfo, n: int) -> list[str]:
    sentences = corpus.sentences_of(info)
    return [sentences[i] for i in summarize(sentences, n, corpus.tokenizer)]


# -- Discord ---------------------------------------------------------------------------


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.launcher import run  # the only place discord.py is imported from the CLI

    return run(settings, _seeds(args, settings))


def _cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.launcher import sync_global

    return sync_global(settings, _seeds(args, settings))


HANDLERS: dict[str, Handler] = {
    "ask": _cmd_ask,
    "articles": _cmd_articles,
    "summary": _cmd_summary,
    "check": check.cmd_check,
    "run": _cmd_run,
    "sync": _cmd_sync,
}
