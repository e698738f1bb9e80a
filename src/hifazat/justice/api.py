"""The justice pipeline's REST endpoints (wired under /api/justice/, tag "justice").

Thin, as the register's: parse and validate (``StrictSerializer``: an unknown field is
refused naming it, nested ones too, e.g. ``suspects.0.two_finger_test``), fetch the
case through ``justice.access`` (a missing case and one the caller may not act on give
the same 404), call a justice service or selector, answer. The services re-check every
rule and name their problems as the request does (``suspects.1.cnic``,
``sentences.0.sections``); ``api.handlers`` answers them 400 with those names.

Who calls: a police station's system (``justice:fir``: FIRs and suspects at its own
station), a Special Court's system (``justice:court``: charge, hearings, verdict for
the cases before that court), and any of the pipeline's agencies reading a case's stage
and deadlines (``justice:read``, or either of the others). A token acts as the role its
agency implies (``api.principal``), so the justice permission rules decide exactly as
for a person in that role. Suspects' register matches are answered as a count only:
their details stay behind the audited register screens.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from hifazat.api import fields
from hifazat.api.fields import StrictSerializer
from hifazat.api.idempotency import idempotent
from hifazat.api.views import ApiView
from hifazat.core import permissions
from hifazat.justice import access, selectors, services
from hifazat.justice.errors import InvalidInput
from hifazat.justice.models import Hearing, Verdict
from hifazat.places import selectors as places

TAG = "justice"
FIR_SCOPE = "justice:fir"
COURT_SCOPE = "justice:court"
READ_SCOPES = ("justice:read", FIR_SCOPE, COURT_SCOPE)
MAX_SUSPECTS = 20
MAX_SECTIONS = 30
# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] (HearingPurposeEnum).
HEARING_PURPOSES = list(Hearing.Purpose.values)

STATION_MESSAGE = _("No police station with this code that you register FIRs at.")


def _codes(max_length: int = 10, **kwargs) -> serializers.ListField:
    """A list of section codes (PPC or the Act's); the services check each is known."""
    return serializers.ListField(child=serializers.CharField(max_length=max_length),
                                 max_length=MAX_SECTIONS, error_messages=fields.REQUIRED,
                                 **kwargs)


def _day(help_text: str, **kwargs) -> serializers.CharField:
    """A date, YYYY-MM-DD; checked by the service (not before the FIR, not in the
    future where the step has happened)."""
    return serializers.CharField(max_length=20, help_text=help_text,
                                 error_messages=fields.REQUIRED, **kwargs)


# --- requests --------------------------------------------------------------------------

class SuspectRequestSerializer(StrictSerializer):
    name = fields.PersonNameField(max_length=200, error_messages=fields.REQUIRED)
    surname = fields.PersonNameField(max_length=100, required=False, allow_blank=True,
                                     default="")
    father = fields.PersonNameField(max_length=200, required=False, allow_blank=True,
                                    default="", help_text="Father's name.")
    dob = fields.BirthDateField(required=False, allow_blank=True, default="")
    cnic = fields.CnicField(required=False, allow_blank=True, default="")
    district = fields.DistrictCodeField(required=False, allow_blank=True, default="")
    sex = fields.ChoiceField(["M", "F", "X"], required=False, default="M",
                             help_text="M (default), F or X.")


class FirRequestSerializer(StrictSerializer):
    station = serializers.CharField(max_length=40, error_messages=fields.REQUIRED,
                                    help_text="The police station's facility code: the "
                                              "token's own station.")
    number = serializers.CharField(max_length=40, error_messages=fields.REQUIRED,
                                   help_text="FIR number, unique per station and year.")
    registered_at = fields.ZonedDateTimeField()
    sections = _codes(help_text="PPC sections, e.g. [\"376\"].")
    act_sections = _codes(max_length=4, required=False, default=list,
                          help_text="Sections of the Anti-Rape Act 2021, e.g. [\"3\"].")
    complainant_case_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text="The crisis cell's case code, when the FIR answers a cell's referral "
                  "to this station.")
    complainant_female = serializers.BooleanField(required=False, default=True)
    suspects = SuspectRequestSerializer(many=True, required=False, max_length=MAX_SUSPECTS)


