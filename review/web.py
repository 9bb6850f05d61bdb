"""What the review's pages share: the edition an office page is about, a row by its key, a
form's errors as messages, a change of one row with a reason, the view of a step's POST, the
links of a long list's rows, and downloads, with the views of a report's Word and PDF
versions. (A service called with its refusal shown as a message is award_portal.actions.attempt.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.editions.working import working_edition
from applications.models import Edition
from award_portal import access
from award_portal.actions import attempt


def edition_for(user, pk: int, kind: str, action: str = access.VIEW) -> Edition:
    """The edition of a page about its objects of `kind` (pool, conflicts, feedback): 404 for
    who may not view them, 403 for who may view but not do `action`."""
    access.require(user, access.VIEW, kind, hide=True)
    access.require(user, action, kind)
    try:
        return Edition.objects.get(pk=pk)
    except Edition.DoesNotExist:
        raise Http404 from None


def get_or_404(model, pk: int, **filters):
    try:
        return model.objects.get(pk=pk, **filters)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def row_post(request, model, pk: int, kind: str, name: str, service, success: str):
    """A change of one row (`model` `pk`) by who manages `kind` (a 404 for the others) with the
    posted reason: `service` gets the row as `name`, the actor and the reason; its refusal or
    `success` is shown as a message. Returns the row, for the page to go back to."""
    access.require(request.user, access.MANAGE, kind, hide=True)
    row = get_or_404(model, pk)
    reason = request.POST.get("reason", "")
    attempt(request, service, success, actor=request.user, reason=reason, **{name: row})
    return row


def post_view(step, *args):
    """The view of a POST about row `pk` by who is logged in: `step(request, pk, *args)`, as
    a step's service and its success message (translated lazily: this runs at import)."""

    @login_required
    @require_POST
    def view(request, pk: int):
        return step(request, pk, *args)

    return view


def url_for_each(name: str):
    """reverse(name, args=[pk]) for the rows of a page at the cost of a single reverse()."""
    marker = "9182736450"
    head, tail = reverse(name, args=[int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def shown_form(sent, form):
    """The form a page shows in `form`'s place: `sent` when it is one of its class (posted and
    shown again with what was typed and why), else `form`."""
    return sent if isinstance(sent, type(form)) else form


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            if label:
                error = _("%(label)s：%(error)s") % {"label": label, "error": error}
            messages.error(request, error)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


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


def report_views(kind: str, docx, pdf, filename, *, quoted: bool = False):
    """The two download views of the report about an object of `kind` (found by
    access.get_for): its Word version `docx(obj)` and its PDF `pdf(obj, base_url=...)`,
    named `filename(obj, ext)`; with `quoted`, sent by download_quoted."""
    send = download_quoted if quoted else download

    @login_required
    def report_docx(request, pk: int):
        obj = access.get_for(request.user, kind, pk)
        return send(docx(obj), filename(obj, "docx"), DOCX)

    @login_required
    def report_pdf(request, pk: int):
        obj = access.get_for(request.user, kind, pk)
        return send(pdf(obj, base_url=request.build_absolute_uri("/")), filename(obj, "pdf"), PDF)

    return report_docx, report_pdf


def deliberation_edition_for(
    request, pk: int | None = None, *, kind: str = access.DELIBERATION, action: str = access.VIEW
) -> Edition:
    """The edition of a deliberation or award page: 404 for who may not view its `kind`, 403
    for who may view but not do `action`. Without `pk`: the edition the reader works on
    (查看届次), the current one by default."""
    access.require(request.user, access.VIEW, kind, hide=True)
    access.require(request.user, action, kind)
    if pk is None:
        edition = working_edition(request)
        if edition is None:
            raise Http404
        return edition
    return get_or_404(Edition, pk)
