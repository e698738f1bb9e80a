"""The register's REST endpoints (wired under /api/register/, tag "register").

Thin: parse and validate, call a register selector or service, answer. Every endpoint
declares its scope; every record is read through ``register.access`` (purpose-bound,
audited, the purpose's jurisdiction applied; a request refused for its purpose or
reference is audited as refused too); every request body refuses unknown fields
(``StrictSerializer``); the permission rules decide as for a person holding the role
the caller's agency implies (docs/api.md)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from hifazat.api import fields
from hifazat.api.fields import StrictSerializer
from hifazat.api.idempotency import idempotent
from hifazat.api.views import ApiView
from hifazat.audit.purposes import Purpose
from hifazat.core.errors import DomainError
from hifazat.register import access, selectors
from hifazat.register.models import Offender
from hifazat.register.whereabouts import access as whereabouts_access
from hifazat.register.whereabouts import services as whereabouts
from hifazat.register.whereabouts.models import ReportedChange

TAG = "register"
RETRIEVAL_PURPOSES = [Purpose.INVESTIGATION, Purpose.PROSECUTION, Purpose.PRISON_RELEASE,
                      Purpose.COMPLIANCE, Purpose.AUDIT]


class PurposeSerializer(StrictSerializer):
    purpose = fields.purpose_field(RETRIEVAL_PURPOSES)
    reference = fields.reference_field()


def _valid_retrieval(serializer, request, action: str, *, object_id="") -> dict:
    """The validated request; a retrieval refused here for its purpose or reference
    (missing, unknown, or one the caller's role may not state) is audited as refused,
    like one the selector refuses, before the 400 answer."""
    if serializer.is_valid():
        # A known purpose the role may not state is refused (and audited) by access.
        return serializer.validated_data
    errors = serializer.errors
    if "purpose" in errors or "reference" in errors:
        data = serializer.initial_data if hasattr(serializer.initial_data, "get") else {}
        query = data.get("query") if isinstance(data.get("query"), dict) else None
        access.record_input_refusal(
            user=request.user, action=action, purpose=str(data.get("purpose") or ""),
            reference=str(data.get("reference") or ""), query=query, object_id=object_id)
    raise serializers.ValidationError(errors)


class SearchRequestSerializer(PurposeSerializer):
    query = fields.PersonQuerySerializer()
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)


class SearchHitSerializer(serializers.Serializer):
    offender_id = serializers.IntegerField()
    register_number = serializers.CharField()
    name = serializers.CharField()
    father_name = serializers.CharField()
    birth_year = serializers.IntegerField(allow_null=True)
    district = serializers.CharField()
    probability = serializers.FloatField()
    explanation = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    hits = SearchHitSerializer(many=True)


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    surname = serializers.CharField()
    is_primary = serializers.BooleanField()
    source = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)


class ConvictionSerializer(serializers.Serializer):
    court = serializers.CharField(source="court.code")
    case_number = serializers.CharField()
    sections = serializers.SerializerMethodField()
    convicted_on = serializers.DateField()
    sentence = serializers.CharField()
    registration_years = serializers.IntegerField()

    def get_sections(self, conviction) -> list[str]:
        return sorted(s.code for s in conviction.sections.all())


class OffenderRecordSerializer(serializers.Serializer):
    offender_id = serializers.IntegerField(source="pk")
    register_number = serializers.CharField()
    status = serializers.CharField()
    sex = serializers.CharField()
    dob = serializers.DateField(allow_null=True)
    dob_precision = serializers.CharField()
    cnic = serializers.CharField()
    father_name = serializers.CharField()
    district = serializers.CharField(source="district.code")
    physical_description = serializers.CharField()
    verified_at = serializers.DateTimeField()
    names = NameSerializer(many=True, source="names.all")
    convictions = ConvictionSerializer(many=True, source="convictions.all")


class SearchView(ApiView):
    """Purpose-bound search: CNIC (exact) or name + father's name + date or year of
    birth + district, with probabilities and explanations. Minimal fields only; opening
    a record is a second, audited call. Audited with the query and the ids returned."""

    required_scope = "register:search"
    required_action = "register.retrieve"

    @extend_schema(tags=[TAG], operation_id="register_search",
                   request=SearchRequestSerializer,
                   responses={200: SearchResponseSerializer})
    @idempotent
    def post(self, request):
        v = _valid_retrieval(SearchRequestSerializer(data=request.data), request,
                             "register.search")
        hits = selectors.search_offenders(
            user=request.user, purpose=v["purpose"], reference=v["reference"],
            limit=v["limit"], query=fields.identity_query(v["query"]))
        body = SearchResponseSerializer({"count": len(hits), "hits": hits}).data
        return Response(body, status=status.HTTP_200_OK)


class OffenderView(ApiView):
    """Open one register record for a stated purpose and reference (both audited).
    A missing record and one the caller may not see give the same 404."""

    required_scope = "register:read"
    required_action = "register.retrieve"

    @extend_schema(tags=[TAG], operation_id="register_offender_read",
                   parameters=[
                       OpenApiParameter("purpose", str, required=True,
                                        enum=[str(p) for p in RETRIEVAL_PURPOSES]),
                       OpenApiParameter("reference", str, required=True,
                                        description="Case or FIR reference."),
                   ],
                   responses={200: OffenderRecordSerializer})
    def get(self, request, offender_id: int):
        v = _valid_retrieval(PurposeSerializer(data=request.query_params), request,
                             "register.view", object_id=offender_id)
        offender = access.access_offender(user=request.user, offender_id=offender_id,
                                          purpose=v["purpose"], reference=v["reference"])
        return Response(OffenderRecordSerializer(offender).data)


def _offender_by_number(request, register_number: str, action: str) -> Offender:
    """The offender a prison or police system names by register number (upper-cased,
    as on the web); missing and forbidden give the same 404."""
    return whereabouts_access.access_offender(user=request.user, action=action,
                                              register_number=register_number)


class ReleaseRequestSerializer(StrictSerializer):
    register_number = serializers.CharField(max_length=20, error_messages=fields.REQUIRED)
    release_on = serializers.CharField(max_length=20, allow_blank=True,
                                       help_text="Scheduled release date, YYYY-MM-DD.")
    destination_address = serializers.CharField(max_length=300, allow_blank=True)
    destination_district = serializers.CharField(max_length=20, allow_blank=True,
                                                 help_text="District code, e.g. PB-LHR.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                 default="")
    admitted_on = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="",
        help_text="Date of admission to this prison, YYYY-MM-DD; needed only when the "
                  "register has no prison on record for the offender yet.")


class ReleaseSerializer(serializers.Serializer):
    release_id = serializers.IntegerField(source="pk")
    register_number = serializers.CharField(source="offender.register_number")
    prison = serializers.CharField(source="prison.code")
    release_on = serializers.DateField()
    destination_district = serializers.CharField(source="destination_district.code")
    state = serializers.CharField()
    ack_deadline = serializers.DateTimeField()


class ChangeRequestSerializer(StrictSerializer):
    register_number = serializers.CharField(max_length=20, error_messages=fields.REQUIRED)
    kind = fields.ChoiceField(ReportedChange.Kind.values)
    reported_on = serializers.CharField(max_length=20, allow_blank=True,
                                        help_text="Date the offender reported, YYYY-MM-DD.")
    details = serializers.DictField(
        help_text="Per kind: name {name, surname?, changed_on}; address {address, "
                  "district, moved_on}; travel_domestic {district, starts_on, ends_on}; "
                  "travel_abroad {country, starts_on, ends_on}; employment {employer, "
                  "occupation?, district?, starts_on}; vehicle {registration_number, "
                  "description?, starts_on}.")


class ChangeSerializer(serializers.Serializer):
    change_id = serializers.IntegerField(source="pk")
    register_number = serializers.CharField(source="offender.register_number")
    kind = serializers.CharField()
    happened_on = serializers.DateField()
    reported_on = serializers.DateField()
    is_late = serializers.BooleanField()


_CHANGE_TOP_FIELDS = {"kind", "reported_on", "details", "register_number"}


class ReleaseView(ApiView):
    """A prison system notifies a scheduled release: the destination district's police,
    the prosecution office and NPB are notified with an acknowledgement deadline (as
    when a prison officer records it on screen). Only the prison holding the offender."""

    required_scope = "register:release"
    required_action = "whereabouts.schedule_release"

    @extend_schema(tags=[TAG], operation_id="register_release_schedule",
                   request=ReleaseRequestSerializer, responses={201: ReleaseSerializer})
    @idempotent
    def post(self, request):
        data = ReleaseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        release = whereabouts.schedule_release(
            offender=_offender_by_number(request, v["register_number"],
                                         "whereabouts.schedule_release"),
            actor=request.user, release_on=v["release_on"],
            destination_address=v["destination_address"],
            destination_district=v["destination_district"].strip().upper(),
            note=v["note"], admitted_on=v["admitted_on"] or None)
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class ChangeView(ApiView):
    """A police system records a change the offender reported (name, address, travel,
    employment, vehicle); late reports are recorded as late. Only the police of the
    offender's responsible district."""

    required_scope = "register:report_change"
    required_action = "whereabouts.report_change"

    @extend_schema(tags=[TAG], operation_id="register_change_report",
                   request=ChangeRequestSerializer, responses={201: ChangeSerializer})
    @idempotent
    def post(self, request):
        data = ChangeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            change = whereabouts.report_change(
                offender=_offender_by_number(request, v["register_number"],
                                             "whereabouts.report_change"),
                actor=request.user, kind=v["kind"], details=v["details"],
                reported_on=v["reported_on"])
        except DomainError as exc:
            # Name the fields of ``details`` as the request does: details.<field>.
            if fields := exc.fields:
                exc.fields = {(k if k in _CHANGE_TOP_FIELDS else f"details.{k}"): m
                              for k, m in fields.items()}
            raise
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)


app_name = "register_api"

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("offenders/<int:offender_id>/", OffenderView.as_view(), name="offender"),
    path("releases/", ReleaseView.as_view(), name="releases"),
    path("changes/", ChangeView.as_view(), name="changes"),
]