class HearingRequestSerializer(StrictSerializer):
    on = _day("Hearing date, YYYY-MM-DD (may be in the future).")
    purpose = fields.ChoiceField(HEARING_PURPOSES)


class HearingOutcomeRequestSerializer(StrictSerializer):
    outcome = fields.ChoiceField([Hearing.Outcome.HELD, Hearing.Outcome.ADJOURNED])
    adjournment_reason = fields.ChoiceField(
        Hearing.AdjournmentReason.values, required=False, allow_blank=True, default="",
        help_text="Only for an adjourned hearing.")
    next_date = _day("The next hearing's date, YYYY-MM-DD (needed when adjourned).",
                     required=False, allow_blank=True, default="")
    next_purpose = fields.ChoiceField(HEARING_PURPOSES, required=False,
                                      allow_blank=True, default="",
                                      help_text="By default this hearing's purpose.")


class ChargeRequestSerializer(StrictSerializer):
    sections = _codes(help_text="PPC sections of the charge.")
    on = _day("Date the charge was framed, YYYY-MM-DD.")


class SentenceRequestSerializer(StrictSerializer):
    suspect_id = serializers.IntegerField(error_messages=fields.REQUIRED,
                                          help_text="The convicted accused (a suspect of "
                                                    "this case's FIR).")
    sections = _codes(help_text="PPC sections of the conviction.")
    sentence = serializers.CharField(max_length=200, error_messages=fields.REQUIRED)


class VerdictRequestSerializer(StrictSerializer):
    outcome = fields.ChoiceField(Verdict.Outcome.values)
    decided_on = _day("Date of the judgment, YYYY-MM-DD.")
    sentences = SentenceRequestSerializer(
        many=True, required=False, max_length=MAX_SUSPECTS,
        help_text="One per convicted accused; accused not named are acquitted. Empty for "
                  "an acquittal.")


# --- answers ---------------------------------------------------------------------------

class SuspectCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    register_matches = serializers.IntegerField(
        help_text="How many registered offenders are likely this person (details only "
                  "through the audited register screens).")
    register_checked = serializers.SerializerMethodField(
        help_text="False when the register could not be searched yet: a name alone "
                  "(the check runs once a CNIC, surname, father's name or birth date "
                  "is given); register_matches is then 0 and means nothing.")

    def get_register_checked(self, suspect) -> bool:
        return suspect.checked_at is not None


class FirSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The FIR's id.")
    case_id = serializers.IntegerField()
    suspects = SuspectCheckSerializer(many=True)


class HearingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    case_id = serializers.IntegerField()
    on = serializers.DateField()
    purpose = serializers.CharField()
    outcome = serializers.CharField()
    adjournment_reason = serializers.CharField()
    next_date = serializers.DateField(allow_null=True)
    next_hearing_id = serializers.IntegerField(
        allow_null=True, help_text="The hearing a next date scheduled, if any.")


class ChargeSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(source="pk")
    charged_on = serializers.DateField()
    sections = serializers.ListField(child=serializers.CharField(), source="charge_codes")
    next_due_on = serializers.DateField(allow_null=True)


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    suspect_id = serializers.IntegerField()
    state = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    verdict_id = serializers.IntegerField()
    outcome = serializers.CharField()
    register_proposals = ProposalSerializer(many=True)


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    met = serializers.BooleanField()
    overdue = serializers.BooleanField()


class CaseFirSerializer(serializers.Serializer):
    number = serializers.CharField()
    year = serializers.IntegerField()
    station = serializers.CharField(source="station.code")
    registered_at = serializers.DateTimeField()


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    fir = CaseFirSerializer()
    district = serializers.CharField(source="district.code")
    court = serializers.CharField(source="court.code", allow_null=True, default=None)
    trial_number = serializers.CharField()
    charged_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    next_due_on = serializers.DateField(allow_null=True)
    next_due_kind = serializers.CharField()
    deadlines = DeadlineSerializer(many=True)


# --- views -----------------------------------------------------------------------------

def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _case(request, case_id, action: str):
    """The case if the caller may do ``action`` on it; the same 404 otherwise. A write's
    own audit event names the case, so the fetch is not audited as a read."""
    return access.access_case(user=request.user, case_id=case_id, action=action,
                              audit_read=False)


