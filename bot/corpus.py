"""A corpus: articles flattened into sentence and heading units, with their BM25 index.

Units are stored column-wise (a list of texts and a few numpy arrays) rather than as one
object per sentence, so a million-sentence corpus stays small in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .article import Article, Kind
from .bm25 import BM25Index, BM25Params, IntArray
from .cues import sentence_cues
from .errors import CorpusError
from .tokens import Tokenizer


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a reply shows of an article, and where its units are in the corpus."""

    id: str
    title: str
    date: dt.date
    source: str
    url: str
    first_unit: int
    unit_count: int
    sentence_count: int


class Corpus:
    """Articles and the BM25 index over their units (sentences and headings).

    `passage` numbers the paragraphs corpus-wide (ascending with the units);
    `passage_index` and `article_index` score whole paragraphs and articles for a query,
    `cues` holds each unit's answer-type cues (`cues.Cue` bits).
    """

    def __init__(
        self,
        articles: Sequence[Article],
        tokenizer: Tokenizer | None = None,
        params: BM25Params | None = None,
    ) -> None:
        self.tokenizer = tokenizer or Tokenizer()
        self.articles: list[ArticleInfo] = []
        self.texts: list[str] = []
        kinds: list[int] = []
        positions: list[int] = []  # sentence number within the article; headings: next one
        owners: list[int] = []
        paragraphs: list[int] = []
        for number, article in enumerate(articles):
            sentence = 0
            for unit in article.units:
                self.texts.append(unit.text)
                kinds.append(int(unit.kind))
                positions.append(sentence)
                owners.append(number)
                paragraphs.append(unit.paragraph)
                sentence += unit.kind is Kind.SENTENCE
            self.articles.append(_info(article, len(self.texts) - len(article.units), sentence))
        self.kind = np.asarray(kinds, dtype=np.int8)
        self.position = np.asarray(positions, dtype=np.int32)
        self.owner = np.asarray(owners, dtype=np.int32)
        self.paragraph = np.asarray(paragraphs, dtype=np.int32)
        self.is_sentence = self.kind == int(Kind.SENTENCE)
        self.passage, self.passage_start, self.passage_size = _passages(self.owner, self.paragraph)
        self.cues = np.fromiter((sentence_cues(t) for t in self.texts), np.int8, len(self.texts))
        groupings = (self.passage, self.owner.astype(np.int64))
        self.index = BM25Index((self.tokenizer(t) for t in self.texts), params, groupings)
        self.passage_index, self.article_index = self.index.grouped
        self._by_id = {info.id: n for n, info in enumerate(self.articles)}

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def sentence_count(self) -> int:
        return int(self.is_sentence.sum())

    def article(self, article_id: str) -> ArticleInfo:
        """The article with this id, or a CorpusError naming near ids."""
        number = self._by_id.get(article_id)
        if number is None:
            raise CorpusError(f"no article {article_id!r}; `articles` lists the ids")
        return self.articles[number]

    def article_number(self, article_id: str) -> int:
        self.article(article_id)
        return self._by_id[article_id]

    def newest(self) -> ArticleInfo:
        if not self.articles:
            raise CorpusError("the corpus has no articles; add files to the seeds folder")
        return max(self.articles, key=lambda a: (a.date, a.id))

    def sentences_of(self, info: ArticleInfo) -> list[str]:
        units = range(info.first_unit, info.first_unit + info.unit_count)
        return [self.texts[u] for u in units if self.is_sentence[u]]

    def unit_mask(self, article_id: str | None, kind: Kind) -> npt.NDArray[np.bool_]:
        """Units of one kind, in one article or in all of them."""
        mask: npt.NDArray[np.bool_] = self.kind == int(kind)
        if article_id is not None:
            info = self.article(article_id)
            scoped = np.zeros(len(self), dtype=bool)
            scoped[info.first_unit : info.first_unit + info.unit_count] = True
            mask &= scoped
        return mask


def _passages(
    owner: npt.NDArray[np.int32], paragraph: npt.NDArray[np.int32]
) -> tuple[IntArray, IntArray, IntArray]:
    """Each unit's corpus-wide paragraph number (a new one wherever the article or the
    paragraph changes), and each paragraph's first unit and unit count."""
    if not len(owner):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    opens = np.r_[True, (np.diff(owner) != 0) | (np.diff(paragraph) != 0)]
    start = np.flatnonzero(opens).astype(np.int64)
    size = np.diff(np.r_[start, len(owner)]).astype(np.int64)
    return np.cumsum(opens).astype(np.int64) - 1, start, size


def _info(article: Article, first_unit: int, sentence_count: int) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        title=article.title,
        date=article.date,
        source=article.source,
        url=article.url,
        first_unit=first_unit,
        unit_count=len(article.units),
        sentence_count=sentence_count,
    )
