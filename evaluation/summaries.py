"""Summary quality on BBC News Summary: ROUGE-1/2/L F1 of `bot.summarize` and baselines.

    python -m evaluation summaries [--data PATH] [--categories business,politics]
                                       [--limit N] [--json]

Each system summarizes each article twice: with 3 sentences, and with as many sentences as
the reference has. The ROUGE target is the file's reference summary, in its own sentence
order (the references list sentences by a ranker's score, not by article position), scored
with `rouge-score` and `use_stemmer=True`. Times are the median milliseconds per article
of the summarizer step alone (tokenizing included, sentence splitting and scoring not).

A script, not a test: it needs ../shared/data, which CI does not have.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from bot.core.summarize import summarize
from bot.core.text import split_sentences
from bot.core.tokens import Tokenizer
from evaluation import bbc

# A system maps (sentences, n) to the indices it picks, in article order.
System = Callable[[Sequence[str], int], list[int]]

CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
REGIMES = ("3 sentences", "reference length")
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
# Measured on all 2,225 articles with the project's splitter, F1 x 100 (R1, R2, RL), quoted
# when `sumy` is not installed (it is not a dependency of the bot).
ANCHORS = {
    "sumy TextRank (quoted)": ((59.52, 54.60, 46.02), (78.48, 71.04, 49.24), 7.6),
    "sumy LexRank (quoted)": ((49.28, 42.40, 38.03), (67.33, 55.34, 42.44), 8.4),
}


@dataclass(frozen=True, slots=True)
class Case:
    """One article as the systems see it, with its ROUGE target."""

    category: str
    sentences: tuple[str, ...]
    reference_length: int
    target: str


@dataclass(frozen=True, slots=True)
class Score:
    """Mean F1 x 100 for R1, R2, RL and the median ms per article, for one table cell."""

    system: str
    category: str
    regime: str
    rouge: tuple[float, float, float]
    median_ms: float
    articles: int


def load_cases(path: Path, categories: set[str] | None, limit: int | None) -> list[Case]:
    """The articles to evaluate, split into sentences one body line (paragraph) at a time.

    `bbc.load` keeps only references it can cut into verbatim sentences (63 it cannot);
    the target is the file's spaced summary, so every article counts.
    """
    spaced = _spaced_summaries(path)
    cases = []
    for article in bbc.load(path):
        if categories and article.category not in categories:
            continue
        sentences = tuple(s for line in article.body.splitlines() for s in split_sentences(line))
        target = spaced[article.id]
        pieces = article.reference or (target,)
        length = sum(len(split_sentences(piece)) for piece in pieces)
        cases.append(Case(article.category, sentences, length, target))
        if limit is not None and len(cases) == limit:
            break
    return cases


def _spaced_summaries(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as lines:
        rows = (json.loads(line) for line in lines)
        return {row["id"]: row["reference_summary_spaced"] for row in rows}


def systems() -> dict[str, System]:
    """Ours and the baselines computed in the same run (sumy's only if it is installed)."""
    tokenizer = Tokenizer()
    found: dict[str, System] = {
        "ours (TextRank)": lambda sentences, n: summarize(sentences, n, tokenizer),
        "Lead": lambda sentences, n: list(range(min(n, len(sentences)))),
        "TF-IDF centroid": lambda sentences, n: centroid(sentences, n, tokenizer),
    }
    found.update(_sumy_systems())
    return found


def centroid(sentences: Sequence[str], n: int, tokenizer: Tokenizer) -> list[int]:
    """Baseline: the `n` sentences whose tf-idf vectors are closest (cosine) to the article's."""
    terms = [tokenizer(s) for s in sentences]
    vocabulary = {t: i for i, t in enumerate(sorted({t for s in terms for t in s}))}
    if n < 1 or not vocabulary:
        return []
    counts = np.zeros((len(terms), len(vocabulary)))
    for row, sentence in enumerate(terms):
        for term in sentence:
            counts[row, vocabulary[term]] += 1
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(terms)) / (1 + df)) + 1)  # scikit-learn's smooth idf
    norms = np.linalg.norm(weights, axis=1)
    cosine = weights @ weights.sum(axis=0) / np.where(norms > 0, norms, 1.0)
    return sorted(sorted(range(len(terms)), key=lambda i: (-cosine[i], i))[:n])


def _sumy_systems() -> dict[str, System]:
    try:
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
    except ImportError:
        return {}
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    words = _SumyWords()

    def wrap(summarizer: Callable[..., Sequence[object]]) -> System:
        summarizer.stop_words = get_stop_words("english")  # type: ignore[attr-defined]

        def run(sentences: Sequence[str], n: int) -> list[int]:
            units = [Sentence(s, words) for s in sentences]
            document = ObjectDocumentModel([Paragraph(units)])
            picked = {id(s) for s in summarizer(document, n)}
            return [i for i, unit in enumerate(units) if id(unit) in picked]

        return run

    return {
        "sumy TextRank": wrap(TextRankSummarizer(Stemmer("english"))),
        "sumy LexRank": wrap(LexRankSummarizer(Stemmer("english"))),
    }


