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

BLOCK = 1 << 20  # matrix entries per block of work


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


def grouped_counts(tf: sparse.csr_matrix, group: IntArray, count: int) -> sparse.csr_matrix:
    """Term-by-group counts: each term's counts summed over the documents of each group.

    Within a term's row the documents ascend, so their groups do too: equal groups are
    adjacent and one `reduceat` sums them, with no corpus-sized sparse product.
    """
    counts, groups, per_term = [], [], []
    for first, last in row_blocks(tf.indptr):
        lo, hi = int(tf.indptr[first]), int(tf.indptr[last])
        block_groups = group[tf.indices[lo:hi]].astype(np.int32)
        new = np.ones(hi - lo, dtype=bool)
        new[1:] = block_groups[1:] != block_groups[:-1]
        bounds = tf.indptr[first:last] - lo
        new[bounds[bounds < hi - lo]] = True  # every term's row starts a new entry
        starts = np.flatnonzero(new)
        counts.append(np.add.reduceat(tf.data[lo:hi], starts) if len(starts) else tf.data[:0])
        groups.append(block_groups[starts])
        per_term.append(np.diff(np.searchsorted(starts, bounds), append=len(starts)))
    indptr = np.zeros(tf.shape[0] + 1, dtype=np.int64)
    if per_term:
        np.cumsum(np.concatenate(per_term), out=indptr[1:])
    data = np.concatenate(counts) if counts else np.zeros(0, np.float32)
    indices = np.concatenate(groups) if groups else np.zeros(0, np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(tf.shape[0], count))


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
    counting sort. That needs a few arrays of the token count in int32/float32, where
    sorting (term, document) pairs would need several int64 ones. `term_ids` is reordered
    in place (within each document): the caller hands it over.
    """
    indptr = np.zeros(len(doc_len) + 1, dtype=np.int64)
    np.cumsum(doc_len, out=indptr[1:])
    ones = np.ones(len(term_ids), dtype=np.float32)  # counts: exact in float32
    shape = (len(doc_len), vocabulary_size)
    by_doc = sparse.csr_matrix((ones, term_ids, indptr), shape=shape, copy=False)
    by_doc.sum_duplicates()
    tf = sparse.csr_matrix(by_doc.T)  # CSC -> CSR: counting sort, rows ascending per term
    tf.has_sorted_indices = True
    return tf
