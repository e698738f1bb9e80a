"""CNIC and date-of-birth rules."""

from __future__ import annotations

from datetime import date

import pytest

from hifazat.identity.parsing import (
    FieldError,
    cnic_sex,
    compare_cnic,
    compare_dob,
    normalize_cnic,
    parse_dob,
)


@pytest.mark.parametrize("raw", ["35202-1234567-1", "3520212345671", " 35202 1234567 1 "])
def test_cnic_with_or_without_dashes(raw):
    assert normalize_cnic(raw) == "3520212345671"


@pytest.mark.parametrize("raw", ["12345", "35202-1234567", "ABCDE-1234567-1", "3520212345671X",
                                 "35202-12345678-1"])
def test_malformed_cnic_is_refused_when_strict(raw):
    with pytest.raises(FieldError, match="13 digits"):
        normalize_cnic(raw, strict=True)


def test_lenient_mode_keeps_other_registers_id_numbers_and_drops_garbage():
    assert normalize_cnic("12345") == "12345"  # e.g. FEBRL's social security ids
    assert normalize_cnic("ABCDE-1234567-1") == ""
    assert normalize_cnic("3520212345671X") == ""
    assert compare_cnic("1234567", "1234567") == "exact"
    assert compare_cnic("1234567", "1234576") == "transposed"
    assert compare_cnic("1234567", "3520212345671") == "different"


def test_cnic_comparison_levels():
    a = "3520212345671"
    assert compare_cnic(a, a) == "exact"
    assert compare_cnic(a, "3520212345691") == "one_digit"
    assert compare_cnic(a, "3520221345671") == "transposed"
    assert compare_cnic(a, "3520299345671") == "different"
    assert compare_cnic(a, "") == ""
    assert cnic_sex(a) == "M" and cnic_sex("3520212345672") == "F" and cnic_sex("") == ""


def test_dob_parsing_precisions():
    assert parse_dob("1990").precision == "year"
    assert parse_dob("1990-01-01").precision == "jan1"
    assert parse_dob("04/03/1990").value == date(1990, 3, 4)
    assert parse_dob("19900304").value == date(1990, 3, 4)
    assert parse_dob("").value is None


@pytest.mark.parametrize("raw", ["31-31-2020", "1990-02-30", "next year", "2090-01-01", "1850"])
def test_bad_dates_are_refused_when_strict(raw):
    with pytest.raises(FieldError):
        parse_dob(raw, strict=True, today=date(2026, 11, 1))
    assert parse_dob(raw, today=date(2026, 11, 1)).value is None


def test_dob_comparison_levels():
    d = parse_dob
    assert compare_dob(d("1990-03-04"), d("1990-03-04")) == "exact"
    assert compare_dob(d("1990-03-04"), d("1990-04-03")) == "swapped"
    assert compare_dob(d("1990-03-04"), d("1990")) == "year"
    assert compare_dob(d("1990-03-04"), d("1990-01-01")) == "year"  # the 1 January default
    assert compare_dob(d("1990-03-04"), d("1990-07-09")) == "near"
    assert compare_dob(d("1990-03-04"), d("1991-03-04")) == "near"
    assert compare_dob(d("1990-03-04"), d("1995-03-04")) == "different"
    assert compare_dob(d("1990-03-04"), d("")) == ""


def test_last_digit_with_other_parity_is_another_sex_not_a_typo():
    from hifazat.identity.features import FeatureSet
    from hifazat.identity.records import prepare

    assert compare_cnic("3520212345671", "3520212345673") == "one_digit"  # both men
    assert compare_cnic("3520212345671", "3520212345672") == "different"  # man, woman
    a = prepare({"given": "Imran", "cnic": "3520212345671"})
    b = [prepare({"given": "Imran", "cnic": c}) for c in ("3520212345673", "3520212345672")]
    import numpy as np

    gamma = FeatureSet([a], b).compare(np.array([0, 0]), np.array([0, 1]))
    assert gamma[:, 4].tolist() == [1, 2]


def test_strict_cnic_uses_the_one_kernel_rule_and_message():
    from hifazat.core import validation

    with pytest.raises(FieldError) as refused:
        normalize_cnic("35202-1234567", strict=True)
    assert str(refused.value) == str(validation.CNIC_MESSAGE)
    # An Urdu keyboard's digits are read as the kernel reads them (stored as ASCII).
    assert normalize_cnic("۳۵۲۰۲-۱۲۳۴۵۶۷-۱", strict=True) == "3520212345671"
    assert normalize_cnic("۳۵۲۰۲۱۲۳۴۵۶۷۱") == "3520212345671"
    for raw in ("35202-1234567-1", "3520212345671", "35202 1234567 1", "", "  "):
        expected = validation.cnic(raw) if raw.strip() else ""
        assert normalize_cnic(raw, strict=True) == expected


def test_selectors_offer_the_date_reading_other_apps_share():
    from hifazat.identity import parsing, selectors

    assert selectors.parse_dob is parsing.parse_dob
    assert selectors.FieldError is parsing.FieldError
    assert selectors.BirthDate is parsing.BirthDate
