"""BBC News Summary: loading the JSONL file and recovering the reference sentences."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path("../shared/data/bbc_news_summary.jsonl")

# In the raw summaries, sentences are glued with no space ("...$10.9bn.For the...", or
# 'available."I know', or 'RendezvousDirected'): every such spot is a candidate cut.
_GLUE_POINT = re.compile(r"(?<=[.!?\"'”’)])(?=\S)|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class BbcArticle:
    id: str
    category: str
    title: str
    body: str  # the article without its title line
    reference: tuple[str, ...]  # reference summary sentences, verbatim from the body


def load(path: Path = DEFAULT_PATH) -> Iterator[BbcArticle]:
    """Yield the articles of `bbc_news_summary.jsonl` with their reference sentences."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            title, _, body = row["article"].partition("\n")
            body = body.strip()
            yield BbcArticle(
                id=row["id"],
                category=row["category"],
                title=title.strip(),
                body=body,
                reference=tuple(reference_sentences(row["reference_summary"], body)),
            )


def reference_sentences(glued: str, body: str) -> list[str]:
    """Cut a glued summary into the fewest pieces that each occur verbatim in `body`.

    Returns [] when no such cut exists (a handful of summaries differ from their article).
    """
    glued = glued.strip()
    cuts = [0] + [m.start() for m in _GLUE_POINT.finditer(glued)] + [len(glued)]
    cuts = sorted(set(cuts))
    best: list[list[int] | None] = [None] * len(cuts)
    best[0] = [0]
    for j in range(1, len(cuts)):
        for i in range(j):
            path = best[i]
            piece = glued[cuts[i] : cuts[j]].strip()
            if path is None or not piece or piece not in body:
                continue
            if best[j] is None or len(path) + 1 < len(best[j] or []):
                best[j] = [*path, j]
    path = best[-1]
    if path is None:
        return []  # not recoverable: some piece is not verbatim in the body
    return [glued[cuts[a] : cuts[b]].strip() for a, b in itertools.pairwise(path)]
