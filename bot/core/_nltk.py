"""The two parts of nltk the bot uses (Punkt, the Snowball stemmer), imported lean.

Importing any nltk module runs nltk's package `__init__`, which imports most of nltk;
where scipy is installed (it is: the BM25 index is scipy.sparse), three of those modules
import scipy.stats for statistics the bot never uses (Fisher's exact test and two more),
which costs about 50 MB of memory and half a second at every start. Each of them guards
that import and falls back when scipy.stats is missing, so it is hidden while nltk is
first imported, and only then. A process that imported scipy.stats earlier, or that
imports it later, gets the real module.
"""

from __future__ import annotations

import sys


def _import_nltk_without_scipy_stats() -> None:
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import nltk  # noqa: F401
    finally:
        if "scipy.stats" in sys.modules and sys.modules["scipy.stats"] is None:
            del sys.modules["scipy.stats"]


_import_nltk_without_scipy_stats()

from nltk.stem.snowball import EnglishStemmer  # noqa: E402
from nltk.tokenize.punkt import (  # noqa: E402
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

__all__ = [
    "EnglishStemmer",
    "PunktLanguageVars",
    "PunktParameters",
    "PunktSentenceTokenizer",
    "PunktToken",
]
