"""How often the splitter returns a BBC reference sentence as exactly one sentence.

python -m evaluation split [--data ../shared/data/bbc_news_summary.jsonl] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bot.core.text import split_sentences
from evaluation import bbc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation split", description=__doc__)
    parser.add_argument("--data", type=Path, default=bbc.DEFAULT_PATH)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print N sentences that broke")
    args = parser.parse_args(argv)

    articles = list(bbc.load(args.data))
    usable = [a for a in articles if a.reference]
    kept = total = 0
    broken: list[tuple[str, str]] = []
    started = time.perf_counter()
    for article in usable:
        sentences = set()
        for paragraph in article.body.splitlines():
            sentences.update(split_sentences(paragraph.strip()))
        for reference in article.reference:
            total += 1
            if reference in sentences:
                kept += 1
            else:
                broken.append((article.id, reference))
    seconds = time.perf_counter() - started
    figures = {
        "articles": len(articles),
        "articles_with_recoverable_reference": len(usable),
        "reference_sentences": total,
        "kept_whole": kept,
        "share": kept / total if total else 0.0,
        "split_seconds": round(seconds, 3),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{kept:,} of {total:,} reference sentences kept whole ({figures['share']:.2%})"
            f" over {len(usable):,} of {len(articles):,} articles; splitting took {seconds:.2f} s"
        )
    for article_id, sentence in broken[: args.show]:
        print(f"  {article_id}: {sentence}")
    return 0
