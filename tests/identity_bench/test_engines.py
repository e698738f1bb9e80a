"""The Splink engine, the naive baseline and the benchmark datasets, on small data."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The benchmark datasets and the engine need pandas, part of the optional splink extra.
pd = pytest.importorskip("pandas", reason="the splink extra (uv sync --extra splink)")

from bench.identity.baselines import link_naive  # noqa: E402
from bench.identity.datasets import COLUMNS, febrl4, pakistani, urdu_share  # noqa: E402

from hifazat.identity.splink_engine import clean_name, link_splink  # noqa: E402

OUTPUT = ["left_id", "right_id", "probability"]


def _scores(pairs: pd.DataFrame, truth: set) -> tuple[float, float]:
    found = set(zip(pairs["left_id"], pairs["right_id"], strict=True))
    tp = len(found & truth)
    return (tp / len(found) if found else 0.0), tp / len(truth)


@pytest.fixture(scope="module")
def small():
    return pakistani(200, seed=11)


@pytest.fixture(scope="module")
def splink_pairs(small):
    left, right, _ = small
    return link_splink(left, right, threshold=0.9)


def test_splink_links_small_register_with_right_columns_and_quality(small, splink_pairs):
    left, right, truth = small
    assert list(splink_pairs.columns) == OUTPUT
    assert len(splink_pairs) > 0
    assert splink_pairs["probability"].between(0.9, 1.0).all()
    assert set(splink_pairs["left_id"]) <= set(left["id"])
    assert set(splink_pairs["right_id"]) <= set(right["id"])
    precision, recall = _scores(splink_pairs, truth)
    assert recall >= 0.8, recall
    assert precision >= 0.9, precision


def test_splink_threshold_zero_gives_probabilities_in_unit_interval(small):
    left, right, _ = small
    pairs = link_splink(left.head(80), right, threshold=0.0)
    assert len(pairs) > 0
    assert pairs["probability"].between(0.0, 1.0).all()
    assert (pairs["probability"] < 0.5).any()  # non-matches scored too, not just links


def test_splink_dedupe_has_no_self_pairs_and_finds_duplicates(small):
    left, right, truth = small
    both = pd.concat([left, right], ignore_index=True)
    pairs = link_splink(both, None, threshold=0.9)
    assert list(pairs.columns) == OUTPUT
    assert len(pairs) > 0
    assert (pairs["left_id"] != pairs["right_id"]).all()
    assert (pairs["left_id"] < pairs["right_id"]).all()
    assert not pairs.duplicated(["left_id", "right_id"]).any()
    wanted = {tuple(sorted(p)) for p in truth}
    _, recall = _scores(pairs, wanted)
    assert recall >= 0.8, recall


def test_splink_module_imports_without_splink():
    code = ("import sys, hifazat.identity.splink_engine; "
            "sys.exit(1 if 'splink' in sys.modules or 'duckdb' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", code], check=False,  # noqa: S603
                          capture_output=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("raw", "clean"), [
    ("Syed M. Imran", "muhammad imran"),
    ("Ch. Mohammad  Aslam", "muhammad aslam"),
    ("MOHD. RAFIQ", "muhammad rafiq"),
    ("Haji Mst. Shazia", "shazia"),
    ("Malik", "malik"),  # a title that is the whole name stays
    ("Imran M", "imran m"),  # "M" reads as Muhammad only in front
    ("", ""),
])
def test_names_are_cleaned_for_splink(raw, clean):
    assert clean_name(raw) == clean


def test_naive_baseline_rules():
    left = pd.DataFrame([
        {"id": "a", "given": "Imran", "surname": "Khan", "father": "Ghulam Rasool",
         "dob": "1990-03-04", "cnic": "35202-1234567-1", "district": "PB-LHR"},
        {"id": "b", "given": "Bilal", "surname": "Ahmed", "father": "Nasir",
         "dob": "1985", "cnic": "", "district": "PB-LHR"},
    ], columns=COLUMNS)
    right = pd.DataFrame([
        {"id": "x", "given": "Someone", "surname": "Else", "father": "Entirely",
         "dob": "", "cnic": "3520212345671", "district": ""},  # same CNIC, no dashes
        {"id": "y", "given": "Imran", "surname": "Khan", "father": "Ghulam Rasul",
         "dob": "1990-11-30", "cnic": "", "district": ""},  # same year, close names
        {"id": "z", "given": "Bilal", "surname": "Ahmed", "father": "Nasir",
         "dob": "1986-01-01", "cnic": "", "district": ""},  # other year: never compared
    ], columns=COLUMNS)
    pairs = link_naive(left, right, threshold=0.9)
    assert list(pairs.columns) == OUTPUT
    got = {(a, b): p for a, b, p in pairs.itertuples(index=False)}
    assert set(got) == {("a", "x"), ("a", "y")}
    assert got[("a", "x")] == 1.0
    assert 0.9 <= got[("a", "y")] < 1.0


def test_naive_baseline_on_dataset_and_dedupe(small):
    left, right, truth = small
    pairs = link_naive(left, right, threshold=0.9)
    precision, recall = _scores(pairs, truth)
    assert precision >= 0.9
    assert 0.3 <= recall < 1.0
    dedupe = link_naive(pd.concat([left, right], ignore_index=True), None)
    assert len(dedupe) > 0
    assert (dedupe["left_id"] < dedupe["right_id"]).all()


def test_pakistani_dataset_is_deterministic_and_partly_urdu():
    a_left, a_right, a_truth = pakistani(150, seed=5)
    b_left, b_right, b_truth = pakistani(150, seed=5)
    pd.testing.assert_frame_equal(a_left, b_left)
    pd.testing.assert_frame_equal(a_right, b_right)
    assert a_truth == b_truth
    c_left, _, _ = pakistani(150, seed=6)
    assert not c_left.equals(a_left)
    assert list(a_left.columns) == COLUMNS == list(a_right.columns)
    assert urdu_share(a_right) >= 0.10
    assert urdu_share(a_left) == 0.0
    # About 70 % of the left people have a variant on the right; the rest is negatives.
    assert 0.55 * 150 <= len(a_truth) <= 0.85 * 150
    assert len(a_right) > len(a_truth)
    assert {lid for lid, _ in a_truth} <= set(a_left["id"])
    assert {rid for _, rid in a_truth} <= set(a_right["id"])
    year_only = a_right["dob"].str.fullmatch(r"\d{4}")
    iso = a_right["dob"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    assert (year_only | iso).all()


def test_pakistani_dataset_has_siblings_as_hard_negatives():
    left, right, truth = pakistani(300, seed=8)
    key = ["surname", "father", "district"]
    shared = left.merge(right, on=key, suffixes=("_l", "_r"))
    shared = shared[(shared["surname"] != "") & (shared["father"] != "")]
    negatives = [p for p in zip(shared["id_l"], shared["id_r"], strict=True)
                 if p not in truth]
    assert len(negatives) >= 10


def test_febrl4_is_mapped_to_our_columns():
    left, right, truth = febrl4()
    assert (len(left), len(right), len(truth)) == (5000, 5000, 5000)
    assert list(left.columns) == COLUMNS
    assert (left["father"] == "").all()
    assert left["dob"].str.fullmatch(r"(\d{4}-\d{2}-\d{2}|\d{4}|)").all()
    assert (left["dob"].str.len() == 10).mean() > 0.9
    assert {a for a, _ in truth} <= set(left["id"])
    assert {b for _, b in truth} <= set(right["id"])
