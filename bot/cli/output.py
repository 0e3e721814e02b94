"""What the commands print: answers and articles as text for people and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.core import answer as qa
from bot.core import render
from bot.core.corpus import ArticleInfo


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
        "note": result.note,
        "answers": [  # in the order `answer_text` numbers them: rank 1 first
            {
                "rank": rank,
                "text": hit.text,
                "score": round(hit.score, 6),
                "confidence": round(hit.confidence, 4),
                "sentence_index": hit.sentence_index,
                "heading": hit.heading,
                "partial": hit.partial,
                "matched": list(hit.matched),
                "article": article_json(hit.article),
            }
            for rank, hit in enumerate(result.hits, 1)
        ],
    }


def answer_text(result: qa.Answer, newest: ArticleInfo | None = None) -> str:
    """The quotes, numbered by rank, each with its article and place, a partial match
    marked; or why there are none (an empty question gets the `newest` article as an
    example). The answer's note, when it has one, is the last line."""
    if not result.answered:
        lines = [render.no_answer_text(result.reason, newest)]
    else:
        lines = [_quote_text(rank, hit) for rank, hit in enumerate(result.hits, 1)]
    if result.note:
        lines.append(result.note)
    return "\n".join(lines)


def _quote_text(rank: int, hit: qa.Hit) -> str:
    where = f"{hit.article.title} ({hit.article.date.isoformat()})"
    position = (
        "heading" if hit.heading else f"sentence {hit.sentence_index + 1} of {hit.sentence_count}"
    )
    partial = f" ({render.PARTIAL.lower()})" if hit.partial else ""
    return f"{rank}. “{hit.text}”\n   — {where}, {position}{partial}"


def article_table(articles: Sequence[ArticleInfo]) -> list[str]:
    """One line per article, newest first, in columns sized to the longest id and count."""
    ordered = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    id_width = max((len(a.id) for a in ordered), default=0)
    count_width = max((len(str(a.sentence_count)) for a in ordered), default=0)
    return [
        f"{a.date.isoformat()}  {a.id:<{id_width}}  {a.sentence_count:>{count_width}}"
        f" sentences  {a.title}"
        for a in ordered
    ]


def skipped_note(count: int, folder: Path, check_command: str) -> str:
    files = "1 file was" if count == 1 else f"{count} files were"
    return f"note: {files} skipped in {folder}; `{check_command}` says why"
