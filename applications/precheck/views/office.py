"""The city office's lists of stages 2 and 3: the recommended applications, the deadline
extensions and the overview, with their Excel exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.precheck import exports, selectors, services
from applications.precheck.forms import ExtensionForm, ListFilterForm
from applications.precheck.views.common import (
    XLSX,
    edition_or_404,
    report_problems,
    require_office_reader,
    require_office_writer,
)
from award_portal import access
from award_portal.downloads import document_response
from publicity import selectors as publicity_selectors

# --- the city office: all recommended applications ------------------------------------------


@login_required
def office_list(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.OFFICE_STATUSES)
    counts = selectors.status_counts(
        selectors.office_rows(user=request.user, edition=edition), field="application_status"
    )
    page, page_problem = selectors.paginate(
        selectors.office_list_rows(user=request.user, edition=edition, filters=filters),
        request.GET.get("page"),
        count=filters.count_from(counts),
    )
    report_problems(request, problems=filters.problems + ([page_problem] if page_problem else []))
    return render(
        request,
        "applications/office_list.html",
        {
            "edition": edition,
            "page": page,
            "filters": filters,
            "filter_form": ListFilterForm(
                initial=filters.as_query(), statuses=selectors.OFFICE_STATUSES, with_unit=True
            ),
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "is_office": access.may(request.user, access.MANAGE, access.ACCEPTANCE),
        },
    )


@login_required
def office_export(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.OFFICE_STATUSES)
    rows = selectors.office_list(user=request.user, edition=edition, filters=filters)
    return document_response(
        exports.office_list_xlsx(rows=rows, edition=edition),
        filename=_("%(edition)s推荐申报汇总.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )


# --- deadline extensions --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def office_extensions(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST":
        require_office_writer(request)
        if form.is_valid():
            try:
                services.extend_deadline(
                    edition=edition,
                    unit=form.cleaned_data["unit"],
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except services.PrecheckError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("已将%(unit)s的推荐截止日期延长至%(date)s。")
                    % {
                        "unit": form.cleaned_data["unit"].name,
                        "date": form.cleaned_data["until"].strftime("%Y-%m-%d"),
                    },
                )
                return redirect("applications:office_extensions")
    return render(
        request,
        "applications/office_extensions.html",
        {
            "edition": edition,
            "extensions": selectors.extensions(edition=edition),
            "form": form,
            "is_office": access.may(request.user, access.MANAGE, access.ACCEPTANCE),
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the overview ---------------------------------------------------------------------------


@login_required
def office_overview(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    overview = selectors.overview(edition=edition)
    return render(
        request,
        "applications/office_overview.html",
        {
            "edition": edition,
            "overview": overview,
            "chart_data": overview.chart_data(),
            "progress_columns": [row["label"] for row in overview.progress],
            "calendar_warning": (
                publicity_selectors.missing_calendar_warning(timezone.localdate())
                if access.may(request.user, access.MANAGE, access.ACCEPTANCE)
                else None
            ),
        },
    )


@login_required
def office_overview_export(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    return document_response(
        exports.overview_xlsx(overview=selectors.overview(edition=edition), edition=edition),
        filename=_("%(edition)s申报统计.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )
