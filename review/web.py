"""What the review's pages share: the edition an office page is about, a row by its key, a
service called with its refusal shown as a message, a form's errors as messages, the links of a
long list's rows, and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from applications.models import Edition
from review.errors import ReviewError
from review.permissions import is_office, is_reader


def edition_for_office(user, pk: int, *, manage: bool = False) -> Edition:
    if not is_reader(user):
        raise Http404
    if manage and not is_office(user):
        raise PermissionDenied
    try:
        return Edition.objects.get(pk=pk)
    except Edition.DoesNotExist:
        raise Http404 from None


def get_or_404(model, pk: int, **filters):
    try:
        return model.objects.get(pk=pk, **filters)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def run_service(request, func, success: str, **kwargs):
    """Call a service; report its refusal as a message. Returns the result or None."""
    try:
        result = func(**kwargs)
    except ReviewError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


def url_for_each(name: str):
    """reverse(name, args=[pk]) for the rows of a page at the cost of a single reverse()."""
    marker = "9182736450"
    head, tail = reverse(name, args=[int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def download_quoted(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download whose `filename` is percent-encoded already, as the deliberation and award
    documents name themselves."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
