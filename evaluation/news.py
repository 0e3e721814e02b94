"""Answer quality on hand-written news questions: `python -m evaluation eval-news`.

The questions (`news_qa_dev.jsonl`, see its README in the data folder) were written by
people reading a BBC article as a Discord member would ask about it: paraphrased, casual,
with typos, and some the article does not answer or that are not about the news at all.
Three regimes give the bot the articles:

    single   each article alone, asked its own questions and 10 off-topic ones
    pooled   the question set's articles in one corpus, asked every question
    all      all 2,225 BBC articles in one corpus, asked every question

Five figures (fractions): top1 and hit3 (an `accept` substring in the first quote, in the
first three; an abstention is a miss), answered (answerable questions answered),
abstain_unans and abstain_off (unanswerable and off-topic questions abstained on); per
kind as well. Then the answer-channel reading: the share of ordinary chat lines
(`chat_lines.txt`, written for this project) that get no reply in an answer channel, and
what the channel bar costs the answerable questions.

`--folds` reports the figures by article fold (5 folds of 6 articles, one per category),
the split the fit scripts cross-validate over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core import answer as qa
from bot.core.article import Article, parse_article
from bot.core.corpus import Corpus
from evaluation.data import DEFAULT_DATA, require

QUESTIONS = "news_qa_dev.jsonl"
ARTICLES = "bbc_news_summary.jsonl"
CHAT_LINES = Path(__file__).with_name("chat_lines.txt")
ARTICLE_DATE = dt.date(2005, 1, 1)  # the data set's README: every file gets this date
OFF_TOPIC_PER_ARTICLE = 10
FOLDS = 5
KINDS = ("paraphrase", "lexical", "casual", "typo", "unanswerable", "offtopic")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class NewsQuestion:
    text: str
    article: str | None  # the article id (bot form: "business-400"); None when off-topic
    kind: str
    accept: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.accept)


@dataclass(frozen=True, slots=True)
class NewsSet:
    questions: list[NewsQuestion]
    articles: dict[str, Article]  # every BBC article, by bot id
    order: list[str]  # the question set's articles in file order

    def folds(self) -> list[set[str]]:
        """FOLDS sets of articles, each with one article of every category."""
        by_category: dict[str, list[str]] = {}
        for article_id in self.order:
            by_category.setdefault(article_id.split("-")[0], []).append(article_id)
        folds: list[set[str]] = [set() for _ in range(FOLDS)]
        for ids in by_category.values():
            for n, article_id in enumerate(ids):
                folds[n % FOLDS].add(article_id)
        return folds


def bot_id(dataset_id: str) -> str:
    return dataset_id.replace("/", "-")


def bbc_article(dataset_id: str, text: str) -> Article:
    """The article file the data set's README describes, parsed: the date, the first line
    as title, the other non-empty lines as paragraphs."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n\n".join(lines[1:])
    return parse_article(f"date {ARTICLE_DATE}\ntitle: {lines[0]}\n\n{body}", bot_id(dataset_id))


def load(data: Path) -> NewsSet:
    questions = []
    order: list[str] = []
    with require(data / QUESTIONS).open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            article = bot_id(row["article"]) if row["article"] else None
            if article and article not in order:
                order.append(article)
            questions.append(NewsQuestion(row["q"], article, row["kind"], tuple(row["accept"])))
    articles = {}
    with require(data / ARTICLES).open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            articles[bot_id(row["id"])] = bbc_article(row["id"], row["article"])
    return NewsSet(questions, articles, order)


