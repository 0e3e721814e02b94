"""A corpus: articles flattened into sentence and heading units, with their BM25 indexes.

Units are stored column-wise (`units.py`: the texts as one UTF-8 buffer, a few numpy
arrays) rather than as one object per sentence, so a million-sentence corpus stays small
in memory and saves to, and loads from, plain arrays (`to_arrays`, `from_arrays`: no
pickle).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.article import Article, Kind, normalize_id
from bot.core.bm25 import BM25Index, BM25Params, GroupedBM25, IntArray
from bot.core.errors import CorpusError
from bot.core.tokens import Tokenizer
from bot.core.units import ArticleHeader, CorpusBuilder, TextStore, encode


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
    `passage_index` and `article_index` score whole paragraphs and articles for a query
    (from the unit index's postings), `heading_index` the headings alone; `cues` holds
    each unit's answer-type cues (`cues.Cue` bits).
    """

    def __init__(
        self,
        articles: Iterable[Article],
        tokenizer: Tokenizer | None = None,
        params: BM25Params | None = None,
    ) -> None:
        tokenizer = tokenizer or Tokenizer()
        builder = CorpusBuilder()
        builder.add(encode([(article, article.id) for article in articles], tokenizer))
        self._index_builder(builder, tokenizer, params)

    @classmethod
    def from_builder(cls, builder: CorpusBuilder, params: BM25Params | None = None) -> Corpus:
        corpus = cls.__new__(cls)
        corpus._index_builder(builder, Tokenizer(), params)
        return corpus

    def _index_builder(
        self, builder: CorpusBuilder, tokenizer: Tokenizer, params: BM25Params | None
    ) -> None:
        self.tokenizer = tokenizer
        self.articles = _infos(builder.headers)
        text_len = builder.take_column("text_len")
        offsets = np.zeros(len(text_len) + 1, dtype=np.int64)
        np.cumsum(text_len, out=offsets[1:])
        self.texts = TextStore(builder.blob, offsets)
        unit_counts = [h.unit_count for h in builder.headers]
        owner = np.repeat(np.arange(len(unit_counts), dtype=np.int32), unit_counts)
        self._set_units(
            builder.take_column("kind").astype(np.int8),
            builder.take_column("position").astype(np.int32),
            owner,
            builder.take_column("paragraph").astype(np.int32),
            builder.take_column("cues").astype(np.int16),
        )
        self.index = BM25Index.from_term_ids(builder.vocabulary, builder.take_terms, params)
        self._set_groups()

    def _set_groups(
        self, paragraph_df: IntArray | None = None, article_df: IntArray | None = None
    ) -> None:
        self.passage_index = GroupedBM25(self.index, self.passage_start, paragraph_df)
        starts = np.array([a.first_unit for a in self.articles], dtype=np.int64)
        self.article_index = GroupedBM25(self.index, starts, article_df)
        # Headings are a few in a thousand units: their own copy of their postings spares
        # a heading search from reading every sentence's.
        self.heading_units = np.flatnonzero(self.kind == int(Kind.HEADING)).astype(np.int64)
        self.heading_index = self.index.subset(self.heading_units)

    def _set_units(
        self,
        kind: npt.NDArray[np.int8],
        position: npt.NDArray[np.int32],
        owner: npt.NDArray[np.int32],
        paragraph: npt.NDArray[np.int32],
        cues: npt.NDArray[np.int16],
    ) -> None:
        self.kind, self.position, self.owner, self.paragraph, self.cues = (
            kind,
            position,
            owner,
            paragraph,
            cues,
        )
        self.is_sentence = self.kind == int(Kind.SENTENCE)
        self._kind_masks: dict[Kind, npt.NDArray[np.bool_]] = {}
        self.passage, self.passage_start, self.passage_size = _passages(self.owner, self.paragraph)
        self._by_id = {info.id: n for n, info in enumerate(self.articles)}
        self._title_terms: dict[int, frozenset[str]] = {}
        self._ordinals: npt.NDArray[np.int64] | None = None
        self._newest: ArticleInfo | None = None

    # -- storage -----------------------------------------------------------------------

    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The whole corpus as named numpy arrays (no Python objects: loads without pickle)."""
        terms = "\n".join(self.index.vocabulary)  # dicts keep insertion order: id order
        articles = json.dumps([_info_json(a) for a in self.articles], ensure_ascii=False)
        arrays: dict[str, npt.NDArray[Any]] = {
            "texts": np.frombuffer(self.texts.blob, np.uint8),
            "offsets": self.texts.offsets,
            "kind": self.kind,
            "position": self.position,
            "owner": self.owner,
            "paragraph": self.paragraph,
            "cues": self.cues,
            "vocabulary": np.frombuffer(terms.encode("utf-8"), np.uint8),
            "articles": np.frombuffer(articles.encode("utf-8"), np.uint8),
        }
        arrays.update(self.index.to_arrays("index."))
        arrays["passage_index.df"] = self.passage_index.df
        arrays["article_index.df"] = self.article_index.df
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[Any]]) -> Corpus:
        """The corpus `to_arrays` stored; KeyError or ValueError when something is missing."""
        corpus = cls.__new__(cls)
        corpus.tokenizer = Tokenizer()
        corpus.articles = [_info_from_json(a) for a in json.loads(_text(arrays["articles"]))]
        texts = np.ascontiguousarray(arrays["texts"], dtype=np.uint8)
        offsets = arrays["offsets"].astype(np.int64, copy=False)
        corpus.texts = TextStore(texts.data, offsets)  # a view: no copy of the texts
        corpus._set_units(
            arrays["kind"].astype(np.int8, copy=False),
            arrays["position"].astype(np.int32, copy=False),
            arrays["owner"].astype(np.int32, copy=False),
            arrays["paragraph"].astype(np.int32, copy=False),
            arrays["cues"].astype(np.int16, copy=False),
        )
        terms = _text(arrays["vocabulary"])
        vocabulary = {t: i for i, t in enumerate(terms.split("\n"))} if terms else {}
        corpus.index = BM25Index.from_arrays(arrays, "index.", vocabulary)
        corpus._set_groups(arrays["passage_index.df"], arrays["article_index.df"])
        if not len(corpus.texts) == len(corpus.kind) == corpus.index.doc_count:
            raise ValueError("stored corpus arrays disagree in length")
        return corpus

    # -- queries -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def sentence_count(self) -> int:
        return int(self.is_sentence.sum())

    def article(self, article_id: str) -> ArticleInfo:
        """The article with this id, or a CorpusError naming near ids."""
        number = self._by_id.get(article_id)
        if number is None:  # as a person typed it: capitals, spaces, a .txt suffix
            number = self._by_id.get(normalize_id(article_id))
        if number is None:
            raise CorpusError(f"no article {article_id!r}; `articles` lists the ids")
        return self.articles[number]

    def newest(self) -> ArticleInfo:
        """The newest article (the latest id of the latest date); every question asks it
        (relative dates are read against it), so it is found once."""
        if not self.articles:
            raise CorpusError("the corpus has no articles; add files to the seeds folder")
        if self._newest is None:
            self._newest = max(self.articles, key=lambda a: (a.date, a.id))
        return self._newest

    def sentences_of(self, info: ArticleInfo) -> list[str]:
        units = range(info.first_unit, info.first_unit + info.unit_count)
        return [self.texts[u] for u in units if self.is_sentence[u]]

    def context_terms(self, units: IntArray) -> list[frozenset[str]]:
        """The terms of what each unit is read under: its article's title and the section
        heading above it (if any)."""
        owners = self.owner[units]
        above = np.searchsorted(self.heading_units, units) - 1
        found = []
        for owner, heading in zip(owners.tolist(), above.tolist(), strict=True):
            terms = self._title_terms.get(owner)
            if terms is None:
                terms = frozenset(self.tokenizer(self.articles[owner].title))
                self._title_terms[owner] = terms
            if heading >= 0 and self.heading_units[heading] >= self.articles[owner].first_unit:
                terms = terms | frozenset(
                    self.tokenizer(self.texts[int(self.heading_units[heading])])
                )
            found.append(terms)
        return found

    def top_headings(
        self, terms: list[str], k: int, article_id: str | None = None
    ) -> list[tuple[int, float]]:
        """The `k` best (heading unit, score) pairs for `terms`, as `index.top_k` would
        rank the headings (in one article, or in all)."""
        allowed = None
        if article_id is not None:
            info = self.article(article_id)
            units = self.heading_units
            allowed = (units >= info.first_unit) & (units < info.first_unit + info.unit_count)
        found = self.heading_index.top_k(terms, k, allowed)
        return [(int(self.heading_units[d]), score) for d, score in found]

    def date_mask(self, start: dt.date, end: dt.date) -> npt.NDArray[np.bool_]:
        """Units of the articles dated `start` to `end` (both included)."""
        if self._ordinals is None:
            self._ordinals = np.array([a.date.toordinal() for a in self.articles], np.int64)
        dated = (self._ordinals >= start.toordinal()) & (self._ordinals <= end.toordinal())
        return np.asarray(dated[self.owner])

    def unit_mask(self, article_id: str | None, kind: Kind) -> npt.NDArray[np.bool_]:
        """Units of one kind, in one article or in all of them (read-only: shared)."""
        mask = self._kind_masks.get(kind)
        if mask is None:
            mask = self._kind_masks[kind] = self.kind == int(kind)
            mask.flags.writeable = False
        if article_id is not None:
            info = self.article(article_id)
            scoped = np.zeros(len(self), dtype=bool)
            scoped[info.first_unit : info.first_unit + info.unit_count] = True
            return mask & scoped
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


def _infos(headers: Sequence[ArticleHeader]) -> list[ArticleInfo]:
    infos = []
    first = 0
    for h in headers:
        date = dt.date.fromisoformat(h.date)
        infos.append(
            ArticleInfo(h.id, h.title, date, h.source, h.url, first, h.unit_count, h.sentence_count)
        )
        first += h.unit_count
    return infos


def _info_json(info: ArticleInfo) -> dict[str, Any]:
    return {**asdict(info), "date": info.date.isoformat()}


def _info_from_json(raw: dict[str, Any]) -> ArticleInfo:
    return ArticleInfo(**{**raw, "date": dt.date.fromisoformat(raw["date"])})


def _text(buffer: npt.NDArray[Any]) -> str:
    return buffer.tobytes().decode("utf-8")