def _station(request, code: str):
    """The police station the FIR is registered at: one the caller's role covers (a
    station's token: its own). An unknown code and another station's give the same
    400 (station codes are public; which ones the caller covers is not news)."""
    station = places.facility_by_code(code, kind=places.FacilityKind.POLICE_STATION)
    if station is None or not permissions.can(request.user, "justice.station_inbox",
                                              station):
        raise InvalidInput(fields={"station": STATION_MESSAGE})
    return station


class FirView(ApiView):
    """A police station's system registers an FIR with its PPC sections and suspects;
    each suspect is checked against the sex offenders register at once (a likely match
    alerts the district's SSOIU and prosecution). ``complainant_case_code`` answers the
    crisis cell's referral waiting at this station (the cell gets the FIR number and
    date). The number is unique per station and year. Answers the count of likely
    register matches per suspect, never who they are."""

    required_scope = FIR_SCOPE
    required_action = "justice.register_fir"

    @extend_schema(tags=[TAG], operation_id="justice_fir_register",
                   request=FirRequestSerializer, responses={201: FirSerializer})
    @idempotent
    def post(self, request):
        v = _valid(FirRequestSerializer, request)
        case = services.register_fir(
            user=request.user, station=_station(request, v["station"]),
            number=v["number"], registered_at=v["registered_at"], sections=v["sections"],
            act_sections=v["act_sections"], suspects=list(v.get("suspects") or []),
            complainant_case_code=v["complainant_case_code"],
            complainant_female=v["complainant_female"])
        body = FirSerializer({"id": case.fir_id, "case_id": case.pk,
                              "suspects": list(case.fir.suspects.order_by("pk"))}).data
        return Response(body, status=status.HTTP_201_CREATED)


class SuspectView(ApiView):
    """Name one more suspect in the case's FIR (the station, or the investigating
    officer), checked against the register at once. A case id that is unknown or not
    the caller's is 404: a register check needs an FIR."""

    required_scope = FIR_SCOPE
    required_action = "justice.edit_suspects"

    @extend_schema(tags=[TAG], operation_id="justice_suspect_add",
                   request=SuspectRequestSerializer, responses={201: SuspectCheckSerializer})
    @idempotent
    def post(self, request, case_id: int):
        case = _case(request, case_id, "justice.edit_suspects")
        v = _valid(SuspectRequestSerializer, request)
        suspect = services.add_suspect(user=request.user, case=case, particulars=dict(v))
        return Response(SuspectCheckSerializer(suspect).data, status=status.HTTP_201_CREATED)


def _hearing_body(hearing, next_hearing=None) -> dict:
    hearing.next_hearing_id = next_hearing.pk if next_hearing is not None else None
    return HearingSerializer(hearing).data


class HearingView(ApiView):
    """A Special Court schedules a hearing (date and purpose). Hearings are in date
    order, one outstanding at a time; the cell is told the date."""

    required_scope = COURT_SCOPE
    required_action = "justice.conduct_trial"

    @extend_schema(tags=[TAG], operation_id="justice_hearing_schedule",
                   request=HearingRequestSerializer, responses={201: HearingSerializer})
    @idempotent
    def post(self, request, case_id: int):
        case = _case(request, case_id, "justice.conduct_trial")
        v = _valid(HearingRequestSerializer, request)
        hearing = services.schedule_hearing(user=request.user, case=case, on=v["on"],
                                            purpose=v["purpose"])
        return Response(_hearing_body(hearing), status=status.HTTP_201_CREATED)


class HearingOutcomeView(ApiView):
    """What happened at a hearing that has taken place: held, or adjourned with its
    reason (counted on the case) and the date it is adjourned to; a next date schedules
    the next hearing (``next_hearing_id``)."""

    required_scope = COURT_SCOPE
    required_action = "justice.conduct_trial"

    @extend_schema(tags=[TAG], operation_id="justice_hearing_outcome",
                   request=HearingOutcomeRequestSerializer,
                   responses={200: HearingSerializer})
    @idempotent
    def post(self, request, case_id: int, hearing_id: int):
        case = _case(request, case_id, "justice.conduct_trial")
        hearing = access.access_hearing(user=request.user, case=case,
                                        hearing_id=hearing_id,
                                        action="justice.conduct_trial")
        v = _valid(HearingOutcomeRequestSerializer, request)
        hearing = services.record_hearing(
            user=request.user, case=case, hearing=hearing, outcome=v["outcome"],
            adjournment_reason=v["adjournment_reason"], next_date=v["next_date"] or None,
            next_purpose=v["next_purpose"])
        following = None
        if hearing.next_date is not None:
            following = case.hearings.filter(on=hearing.next_date,
                                             outcome=Hearing.Outcome.SCHEDULED) \
                .order_by("-pk").first()
        return Response(_hearing_body(hearing, following), status=status.HTTP_200_OK)


