"""One path from an API request to a service.

Every write action of every viewset is declared with `service_action`:

    class LeadViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
        approve = service_action(services.approve_lead, ApproveLeadInput,
                                 doc="Office staff approve a registered lead.")

The action finds the object in the caller's scope (404 otherwise), validates the body with the
declared input serializer (400 naming each field), calls the service with the acting user, the
object and the validated data, and answers with the object as the viewset serializes it.
Services refuse by role (403), by state (409, `StateConflict`) or by input (400).

Creates and updates go through `create_service` / `update_service` the same way.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response


def service_action(
    service,
    input_serializer=None,
    *,
    url_path=None,
    doc="",
    output_serializer=None,
    detail=True,
    methods=("post",),
    pass_object=True,
    response_status=status.HTTP_200_OK,
):
    """Build a DRF action that runs `service(user, obj, **validated_input)`."""

    def handler(self, request, pk=None):
        return self.run_service(
            request,
            service,
            input_serializer,
            output_serializer=output_serializer,
            pass_object=pass_object and detail,
            response_status=response_status,
        )

    handler.__doc__ = doc or service.__doc__
    handler.__name__ = getattr(service, "__name__", "action")
    schema = {"request": input_serializer}
    if output_serializer is not None:
        schema["responses"] = {response_status: output_serializer}
    # (Without `responses` the schema shows the viewset's serializer; None would mean "no body".)
    # No `serializer_class` override: the answer is the viewset's own serializer (`answer`).
    handler = action(detail=detail, methods=list(methods), url_path=url_path)(handler)
    # After `action`, which replaces the function's kwargs (where the schema is kept).
    return extend_schema(**schema)(handler)


class WriteViewSetMixin:
    """Writes through services: create, update and every action (see `service_action`)."""

    # Set by the viewset: create_service(user, **validated) and update_service(user, obj, **v).
    create_service = None
    update_service = None

    def validated_input(self, request, input_serializer):
        if input_serializer is None:
            return {}
        checked = input_serializer(data=request.data, context=self.get_serializer_context())
        checked.is_valid(raise_exception=True)
        return dict(checked.validated_data)

    def run_service(
        self,
        request,
        service,
        input_serializer=None,
        *,
        output_serializer=None,
        pass_object=True,
        response_status=status.HTTP_200_OK,
    ):
        args = (self.get_object(),) if pass_object else ()
        data = self.validated_input(request, input_serializer)
        result = service(request.user, *args, **data)
        return Response(self.answer(result, output_serializer), status=response_status)

    def answer(self, result, output_serializer=None):
        if output_serializer is not None:
            return output_serializer(result, context=self.get_serializer_context()).data
        if result is None:
            return None
        model = self.get_queryset().model
        if isinstance(result, model):
            # Re-read through the scoped queryset so the answer carries its annotations.
            result = self.get_queryset().get(pk=result.pk)
            return self.get_serializer(result).data
        return self.get_serializer(result).data

    def perform_create(self, serializer):
        if self.create_service is None:
            raise NotImplementedError(f"{type(self).__name__} declares no create_service")
        with transaction.atomic():
            serializer.instance = type(self).create_service(
                self.request.user, **serializer.validated_data
            )

    def perform_update(self, serializer):
        if self.update_service is None:
            raise NotImplementedError(f"{type(self).__name__} declares no update_service")
        with transaction.atomic():
            serializer.instance = type(self).update_service(
                self.request.user, serializer.instance, **serializer.validated_data
            )
