"""The Splink engine answers the same job in the same shape (it is the comparison and
the national-scale route)."""

from __future__ import annotations

import pytest

pytest.importorskip("splink")  # the optional splink extra (make installs it)
pd = pytest.importorskip("pandas")

from bench.identity.datasets import pakistani  # noqa: E402

from hifazat.identity.splink_engine import link_splink  # noqa: E402


def test_splink_links_in_the_same_output_shape():
    left, right, truth = pakistani(300, seed=3)
    pairs = link_splink(left, right, threshold=0.9)
    assert list(pairs.columns) == ["left_id", "right_id", "probability"]
    assert pairs["probability"].between(0.9, 1.0).all()
    found = set(zip(pairs["left_id"], pairs["right_id"], strict=True))
    assert len(found & truth) >= 0.6 * len(truth)
    assert all(a.startswith("L") for a, _ in found)


def test_splink_dedupe_returns_no_self_pairs():
    left, right, _ = pakistani(200, seed=4)
    both = pd.concat([left, right.assign(id="D" + right["id"])], ignore_index=True)
    pairs = link_splink(both, None, threshold=0.9)
    assert len(pairs) > 0
    assert (pairs["left_id"] != pairs["right_id"]).all()