class ChargeView(ApiView):
    """A Special Court frames the charge with its PPC sections (once); the four-month
    trial period runs from its date."""

    required_scope = COURT_SCOPE
    required_action = "justice.conduct_trial"

    @extend_schema(tags=[TAG], operation_id="justice_charge_frame",
                   request=ChargeRequestSerializer, responses={200: ChargeSerializer})
    @idempotent
    def post(self, request, case_id: int):
        case = _case(request, case_id, "justice.conduct_trial")
        v = _valid(ChargeRequestSerializer, request)
        case = services.frame_charge(user=request.user, case=case, sections=v["sections"],
                                     on=v["on"])
        case.charge_codes = sorted(case.charge_sections.values_list("code", flat=True))
        return Response(ChargeSerializer(case).data, status=status.HTTP_200_OK)


class VerdictView(ApiView):
    """A Special Court records its judgment: ``convicted`` (a sentence per convicted
    accused; the others are acquitted) or ``acquitted``. Each conviction proposes the
    register entry in the same transaction (NPB's maker–checker decides it): if
    anything fails, nothing is written. Not before the charge, not before the last
    hearing held, no conviction without sections."""

    required_scope = COURT_SCOPE
    required_action = "justice.conduct_trial"

    @extend_schema(tags=[TAG], operation_id="justice_verdict_record",
                   request=VerdictRequestSerializer, responses={201: VerdictSerializer})
    @idempotent
    def post(self, request, case_id: int):
        case = _case(request, case_id, "justice.conduct_trial")
        v = _valid(VerdictRequestSerializer, request)
        rows = list(v.get("sentences") or [])
        verdict, proposals = services.record_verdict(
            user=request.user, case=case, outcome=v["outcome"], decided_on=v["decided_on"],
            sentences=[{"suspect": r["suspect_id"], "sections": r["sections"],
                        "sentence": r["sentence"]} for r in rows])
        # One proposal per convicted accused, in the order they were named.
        body = VerdictSerializer({
            "verdict_id": verdict.pk, "outcome": verdict.outcome,
            "register_proposals": [{"id": p.pk, "suspect_id": r["suspect_id"],
                                    "state": p.state} for r, p in zip(rows, proposals,
                                                                      strict=True)],
        }).data
        return Response(body, status=status.HTTP_201_CREATED)


class CaseView(ApiView):
    """A case's stage, FIR, court and trial number, and every statutory deadline
    running for it (due date, met, overdue) with the next one. No suspect, survivor
    or diary. The read is audited (purpose by the caller's role, the FIR as
    reference)."""

    required_scope = READ_SCOPES
    required_action = "justice.view_case"

    @extend_schema(tags=[TAG], operation_id="justice_case_read",
                   responses={200: CaseSerializer})
    def get(self, request, case_id: int):
        case = access.access_case(user=request.user, case_id=case_id)
        case.deadlines = selectors.deadlines_of(case)
        return Response(CaseSerializer(case).data)


app_name = "justice_api"

urlpatterns = [
    path("firs/", FirView.as_view(), name="firs"),
    path("cases/<int:case_id>/", CaseView.as_view(), name="case"),
    path("cases/<int:case_id>/suspects/", SuspectView.as_view(), name="suspects"),
    path("cases/<int:case_id>/hearings/", HearingView.as_view(), name="hearings"),
    path("cases/<int:case_id>/hearings/<int:hearing_id>/outcome/",
         HearingOutcomeView.as_view(), name="hearing_outcome"),
    path("cases/<int:case_id>/charge/", ChargeView.as_view(), name="charge"),
    path("cases/<int:case_id>/verdict/", VerdictView.as_view(), name="verdict"),
]
