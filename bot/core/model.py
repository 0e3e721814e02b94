"""Fitted weights as data: each linear model's weights by name, with their provenance.

`python -m evaluation fit` writes `bot/core/weights/<model>.json` (the reranker's and the
confidence's):

    {"model": "rank", "weights": {"coverage": 1.2, ...},
     "provenance": {"data": ..., "split": ..., "regularisation": ..., "commit": ...,
                    "metrics": {...}}}

The runtime reads the weights of the names its code computes, in its own order, and
refuses at import when the file names other features than the code does: a feature
added, dropped or renamed without a refit fails loudly instead of scoring with weights
meant for other columns. `FITTING` is set by the fit scripts alone, which import the
runtime before there are weights for new names (those then load as zeros).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from bot.core.errors import BotError

FITTING = False


class ModelError(BotError):
    """A weights file does not match the features the code computes."""


def load(model: str, names: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The weights of `model` for `names`, in that order."""
    stored = read(model)["weights"]
    if set(stored) != set(names) and not FITTING:
        missing = sorted(set(names) - set(stored))
        extra = sorted(set(stored) - set(names))
        raise ModelError(
            f"bot/core/weights/{model}.json does not match the code: missing {missing},"
            f" unknown {extra}; refit with `python -m evaluation fit`"
        )
    return np.array([float(stored.get(name, 0.0)) for name in names])


def read(model: str) -> dict[str, Any]:
    """The stored file of `model`: its weights and provenance (package data, read-only)."""
    text = resources.files("bot.core").joinpath("weights", f"{model}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
