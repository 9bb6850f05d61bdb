"""The city office's lists of stages 2 and 3: the recommended applications, the deadline
extensions and the overview, with their Excel exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.precheck import exports, selectors, services
from applications.precheck.forms import ExtensionForm
from applications.precheck.views.common import (
    edition_or_404,
    filtered_list,
    filtered_rows,
    require_office_reader,
    require_office_writer,
    xlsx_export,
)
from award_portal import access
from award_portal.actions import attempt
from publicity import selectors as publicity_selectors

# --- the city office: all recommended applications ------------------------------------------


@login_required
def office_list(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    statuses, mine = selectors.OFFICE_STATUSES, selectors.office_rows
    page = filtered_list(
        request,
        edition,
        statuses=statuses,
        mine=mine,
        listed=selectors.office_list_rows,
        with_unit=True,
    )
    is_office = access.may(request.user, access.MANAGE, access.ACCEPTANCE)
    return render(request, "applications/office_list.html", {**page, "is_office": is_office})


@xlsx_export(require_office_reader)
def office_export(request, edition):
    rows = filtered_rows(
        request, edition, statuses=selectors.OFFICE_STATUSES, rows=selectors.office_list
    )
    return (
        exports.office_list_xlsx(rows=rows, edition=edition),
        _("%(edition)s推荐申报汇总.xlsx") % {"edition": edition.name},
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
        if form.is_valid() and attempt(
            request,
            services.extend_deadline,
            lambda extension: (
                _("已将%(unit)s的推荐截止日期延长至%(date)s。")
                % {
                    "unit": form.cleaned_data["unit"].name,
                    "date": form.cleaned_data["until"].strftime("%Y-%m-%d"),
                }
            ),
            edition=edition,
            actor=request.user,
            **form.cleaned_data,
        ):
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


@xlsx_export(require_office_reader)
def office_overview_export(request, edition):
    return (
        exports.overview_xlsx(overview=selectors.overview(edition=edition), edition=edition),
        _("%(edition)s申报统计.xlsx") % {"edition": edition.name},
    )
