"""SQuAD 2.0 answerable questions as articles and gold sentences, built in memory.

Each Wikipedia title becomes one article whose paragraphs are the title's contexts in
file order. The gold sentence of a question is the one of OUR splitter's sentences that
holds `answer_start`, so the measure follows the product's own splitting.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.core.article import Article, Kind, Unit
from bot.core.text import normalize_space, split_sentences

DEFAULT_PATH = Path("../shared/data/squad2_dev_answer_sentences.jsonl")
ARTICLE_DATE = dt.date(2016, 6, 16)  # any fixed date: SQuAD 2.0's dev set release


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    title: str
    article_id: str
    sentence: int  # the gold sentence's 0-based position among the article's sentences


@dataclass(frozen=True, slots=True)
class Squad:
    articles: list[Article]
    questions: list[Question]

    def titles(self) -> list[str]:
        return sorted({q.title for q in self.questions})


def load(path: Path = DEFAULT_PATH) -> Squad:
    """Read the JSONL file into articles (one per title) and questions with gold sentences."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return build(rows)


def build(rows: Iterable[dict[str, object]]) -> Squad:
    """Articles and questions from SQuAD rows (`title`, `context`, `question`, `answer_start`)."""
    paragraphs: dict[str, dict[str, list[tuple[int, int]]]] = {}
    rows = list(rows)
    for row in rows:
        contexts = paragraphs.setdefault(str(row["title"]), {})
        context = str(row["context"])
        if context not in contexts:
            contexts[context] = _sentence_spans(context)
    articles = [_article(title, contexts) for title, contexts in paragraphs.items()]
    questions = [_question(row, paragraphs[str(row["title"])]) for row in rows]
    return Squad(articles, questions)


def article_id(title: str) -> str:
    return "squad-" + title.lower().replace("_", "-")


def _sentence_spans(context: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `context`, from the project's splitter."""
    spans = []
    at = 0
    for sentence in split_sentences(context):
        start = context.index(sentence, at)
        at = start + len(sentence)
        spans.append((start, at))
    return spans


def _article(title: str, contexts: dict[str, list[tuple[int, int]]]) -> Article:
    units = [
        Unit(Kind.SENTENCE, normalize_space(context[start:end]), paragraph)
        for paragraph, (context, spans) in enumerate(contexts.items())
        for start, end in spans
    ]
    return Article(
        article_id(title), ARTICLE_DATE, title.replace("_", " "), "SQuAD", "", tuple(units)
    )


def _question(row: dict[str, object], contexts: dict[str, list[tuple[int, int]]]) -> Question:
    context, answer_start = str(row["context"]), int(str(row["answer_start"]))
    before = 0
    for other, spans in contexts.items():
        if other == context:
            # the sentence holding the answer; one starting in the gap goes to the next
            inside = next(
                (i for i, (_, end) in enumerate(spans) if answer_start < end), len(spans) - 1
            )
            sentence = before + inside
            break
        before += len(spans)
    title = str(row["title"])
    return Question(str(row["id"]), str(row["question"]), title, article_id(title), sentence)


@dataclass(frozen=True, slots=True)
class Unanswerable:
    """A SQuAD 2.0 question its paragraph does not answer (written to look answerable)."""

    text: str
    title: str


def unanswerable(path: Path) -> list[Unanswerable]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Unanswerable(str(row["question"]), str(row["title"])) for row in rows]