def chat_lines(path: Path = CHAT_LINES) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# -- asking -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Asked:
    """One question asked in one regime: what the bot would show, at any bar."""

    question: NewsQuestion
    quotes: tuple[str, ...]  # the first three quotes at min_confidence 0
    confidences: tuple[float, ...]
    channel: bool  # whether it would reply in an answer channel
    regime: str
    corpus_articles: frozenset[str] = field(default_factory=frozenset)

    def shown(self, bar: float) -> tuple[str, ...]:
        if not self.confidences or self.confidences[0] < bar:
            return ()
        return tuple(q for q, c in zip(self.quotes, self.confidences, strict=True) if c >= bar)

    def hit(self, bar: float, depth: int) -> bool:
        accept = [collapse(a) for a in self.question.accept]
        return any(any(a in collapse(quote) for a in accept) for quote in self.shown(bar)[:depth])


Ask = Callable[[Corpus, str], qa.Answer]


def default_ask(corpus: Corpus, question: str) -> qa.Answer:
    return qa.ask(corpus, question, k=3, min_confidence=0.0)


def channel_replies(corpus: Corpus, question: str) -> bool:
    """Whether the bot replies to `question` posted in an answer channel."""
    return qa.ask(corpus, question, k=3, channel=True).answered


def ask_all(
    corpus: Corpus, questions: Iterable[NewsQuestion], regime: str, ask: Ask = default_ask
) -> list[Asked]:
    found = []
    for q in questions:
        result = ask(corpus, q.text)
        found.append(
            Asked(
                q,
                tuple(h.text for h in result.hits),
                tuple(h.confidence for h in result.hits),
                channel_replies(corpus, q.text),
                regime,
            )
        )
    return found


def run_regimes(
    news: NewsSet, regimes: Sequence[str], ask: Ask = default_ask
) -> dict[str, list[Asked]]:
    """Every question asked in each regime."""
    off = [q for q in news.questions if q.article is None]
    results: dict[str, list[Asked]] = {}
    if "single" in regimes:
        found = []
        for i, article_id in enumerate(news.order):
            corpus = Corpus([news.articles[article_id]])
            own = [q for q in news.questions if q.article == article_id]
            extra = [off[(OFF_TOPIC_PER_ARTICLE * i + j) % len(off)] for j in range(10)]
            found += ask_all(corpus, own + extra, "single", ask)
        results["single"] = found
    if "pooled" in regimes:
        corpus = Corpus([news.articles[a] for a in news.order])
        results["pooled"] = ask_all(corpus, news.questions, "pooled", ask)
    if "all" in regimes:
        corpus = Corpus(news.articles.values())
        results["all"] = ask_all(corpus, news.questions, "all", ask)
    return results


# -- figures ------------------------------------------------------------------------------


def figures(found: Sequence[Asked], bar: float) -> dict[str, float | int]:
    answerable = [a for a in found if a.question.answerable]
    unans = [a for a in found if a.question.kind == "unanswerable"]
    off = [a for a in found if a.question.kind == "offtopic"]
    return {
        "top1": _share(answerable, lambda a: a.hit(bar, 1)),
        "hit3": _share(answerable, lambda a: a.hit(bar, 3)),
        "answered": _share(answerable, lambda a: bool(a.shown(bar))),
        "abstain_unans": _share(unans, lambda a: not a.shown(bar)),
        "abstain_off": _share(off, lambda a: not a.shown(bar)),
        "n": len(found),
    }


def by_kind(found: Sequence[Asked], bar: float) -> dict[str, float]:
    """top1 per answerable kind, the abstention rate per other kind."""
    row = {}
    for kind in KINDS:
        group = [a for a in found if a.question.kind == kind]
        if kind in ("unanswerable", "offtopic"):
            row[kind] = _share(group, lambda a: not a.shown(bar))
        else:
            row[kind] = _share(group, lambda a: a.hit(bar, 1))
    return row


def channel_figures(found: Sequence[Asked]) -> dict[str, float]:
    answerable = [a for a in found if a.question.answerable]
    return {
        "channel_answered": _share(answerable, lambda a: a.channel),
        "channel_quiet_unans": _share(
            [a for a in found if a.question.kind == "unanswerable"], lambda a: not a.channel
        ),
        "channel_quiet_off": _share(
            [a for a in found if a.question.kind == "offtopic"], lambda a: not a.channel
        ),
    }


