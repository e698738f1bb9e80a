"""Domain errors of the crisis cells, each with a user-facing, translatable message.

``fields`` maps a form field name to its own message, so a form can show each error
next to its field and the summary at the top. Messages never contain identity.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import errors as core
from hifazat.core.errors import DomainError


class CellError(DomainError):
    message = _("That crisis-cell action is not allowed.")


class InvalidInput(CellError, core.InvalidInput):
    """The kernel's error for answers that fail a check, raised by this app's services
    (``validation.Problems.raise_if_any(InvalidInput)``). Missing and forbidden rows
    answer ``core.errors.NotFound`` (``crisis_cells.access``)."""

    message = _("Some answers need correcting; see each field.")


class NotACell(CellError):
    message = _("Only staff of a crisis cell or a Violence Against Women Centre can open "
                "a case.")


class GuardianRequired(CellError):
    message = _("The survivor is under 18: record a guardian before continuing.")


class ConsentRequired(CellError):
    message = _("There is no current consent for this use; record the survivor's (or "
                "guardian's) consent first.")


class ConsentNotGiven(CellError):
    message = _("There is no current consent for this use to withdraw.")


class CaseClosed(CellError):
    message = _("This case is closed; nothing more can be recorded on it.")


class CaseNotOpen(CellError):
    message = _("This case is awaiting a transfer or closure decision; decide that first.")


class LateCareReasonRequired(CellError):
    message = _("The clinical window has passed: give the reason care is given late.")


class ExamBeforeIncident(CellError):
    message = _("The examination time is before the incident; check both times.")


class ProhibitedTest(CellError):
    message = _("The two-finger (virginity) test is prohibited by the Anti-Rape "
                "(Investigation and Trial) Act 2021 and cannot be recorded.")


class FemaleExaminerRequired(CellError):
    message = _("A female survivor must be examined by a women medico-legal officer.")


class CustodyStepSkipped(CellError):
    message = _("This hand-over skips a step of the chain of custody.")


class SealBroken(CellError):
    message = _("The seal is not intact: record what happened in the note.")


class NotVawcCentre(CellError):
    message = _("Mediation and protection orders are recorded at Violence Against Women "
                "Centres only.")


class TransferNotPending(CellError):
    message = _("This transfer has already been decided.")


class ClosureNotPending(CellError):
    message = _("This closure request has already been decided.")


class FileRejected(CellError):
    message = _("That file cannot be stored.")


class TooManySearches(CellError):
    message = _("Too many searches for returning survivors in the last hour. Wait a "
                "little, or ask the cell in-charge.")
