"""Fitted weights as data: the shipped files match the features the code computes."""

from __future__ import annotations

import pytest

from bot.core import confidence, features, model


@pytest.mark.parametrize(
    ("name", "names"), [("rank", features.FEATURES), ("confidence", confidence.INPUTS)]
)
def test_shipped_weights_name_exactly_the_computed_features(
    name: str, names: tuple[str, ...]
) -> None:
    stored = model.read(name)
    assert set(stored["weights"]) == set(names)
    provenance = stored["provenance"]
    assert {"commit", "data", "split", "regularisation", "metrics"} <= set(provenance)
    assert len(model.load(name, names)) == len(names)


def test_weights_for_other_features_are_refused() -> None:
    with pytest.raises(model.ModelError, match="missing \\['new_feature'\\]"):
        model.load("rank", (*features.FEATURES, "new_feature"))
    with pytest.raises(model.ModelError, match="unknown \\['coverage'\\]"):
        model.load("rank", tuple(n for n in features.FEATURES if n != "coverage"))


def test_fitted_signs_hold() -> None:
    weights = dict(zip(features.FEATURES, model.load("rank", features.FEATURES), strict=True))
    assert all(weights[n] >= 0 for n in features.FOR)
    assert all(weights[n] <= 0 for n in features.AGAINST)


def test_confidence_signs_hold() -> None:
    weights = dict(zip(confidence.INPUTS, model.load("confidence", confidence.INPUTS), strict=True))
    assert all(weights[n] >= 0 for n in confidence.FOR)
    assert all(weights[n] <= 0 for n in confidence.AGAINST)
