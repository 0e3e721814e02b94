from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.corpus import Corpus
from bot.storage.seeds import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return load_corpus(SEEDS).corpus
