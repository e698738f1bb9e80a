"""Unknown fields are refused, not dropped (core.forms.StrictFormMixin)."""

from __future__ import annotations

import pytest
from django import forms
from django.test import RequestFactory

from hifazat.core.errors import UnknownFields
from hifazat.core.forms import StrictFormMixin
from hifazat.core.middleware import DomainErrorMiddleware


class ExamForm(StrictFormMixin, forms.Form):
    findings = forms.CharField()
    when = forms.SplitDateTimeField()


def test_known_fields_and_csrf_token_pass():
    form = ExamForm(data={"findings": "x", "when_0": "2026-12-01", "when_1": "10:00",
                          "csrfmiddlewaretoken": "t"})
    assert form.is_valid(), form.errors


def test_an_unknown_field_is_refused_by_name():
    form = ExamForm(data={"findings": "x", "two_finger_test": "yes"})
    with pytest.raises(UnknownFields) as caught:
        form.is_valid()
    assert caught.value.names == ["two_finger_test"]


def test_unbound_form_is_not_checked():
    assert not ExamForm().is_bound


@pytest.mark.django_db
def test_the_web_answers_400_naming_the_field():
    request = RequestFactory().post("/x/", {"two_finger_test": "yes"})
    response = DomainErrorMiddleware(lambda r: None).process_exception(
        request, UnknownFields(["two_finger_test"]))
    assert response.status_code == 400
    assert b"two_finger_test" in response.content


class NoteForm(StrictFormMixin, forms.Form):
    note = forms.CharField(max_length=10)


def test_a_too_long_answer_is_worded_as_the_kernel_words_it():
    from hifazat.core.validation import too_long

    form = NoteForm(data={"note": "x" * 11})
    assert not form.is_valid()
    assert form.errors["note"] == [str(too_long(10))]
