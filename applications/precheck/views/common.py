"""What the pages of stages 2 and 3 share: who may open them, the edition they work on, the
download types, the messages and one step posted on an application.

Every application is fetched through the access policy (award_portal.access): a unit officer
reaches only the applications filed with their unit, and gets a 404 for any other.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.editions.working import working_edition
from applications.models import Application, Edition
from applications.precheck import selectors
from applications.precheck.forms import ListFilterForm
from award_portal import access
from award_portal.actions import bind, submit
from award_portal.downloads import document_response
from award_portal.http import client_ip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_unit_officer(request) -> None:
    access.require(request.user, access.ACT_ON, access.RECOMMENDATION)
    if request.user.unit_id is None:
        raise PermissionDenied


def require_office_reader(request) -> None:
    access.require(request.user, access.VIEW, access.ACCEPTANCE)


def require_office_writer(request) -> None:
    access.require(request.user, access.MANAGE, access.ACCEPTANCE)


def edition_or_404(request) -> Edition:
    """The edition the user works on: the current one, or for the office and the other readers
    the one they chose to view (查看届次); units cannot choose, so theirs is the current one."""
    edition = working_edition(request)
    if edition is None:
        raise Http404(_("尚未设置当前届次。"))
    return edition


def xlsx_export(require):
    """A decorator making a view of an Excel download: the view answers after
    `require(request)`; the decorated function gets the request and the edition
    (`edition_or_404`) and returns the workbook's bytes and its file name."""

    def decorate(build):
        @login_required
        @wraps(build)
        def view(request):
            require(request)
            content, filename = build(request, edition_or_404(request))
            return document_response(content, filename=filename, content_type=XLSX)

        return view

    return decorate


def filtered_rows(request, edition: Edition, *, statuses, rows):
    """The selector `rows` of the user's applications in `edition` under the filters of the
    request's query, unpaged: what a filtered list's export writes."""
    filters = selectors.parse_filters(request.GET, statuses=statuses)
    return rows(user=request.user, edition=edition, filters=filters)


def report_problems(request, *, problems: list[str]) -> None:
    for problem in problems:
        messages.warning(request, problem)


def filtered_list(request, edition: Edition, *, statuses, mine, listed, **form_options) -> dict:
    """The context of a filtered, paged list of the user's applications in `edition` (the
    unit's queue, the office's list): the counts by status over all of `mine`, the page of
    `listed` with the filters and the filter form (with `form_options`); a filter or a page
    that cannot be read is reported as a warning. `mine` and `listed` are the selectors of the
    lists' read model (applications/readmodel.py)."""
    filters = selectors.parse_filters(request.GET, statuses=statuses)
    counts = selectors.status_counts(
        mine(user=request.user, edition=edition), field="application_status"
    )
    page, page_problem = selectors.paginate(
        listed(user=request.user, edition=edition, filters=filters),
        request.GET.get("page"),
        count=filters.count_from(counts),
    )
    report_problems(request, problems=filters.problems + ([page_problem] if page_problem else []))
    return {
        "edition": edition,
        "page": page,
        "filters": filters,
        "filter_form": ListFilterForm(
            initial=filters.as_query(), statuses=statuses, **form_options
        ),
        "counts": counts,
        "total": sum(row["count"] for row in counts),
    }


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def step_views(fetch, page, back: str):
    """A factory of the views of one page's steps on an application: each fetches the
    application with `fetch(request, pk)` (the access checks), takes its one form and calls its
    service (see `application_step`), and answers with a redirect to the URL named `back` or
    with `page` again."""

    def step(service, success, **form):
        @login_required
        @require_POST
        def view(request, pk: int):
            application = fetch(request, pk)
            done = redirect(back, pk=application.pk)
            return application_step(
                request, application, service, success, page=page, back=done, **form
            )

        return view

    return step


def application_step(request, application: Application, service, success, *, page, back, **form):
    """One step on `application` posted with the one form named in `form` (see `bind`).
    `service` gets the application, the actor and the cleaned data, and for a move
    (`move=True`) the client's address. On success: `back`, a redirect; when the form is
    invalid or the step refused: `page(request, application, status=400, **{name: form})`.
    """
    move = form.pop("move", False)
    ((name, form_class),) = form.items()
    bound = bind(form_class, request.POST, application)

    def call(**data):
        if move:
            data["ip"] = client_ip(request)
        return service(application=application, actor=request.user, **data)

    return submit(
        request,
        bound,
        call,
        success,
        done=back,
        failed=lambda: page(request, application, status=400, **{name: bound}),
    )
