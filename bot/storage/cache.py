"""The on-disk index cache: a restart over an unchanged seeds folder skips the build.

One `.npz` file of plain arrays (numpy's format, read with `allow_pickle=False`: nothing
in it is ever unpickled). Its key hashes the cache format, the code that shapes a corpus
(splitting, tokenizing, indexing), the BM25 parameters, the size limit, and the name,
size and modification time of every `*.txt` file in the folder: any change to the folder
or to that code makes a different key, and a file with another key, or one that cannot
be read, is rebuilt, never trusted. Writes go to a temporary file renamed into place, so
a crash mid-write leaves the old cache or none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.corpus import Corpus

log = logging.getLogger(__name__)

FORMAT = "news-quote-bot index cache 1"
# What shapes a corpus: every core module (splitting, tokenizing, cues, indexing) and the
# folder reader, plus the libraries whose behaviour they inherit (a Snowball stem can
# change with nltk, an array's layout with numpy).
_SHAPING_FILES = ("core/*.py", "storage/seeds.py", "storage/listing.py")
_SHAPING_LIBRARIES = ("nltk", "numpy", "scipy")


def folder_key(folder: Path, files: Sequence[Path], max_bytes: int) -> str:
    """A digest of everything a corpus built from these files depends on."""
    digest = hashlib.sha256(FORMAT.encode())
    for source in shaping_sources():
        digest.update(source.read_bytes())
    digest.update(f"{sys.version_info[:2]}{_versions()}\n".encode())
    digest.update(f"{max_bytes}\n{folder.resolve()}\n".encode())
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            digest.update(f"{path.name}\0missing\n".encode())
            continue
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def shaping_sources() -> list[Path]:
    """The source files whose change makes every cached corpus stale."""
    package = Path(__file__).resolve().parent.parent
    return sorted(p for pattern in _SHAPING_FILES for p in package.glob(pattern))


def _versions() -> str:
    return " ".join(f"{name}={metadata.version(name)}" for name in _SHAPING_LIBRARIES)


def cache_path(cache_dir: Path, folder: Path) -> Path:
    """One cache file per seeds folder, named after its absolute path."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"index-{name}.npz"


def load(path: Path, key: str) -> tuple[Corpus, list[dict[str, Any]]] | None:
    """The cached corpus and its stored notes, or None when absent, stale or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT or meta.get("key") != key:
                log.info("index cache %s is for other files or code; rebuilding", path)
                return None
            corpus = Corpus.from_arrays({name: stored[name] for name in stored.files})
    except FileNotFoundError:
        return None
    except OSError as error:
        # A folder that cannot be read usually cannot be written either: `save` says so.
        log.info("cannot read the index cache %s (%s)", path, error.strerror or error)
        return None
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        log.warning("index cache %s is unreadable (%s); rebuilding it", path, error)
        return None
    notes: list[dict[str, Any]] = meta.get("notes", [])
    return corpus, notes


def save(path: Path, key: str, corpus: Corpus, notes: list[dict[str, Any]]) -> None:
    """Write the cache atomically; a failure is one warning, never an error: the command
    goes on without the cache."""
    meta = json.dumps({"format": FORMAT, "key": key, "notes": notes}).encode("utf-8")
    arrays = corpus.to_arrays()
    arrays["meta"] = np.frombuffer(meta, np.uint8)
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(temporary, path)
    except OSError as error:
        log.warning(
            "cannot write the index cache in %s (%s); going on without it"
            ' (set cache_dir in the config, or "" to turn the cache off)',
            path.parent,
            error.strerror or error,
        )
        if temporary:
            Path(temporary).unlink(missing_ok=True)
