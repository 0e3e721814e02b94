"""What the commands print: answers and articles as text for people and as JSON."""

from __future__ import annotations

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


def skipped_note(count: int, folder: Path, check_command: str) -> str:
    files = "1 file was" if count == 1 else f"{count} files were"
    return f"note: {files} skipped in {folder}; `{check_command}` says why"
