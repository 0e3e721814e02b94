"""Answer quality on SQuAD: `python -m evaluation eval` (pooled, distractors, abstention).

    pooled        the 16 SQuAD articles in one corpus; each question's gold sentence is
                  the one holding its answer
    distractors   the same, with the 2,225 BBC News articles added to the corpus
    abstention    the SQuAD questions asked of a BBC-only corpus (none is answerable),
                  and questions on and off the topic of the seed article

Titles sorted by name split the questions: the first 8 for tuning, the last 8 for
reporting. Rankings are measured at min_confidence 0; the answer and abstention rates at
the default, with the trade-off over min_confidence printed so the default is a choice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core import answer as qa
from bot.core import limits
from bot.core.article import Article, parse_article
from bot.core.corpus import Corpus
from bot.storage.seeds import load_corpus
from evaluation import bbc, squad

DEFAULT_DATA = Path("../shared/data")
DEFAULT_SEEDS = Path("seeds")
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(21))
DEPTH = limits.MAX_ANSWERS  # MRR@5: as deep as an answer goes

# Questions about the seed article (Russia asking China for military aid, March 2022).
SEED_ON_TOPIC = (
    "What has Russia asked China for?",
    "Who will Sullivan meet in Rome?",
    "How many Ukrainian civilians were killed?",
    "Who is Jake Sullivan?",
    "What did the Financial Times report?",
    "Who is supplying missiles to Ukraine?",
    "What did the Chinese embassy spokesperson say?",
    "What will happen if China helps Russia evade sanctions?",
    "How does China describe its relationship with Russia?",
    "Are Russian troops running out of weapons?",
)
SEED_OFF_TOPIC = (
    "What is the capital of France?",
    "Who won the World Cup?",
    "Is Bitcoin going up?",
    "When did Russia invade Georgia?",
    "How do I bake sourdough bread?",
    "What is the boiling point of water?",
    "Who wrote Pride and Prejudice?",
    "How tall is Mount Everest?",
    "What is the best programming language?",
    "When is the next solar eclipse?",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    rank: int  # 1-based rank of the gold sentence among the first DEPTH hits; 0: absent
    confidence: float  # the answer's confidence; it is given when this >= min_confidence
    seconds: float


def outcomes(corpus: Corpus, questions: Sequence[squad.Question]) -> list[Outcome]:
    """Ask every question at min_confidence 0 and locate its gold sentence."""
    found = []
    for q in questions:
        start = time.perf_counter()
        result = qa.ask(corpus, q.text, k=DEPTH, min_confidence=0.0)
        seconds = time.perf_counter() - start
        rank = next(
            (
                n
                for n, hit in enumerate(result.hits, 1)
                if not hit.heading
                and hit.article.id == q.article_id
                and hit.sentence_index == q.sentence
            ),
            0,
        )
        found.append(Outcome(rank, _confidence(result), seconds))
    return found


def _confidence(result: qa.Answer) -> float:
    return result.hits[0].confidence if result.hits else 0.0


def ranking(found: Sequence[Outcome], min_confidence: float) -> dict[str, float]:
    n = len(found) or 1
    return {
        "top1": sum(o.rank == 1 for o in found) / n,
        "hit3": sum(1 <= o.rank <= 3 for o in found) / n,
        "mrr5": sum(1 / o.rank for o in found if o.rank) / n,
        "answered": answer_rate(found, min_confidence),
        "answered_top1": sum(o.rank == 1 and o.confidence >= min_confidence for o in found) / n,
    }


def answer_rate(found: Sequence[Outcome], min_confidence: float) -> float:
    return sum(o.confidence >= min_confidence for o in found) / (len(found) or 1)


def seed_confidences(seeds: Path) -> tuple[list[float], list[float]]:
    corpus = load_corpus(seeds).corpus
    on = [_confidence(qa.ask(corpus, q, min_confidence=0.0)) for q in SEED_ON_TOPIC]
    off = [_confidence(qa.ask(corpus, q, min_confidence=0.0)) for q in SEED_OFF_TOPIC]
    return on, off


def bbc_articles(path: Path) -> list[Article]:
    date = dt.date(2005, 1, 1)  # the BBC News Summary articles are from 2004-2005
    return [
        parse_article(f"date {date}\ntitle: {a.title}\n\n{a.body}", "bbc-" + a.id.replace("/", "-"))
        for a in bbc.load(path)
    ]


def evaluate(data: Path, seeds: Path, distractors: bool = True) -> dict[str, object]:
    """All figures, as a JSON-ready dict."""
    default = qa.DEFAULT_MIN_CONFIDENCE
    data_set = squad.load(data / squad.DEFAULT_PATH.name)
    titles = data_set.titles()
    halves = {"tuning": set(titles[:8]), "reporting": set(titles[8:])}
    parts = {name: [q for q in data_set.questions if q.title in ts] for name, ts in halves.items()}
    corpora = {"pooled": Corpus(data_set.articles)}
    news = bbc_articles(data / bbc.DEFAULT_PATH.name) if distractors else []
    if news:
        corpora["distractors"] = Corpus(data_set.articles + news)
        corpora["bbc_only"] = Corpus(news)
    found = {
        (c, h): outcomes(corpus, qs) for c, corpus in corpora.items() for h, qs in parts.items()
    }
    on, off = seed_confidences(seeds)
    report: dict[str, object] = {"min_confidence": default}
    for (c, h), got in found.items():
        if c == "bbc_only":
            report[f"{c}/{h}"] = {"abstained": 1 - answer_rate(got, default)}
        else:
            report[f"{c}/{h}"] = ranking(got, default)
    report["seed"] = {
        "on_topic_answered": sum(c >= default for c in on) / len(on),
        "off_topic_abstained": sum(c < default for c in off) / len(off),
    }
    report["curve"] = _curve(found, on, off)
    seconds = [o.seconds for (c, _), got in found.items() if c == "distractors" for o in got]
    if seconds:
        report["latency_ms"] = {
            "median": _ms(statistics.median(seconds)),
            "p99": _ms(_p99(seconds)),
        }
    return report


def _curve(
    found: dict[tuple[str, str], list[Outcome]], on: list[float], off: list[float]
) -> list[dict[str, float]]:
    rows = []
    for t in THRESHOLDS:
        row = {"min_confidence": t}
        for (c, h), got in found.items():
            if c == "pooled":
                row[f"answered/{h}"] = answer_rate(got, t)
            elif c == "bbc_only":
                row[f"abstained/{h}"] = 1 - answer_rate(got, t)
        row["seed_on_answered"] = sum(c >= t for c in on) / len(on)
        row["seed_off_abstained"] = sum(c < t for c in off) / len(off)
        rows.append(row)
    return rows


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def format_report(report: dict[str, object]) -> str:
    lines = [f"min_confidence {report['min_confidence']}", ""]
    lines.append(
        f"{'corpus/half':<24}{'top1':>8}{'hit@3':>8}{'MRR@5':>8}{'answered':>10}{'abstained':>11}"
    )
    for key, value in report.items():
        if "/" not in key or not isinstance(value, dict):
            continue
        cells = [value.get(m) for m in ("top1", "hit3", "mrr5", "answered", "abstained")]
        widths = (8, 8, 8, 10, 11)
        lines.append(
            f"{key:<24}" + "".join(_cell(v, w) for v, w in zip(cells, widths, strict=True))
        )
    seed = report["seed"]
    assert isinstance(seed, dict)
    lines += [
        "",
        f"seed article: on-topic answered {seed['on_topic_answered']:.2f}, "
        f"off-topic abstained {seed['off_topic_abstained']:.2f}",
        "",
        "trade-off:",
    ]
    curve = report["curve"]
    assert isinstance(curve, list)
    lines.append("  ".join(f"{k:>20}" for k in curve[0]))
    lines += ["  ".join(f"{v:>20.3f}" for v in row.values()) for row in curve]
    if "latency_ms" in report:
        lines.append(f"\nask on the distractor corpus: {report['latency_ms']} ms")
    return "\n".join(lines)


def _cell(value: object, width: int) -> str:
    return f"{value:>{width}.3f}" if isinstance(value, float) else " " * width


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation eval",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seeds folder")
    parser.add_argument("--no-distractors", action="store_true", help="SQuAD pooled only (fast)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.data, args.seeds, not args.no_distractors)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
