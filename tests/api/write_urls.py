"""A test-only endpoint that writes (one audit event per execution), to prove a retried
POST executes once."""

from django.db import transaction
from django.urls import include, path
from rest_framework import serializers
from rest_framework.response import Response

from hifazat.api.idempotency import idempotent
from hifazat.api.views import ApiView
from hifazat.audit import services as audit


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=50)


class WriteView(ApiView):
    required_scope = "register:report_change"

    @idempotent
    def post(self, request):
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            event = audit.record(action="test.written", actor=request.user,
                                 details={"text": data.validated_data["text"]})
        return Response({"seq": event.seq}, status=201)


class ForgetfulView(ApiView):
    required_scope = "register:report_change"

    def post(self, request):
        return Response({}, status=201)


urlpatterns = [
    path("accounts/", include("hifazat.accounts.urls")),
    path("api/write/", WriteView.as_view()),
    path("api/forgetful/", ForgetfulView.as_view()),
]
