"""Articles as columns of units: what a corpus is built from, in chunks.

A `Chunk` holds a batch of articles already split, tokenized and cued, as a few numpy
arrays, one UTF-8 buffer of texts, and a chunk-local vocabulary: worker processes make
chunks from files and send them back cheaply, and `CorpusBuilder` appends them with
vectorized copies (the main process never loops over tokens). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import numpy.typing as npt

from bot.core.article import Article, Kind
from bot.core.cues import sentence_cues
from bot.core.tokens import Tokenizer

IntArray = npt.NDArray[np.int64]


class TextStore(Sequence[str]):
    """Unit texts in one UTF-8 buffer with offsets; `store[i]` decodes text i."""

    def __init__(self, blob: bytes | bytearray | memoryview, offsets: IntArray) -> None:
        self.blob = blob
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return str(self.blob[int(self.offsets[i]) : int(self.offsets[i + 1])], "utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """An article without its text: what the corpus keeps of it beside the units."""

    id: str
    title: str
    date: str  # ISO
    source: str
    url: str
    unit_count: int
    sentence_count: int
    shown: str  # the file as shown to people, for messages about it


@dataclass(frozen=True, slots=True)
class Chunk:
    headers: list[ArticleHeader]
    blob: bytes
    text_len: IntArray  # bytes of each unit's text
    kind: npt.NDArray[np.int8]
    position: npt.NDArray[np.int32]  # sentence number in the article; headings: the next
    paragraph: npt.NDArray[np.int32]
    cues: npt.NDArray[np.int16]
    vocabulary: list[str]  # chunk-local term ids index this
    term_ids: npt.NDArray[np.int32]
    doc_len: IntArray  # terms of each unit
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file shown, reason)


def encode(articles: Sequence[tuple[Article, str]], tokenizer: Tokenizer) -> Chunk:
    """Split-and-tokenized articles (with how each file is shown) as one chunk."""
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    headers, texts, kinds, positions, paragraphs, cues = [], [], [], [], [], []
    term_ids: list[int] = []
    doc_len: list[int] = []
    for article, shown in articles:
        sentence = 0
        for unit in article.units:
            encoded = unit.text.encode("utf-8")
            texts.append(encoded)
            kinds.append(int(unit.kind))
            positions.append(sentence)
            paragraphs.append(unit.paragraph)
            cues.append(int(sentence_cues(unit.text)))
            terms = tokenizer(unit.text)
            term_ids.extend([number(t, len(vocabulary)) for t in terms])
            doc_len.append(len(terms))
            sentence += unit.kind is Kind.SENTENCE
        headers.append(_header(article, sentence, shown))
    return Chunk(
        headers=headers,
        blob=b"".join(texts),
        text_len=np.array([len(t) for t in texts], dtype=np.int64),
        kind=np.array(kinds, dtype=np.int8),
        position=np.array(positions, dtype=np.int32),
        paragraph=np.array(paragraphs, dtype=np.int32),
        cues=np.array(cues, dtype=np.int16),
        vocabulary=list(vocabulary),
        term_ids=np.array(term_ids, dtype=np.int32),
        doc_len=np.array(doc_len, dtype=np.int64),
    )


def _header(article: Article, sentence_count: int, shown: str) -> ArticleHeader:
    return ArticleHeader(
        id=article.id,
        title=article.title,
        date=article.date.isoformat(),
        source=article.source,
        url=article.url,
        unit_count=len(article.units),
        sentence_count=sentence_count,
        shown=shown,
    )


class Ids:
    """Article ids taken so far: a second file with an id already taken is refused."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def refusal(self, article_id: str, shown: str) -> str:
        """Why `shown` may not have `article_id`, or an empty string when it may (the first
        file to ask for an id gets it)."""
        owner = self._owners.setdefault(article_id, shown)
        if owner == shown:
            return ""
        return f"article id {article_id!r} is taken by {owner}; rename one file"


class CorpusBuilder:
    """Appends chunks in order; an article whose id is taken is skipped, the first kept."""

    def __init__(self) -> None:
        self.headers: list[ArticleHeader] = []
        self.skipped: list[tuple[str, str]] = []
        self.vocabulary: dict[str, int] = {}
        self.blob = bytearray()
        self._ids = Ids()
        self._parts: dict[str, list[npt.NDArray[np.generic]]] = {
            name: [] for name in ("text_len", "kind", "position", "paragraph", "cues")
        }
        self._term_ids: list[npt.NDArray[np.int32]] = []
        self._doc_len: list[IntArray] = []

    def add(self, chunk: Chunk) -> None:
        self.skipped.extend(chunk.skipped)
        keep = np.array([self._claim(h) for h in chunk.headers], dtype=bool)
        units = np.repeat(keep, [h.unit_count for h in chunk.headers])
        terms = np.repeat(units, chunk.doc_len)
        self.headers.extend(h for h, kept in zip(chunk.headers, keep, strict=True) if kept)
        if keep.all():
            self.blob += chunk.blob
        else:  # rare: a duplicate id; copy the kept units' texts one by one
            ends = np.cumsum(chunk.text_len)
            for start, end, kept in zip(ends - chunk.text_len, ends, units, strict=True):
                if kept:
                    self.blob += chunk.blob[start:end]
        for name, parts in self._parts.items():
            parts.append(getattr(chunk, name)[units])
        number = self.vocabulary.setdefault
        mapping = np.array(
            [number(t, len(self.vocabulary)) for t in chunk.vocabulary], dtype=np.int32
        )
        self._term_ids.append(mapping[chunk.term_ids[terms]] if len(mapping) else chunk.term_ids)
        self._doc_len.append(chunk.doc_len[units])

    def _claim(self, header: ArticleHeader) -> bool:
        refusal = self._ids.refusal(header.id, header.shown)
        if refusal:
            self.skipped.append((header.shown, refusal))
        return not refusal

    def take_column(self, name: str) -> npt.NDArray[np.generic]:
        """One unit column, all chunks joined: text_len, kind, position, paragraph, cues;
        the builder lets go of its parts."""
        parts = self._parts.pop(name)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def take_terms(self) -> tuple[npt.NDArray[np.int32], IntArray]:
        """All units' global term ids, and each unit's count of them; the builder lets go of
        its own copies, so the index can be built without holding both."""
        ids = np.concatenate(self._term_ids) if self._term_ids else np.zeros(0, np.int32)
        lengths = np.concatenate(self._doc_len) if self._doc_len else np.zeros(0, np.int64)
        self._term_ids, self._doc_len = [], []
        return ids.astype(np.int32, copy=False), lengths.astype(np.int64, copy=False)
