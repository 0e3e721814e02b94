"""Building the sparse term-by-document count matrices that `bm25.py` weighs.

Tokens arrive as one int32 array of term ids per corpus; everything here works on arrays
the size of the token count in int32/float32, in blocks where a temporary would otherwise
be corpus-sized, so a million-sentence corpus builds within a few hundred MB.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

IntArray = npt.NDArray[np.int64]

BLOCK = 1 << 18  # matrix entries per block of work: its temporaries stay a few MB


def number_terms(
    docs: Iterable[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[npt.NDArray[np.int32], list[int]]:
    ids = array("i")
    lengths: list[int] = []
    number = vocabulary.setdefault
    for doc in docs:
        lengths.append(len(doc))
        ids.extend([number(term, len(vocabulary)) for term in doc])
    return np.frombuffer(ids, dtype=np.int32) if ids else np.zeros(0, np.int32), lengths


def group_frequencies(
    indptr: npt.NDArray[np.integer[Any]],
    indices: npt.NDArray[np.integer[Any]],
    group_of: npt.NDArray[np.int32],
) -> IntArray:
    """Each term's number of distinct groups among its documents (row t of the CSR
    `indptr`/`indices`), `group_of` giving each document's group.

    Within a row the documents ascend, so their groups do too: a row's groups are the
    entries that open the row or change the group, counted in blocks of rows.
    """
    rows = len(indptr) - 1
    df = np.zeros(rows, dtype=np.int64)
    for first, last in row_blocks(indptr):
        lo, hi = int(indptr[first]), int(indptr[last])
        if hi == lo:
            continue
        groups = group_of[indices[lo:hi]]
        new = np.ones(hi - lo, dtype=bool)
        new[1:] = groups[1:] != groups[:-1]
        opens = indptr[first:last] - lo
        new[opens[opens < hi - lo]] = True
        seen = np.zeros(hi - lo + 1, dtype=np.int64)
        np.cumsum(new, out=seen[1:])
        df[first:last] = seen[indptr[first + 1 : last + 1] - lo] - seen[opens]
    return df


def compact_counts(counts: npt.NDArray[Any]) -> npt.NDArray[np.unsignedinteger[Any]]:
    """Term counts in the smallest unsigned type that holds them all (uint8 but for a
    word repeated hundreds of times in one sentence), with one 0 appended so a run that
    ends at the last entry can still be summed by `reduceat`."""
    top = int(counts.max()) if len(counts) else 0
    dtype = np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.uint32
    out: npt.NDArray[np.unsignedinteger[Any]] = np.zeros(len(counts) + 1, dtype=dtype)
    out[:-1] = counts
    return out


def row_blocks(indptr: npt.NDArray[np.integer[Any]]) -> Iterator[tuple[int, int]]:
    """(first, last) row ranges holding about `BLOCK` entries each (a long row: alone)."""
    rows = len(indptr) - 1
    first = 0
    while first < rows:
        last = int(np.searchsorted(indptr, indptr[first] + BLOCK, side="right")) - 1
        last = min(rows, max(last, first + 1))
        yield first, last
        first = last


def term_frequencies(
    term_ids: npt.NDArray[np.int32], doc_len: IntArray, vocabulary_size: int
) -> sparse.csr_matrix:
    """Term-by-document counts; row t lists the documents holding term t, ascending.

    The tokens already form a document-by-term CSR matrix (documents in order, `doc_len`
    terms each); scipy merges repeats within each document and transposes it by a
    counting sort. That needs the term ids and two arrays of the token count: int32
    indices and the counts, in one byte each when no document reaches 256 terms (a count
    cannot exceed its document's length), where sorting (term, document) pairs would need
    several int64 ones. `term_ids` is reordered in place (within each document): the
    caller hands it over.
    """
    indptr = np.zeros(len(doc_len) + 1, dtype=np.int64)
    np.cumsum(doc_len, out=indptr[1:])
    longest = int(doc_len.max()) if len(doc_len) else 0
    dtype = np.uint8 if longest < 1 << 8 else np.uint16 if longest < 1 << 16 else np.float32
    ones = np.ones(len(term_ids), dtype=dtype)  # float32: exact past any allowed length
    shape = (len(doc_len), vocabulary_size)
    by_doc = sparse.csr_matrix((ones, term_ids, indptr), shape=shape, copy=False)
    by_doc.sum_duplicates()
    tf = sparse.csr_matrix(by_doc.T)  # CSC -> CSR: counting sort, rows ascending per term
    tf.has_sorted_indices = True
    return tf