def chat_figures(news: NewsSet, lines: Sequence[str]) -> dict[str, float]:
    """Share of chat lines that get no reply in an answer channel, per corpus."""
    corpora = {
        "seed-like single": [Corpus([news.articles[a]]) for a in news.order[:5]],
        "pooled": [Corpus([news.articles[a] for a in news.order])],
        "all": [Corpus(news.articles.values())],
    }
    out = {}
    for name, group in corpora.items():
        quiet = [not channel_replies(c, line) for c in group for line in lines]
        out[name] = sum(quiet) / len(quiet)
    return out


def _share(items: Sequence[Asked], test: Callable[[Asked], bool]) -> float:
    return sum(map(test, items)) / len(items) if items else float("nan")


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def report(
    news: NewsSet, results: dict[str, list[Asked]], bar: float, folds: bool
) -> dict[str, object]:
    out: dict[str, object] = {"min_confidence": bar}
    for regime, found in results.items():
        entry: dict[str, object] = {
            **figures(found, bar),
            **channel_figures(found),
            "kinds": by_kind(found, bar),
        }
        if folds:
            entry["folds"] = [
                figures([a for a in found if a.question.article in f], bar) for f in news.folds()
            ]
        out[regime] = entry
    return out


def format_report(rep: dict[str, object]) -> str:
    names = ("top1", "hit3", "answered", "abstain_unans", "abstain_off")
    lines = [f"min_confidence {rep['min_confidence']}", ""]
    lines.append(f"{'regime':<10}" + "".join(f"{n:>15}" for n in names))
    for regime, entry in rep.items():
        if not isinstance(entry, dict) or "top1" not in entry:
            continue
        lines.append(f"{regime:<10}" + "".join(f"{entry[n]:>15.3f}" for n in names))
    lines += ["", f"{'top1 / abstained by kind':<26}" + "".join(f"{k:>13}" for k in KINDS)]
    for regime, entry in rep.items():
        if isinstance(entry, dict) and "kinds" in entry:
            kinds = entry["kinds"]
            lines.append(f"{regime:<26}" + "".join(f"{kinds[k]:>13.3f}" for k in KINDS))
    lines += ["", "answer channels (no min_confidence: the channel bar):"]
    for regime, entry in rep.items():
        if isinstance(entry, dict) and "channel_answered" in entry:
            lines.append(
                f"  {regime:<8} answered {entry['channel_answered']:.3f}, quiet on "
                f"unanswerable {entry['channel_quiet_unans']:.3f}, "
                f"off-topic {entry['channel_quiet_off']:.3f}"
            )
    chat = rep.get("chat_quiet")
    if isinstance(chat, dict):
        cells = ", ".join(f"{k} {v:.3f}" for k, v in chat.items())
        lines.append(f"  chat lines with no reply ({rep.get('chat_lines')}): {cells}")
    for regime, entry in rep.items():
        if isinstance(entry, dict) and "folds" in entry:
            lines.append(f"\n{regime} by article fold:")
            for n, fold in enumerate(entry["folds"]):
                lines.append(f"  fold {n}  " + "  ".join(f"{k} {fold[k]:.3f}" for k in names))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation eval-news",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder")
    parser.add_argument("--regimes", default="single,pooled,all", help="comma-separated")
    parser.add_argument("--min-confidence", type=float, default=qa.DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("--folds", action="store_true", help="figures by article fold")
    parser.add_argument("--no-chat", action="store_true", help="skip the chat lines")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    news = load(args.data)
    results = run_regimes(news, args.regimes.split(","))
    rep = report(news, results, args.min_confidence, args.folds)
    if not args.no_chat:
        lines = chat_lines()
        rep["chat_lines"] = len(lines)
        rep["chat_quiet"] = chat_figures(news, lines)
    print(json.dumps(rep, indent=2) if args.json else format_report(rep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
