"""The command line: `python -m bot ask|articles|summary|check|run|sync`.

`ask`, `articles`, `summary` and `check` work offline and never import discord.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings, configure_logging, load_settings
from bot.core import answer as qa
from bot.core import render
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.errors import BotError
from bot.core.summarize import summarize
from bot.storage.seeds import Loaded, load_corpus, load_folder

log = logging.getLogger(__name__)


Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        settings = load_settings(args.config or _local_config())
        configure_logging(settings.log_level if args.command in ("run", "sync") else "WARNING")
        return handler(args, settings)
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        help="TOML settings (see config.example.toml; default: ./config.toml if it exists)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = _command(sub, "ask", _cmd_ask, "answer a question with the articles' own sentences")
    ask.add_argument("question", help="the question, or - to read one question per line")
    ask.add_argument("-k", type=int, help="number of sentences to quote (default 3)")
    ask.add_argument("--article", help="only this article id")
    ask.add_argument("--json", action="store_true", help="print JSON")

    _command(sub, "articles", _cmd_articles, "list the articles").add_argument(
        "--json", action="store_true", help="print JSON lines"
    )

    summary = _command(sub, "summary", _cmd_summary, "summarize an article (default: newest)")
    summary.add_argument("article", nargs="?", help="article id (see `articles`)")
    summary.add_argument("--sentences", "-n", type=int, help="summary length (default 3)")
    summary.add_argument("--all", action="store_true", help="summarize every article")
    summary.add_argument("--json", action="store_true", help="print JSON lines")

    _command(sub, "check", _cmd_check, "validate the seeds folder and the config")
    _command(sub, "run", _cmd_run, "run the Discord bot (needs DISCORD_TOKEN)")
    _command(sub, "sync", _cmd_sync, "register the slash commands globally, then exit")
    return parser


def _local_config() -> Path | None:
    """`config.toml` in the working folder, when there is one: what the Procfile's plain
    `python -m bot run` picks up on a host."""
    local = Path("config.toml")
    return local if local.is_file() else None


def _command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--seeds", type=Path, help="folder of article files (default ./seeds)")
    parser.set_defaults(handler=handler)
    return parser


def _seeds(args: argparse.Namespace, settings: Settings) -> Path:
    return args.seeds or settings.seeds


def _load(args: argparse.Namespace, settings: Settings) -> Loaded:
    loaded = load_corpus(_seeds(args, settings), settings.max_article_bytes, settings.cache_dir)
    for skipped in loaded.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    return loaded


# -- ask -------------------------------------------------------------------------------


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    k = args.k or settings.answers
    if args.article:
        corpus.article(args.article)  # unknown id: one clear error before any question
    if args.question != "-":
        result = qa.ask(corpus, args.question, k, args.article, settings.min_confidence)
        if args.json:
            print(json.dumps(answer_json(result), ensure_ascii=False))
        else:
            print(answer_text(result))
        return 0
    for line in sys.stdin:
        question = line.rstrip("\n")
        result = qa.ask(corpus, question, k, args.article, settings.min_confidence)
        print(json.dumps(answer_json(result), ensure_ascii=False), flush=True)
    return 0


def article_json(info: ArticleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "title": info.title,
        "date": info.date.isoformat(),
        "source": info.source,
        "url": info.url,
        "sentences": info.sentence_count,
    }


def answer_json(result: qa.Answer) -> dict[str, Any]:
    return {
        "question": result.question,
        "answered": result.answered,
        "reason": result.reason,
        "answers": [
            {
                "text": hit.text,
                "score": round(hit.score, 6),
                "confidence": round(hit.confidence, 4),
                "sentence_index": hit.sentence_index,
                "heading": hit.heading,
                "matched": list(hit.matched),
                "article": article_json(hit.article),
            }
            for hit in result.hits
        ],
    }


def answer_text(result: qa.Answer) -> str:
    if not result.answered:
        return render.NO_ANSWER[result.reason]
    lines = []
    for n, hit in enumerate(result.hits, 1):
        where = f"{hit.article.title} ({hit.article.date.isoformat()})"
        position = (
            "heading"
            if hit.heading
            else f"sentence {hit.sentence_index + 1} of {hit.sentence_count}"
        )
        lines.append(f"{n}. “{hit.text}”\n   — {where}, {position}")
    return "\n".join(lines)


# -- articles, summary, check ------------------------------------------------------------


def _cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    for info in sorted(corpus.articles, key=lambda a: (a.date, a.id), reverse=True):
        if args.json:
            print(json.dumps(article_json(info), ensure_ascii=False))
        else:
            date, count = info.date.isoformat(), info.sentence_count
            print(f"{date}  {info.id}  {count:>4} sentences  {info.title}")
    return 0


def _cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(args, settings).corpus
    n = args.sentences or settings.summary_sentences
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


def _cmd_check(args: argparse.Namespace, settings: Settings, out: TextIO = sys.stdout) -> int:
    folder = _seeds(args, settings)
    report = load_folder(folder, settings.max_article_bytes)
    problems = [str(s) for s in report.skipped]
    if not report.articles:
        problems.append(f"{folder}: no usable articles; add *.txt files (see README)")
    token = os.environ.get("DISCORD_TOKEN", "") or settings.discord.token
    for problem in problems:
        print(problem, file=out)
    print(
        f"{len(report.articles)} articles ok, {len(problems)} problems;"
        f" DISCORD_TOKEN {redact(token) if token else 'not set'}",
        file=out,
    )
    return 1 if problems else 0


def redact(token: str) -> str:
    """Enough of a token to tell two apart, never enough to use it."""
    return f"set ({token[:4]}…, {len(token)} characters)" if len(token) > 12 else "set"


# -- Discord ---------------------------------------------------------------------------


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.launcher import run  # the only place discord.py is imported from the CLI

    return run(settings, _seeds(args, settings))


def _cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.launcher import sync_global

    return sync_global(settings, _seeds(args, settings))