class _SumyWords:
    """sumy's word tokenizer needs nltk's punkt data; words here are runs of letters and digits."""

    _WORD = re.compile(r"\w+(?:['’]\w+)*")

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self._WORD.findall(text))


def evaluate(cases: Sequence[Case], found: dict[str, System]) -> list[Score]:
    """One Score per system, category (and "total") and regime."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    scores: list[Score] = []
    for name, system in found.items():
        for regime in REGIMES:
            rows = [_run_case(system, case, regime, scorer) for case in cases]
            scores.extend(_aggregate(name, regime, cases, rows))
    return scores


def _run_case(
    system: System, case: Case, regime: str, scorer: rouge_scorer.RougeScorer
) -> tuple[float, float, float, float]:
    n = 3 if regime == REGIMES[0] else case.reference_length
    start = time.perf_counter()
    chosen = system(case.sentences, n)
    elapsed = time.perf_counter() - start
    summary = " ".join(case.sentences[i] for i in chosen)
    result = scorer.score(case.target, summary)
    r1, r2, rl = (100 * result[kind].fmeasure for kind in ROUGE_TYPES)
    return r1, r2, rl, 1000 * elapsed


def _aggregate(
    name: str, regime: str, cases: Sequence[Case], rows: list[tuple[float, float, float, float]]
) -> Iterable[Score]:
    categories = sorted({c.category for c in cases})
    for category in [*categories, "total"]:
        group = [r for c, r in zip(cases, rows, strict=True) if category in (c.category, "total")]
        r1, r2, rl = (statistics.fmean(r[k] for r in group) for k in range(3))
        ms = statistics.median(r[3] for r in group)
        yield Score(name, category, regime, (r1, r2, rl), ms, len(group))


def format_table(scores: Sequence[Score], quote_anchors: bool) -> str:
    """The scores as a fixed-width table, one line per system and category."""
    cells = {(s.system, s.category, s.regime): s for s in scores}
    header = f"{'system':24} {'category':14} {'n':>5}   " + "   ".join(
        f"{regime + ' R1/R2/RL':29} {'ms':>5}" for regime in REGIMES
    )
    lines = [header, "-" * len(header)]
    for system, category, regime in cells:
        if regime != REGIMES[0]:
            continue
        parts = [_cell(cells[system, category, r]) for r in REGIMES]
        count = cells[system, category, regime].articles
        lines.append(f"{system:24} {category:14} {count:>5}   " + "   ".join(parts))
    if quote_anchors:
        for system, (short, full, ms) in ANCHORS.items():
            parts = [f"{_rouge(r):29} {ms:>5.1f}" for r in (short, full)]
            lines.append(f"{system:24} {'total (2225)':14} {'':>5}   " + "   ".join(parts))
    return "\n".join(lines)


def _cell(score: Score) -> str:
    return f"{_rouge(score.rouge):29} {score.median_ms:>5.2f}"


def _rouge(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:5.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print the table (or JSON lines); returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    categories = set(args.categories.split(",")) if args.categories else None
    if categories and not categories <= set(CATEGORIES):
        unknown = ", ".join(sorted(categories - set(CATEGORIES)))
        parser.error(f"unknown category {unknown}; choose from {', '.join(CATEGORIES)}")
    if args.limit is not None and args.limit < 1:
        parser.error(f"--limit must be at least 1, got {args.limit}")
    if not args.data.is_file():
        parser.error(f"no file {args.data}; pass --data PATH to bbc_news_summary.jsonl")
    cases = load_cases(args.data, categories, args.limit)
    found = systems()
    scores = evaluate(cases, found)
    if args.json:
        for score in scores:
            print(json.dumps(_as_dict(score)))
    else:
        print(format_table(scores, quote_anchors="sumy TextRank" not in found))
    return 0


def _as_dict(score: Score) -> dict[str, object]:
    r1, r2, rl = score.rouge
    return {
        "system": score.system,
        "category": score.category,
        "regime": score.regime,
        "articles": score.articles,
        "rouge1_f": round(r1, 2),
        "rouge2_f": round(r2, 2),
        "rougeL_f": round(rl, 2),
        "median_ms": round(score.median_ms, 3),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evaluation summaries", description=__doc__)
    parser.add_argument("--data", type=Path, default=bbc.DEFAULT_PATH, help="the JSONL file")
    parser.add_argument("--categories", help="comma-separated, e.g. business,politics")
    parser.add_argument("--limit", type=int, help="evaluate only the first N articles")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
