"""The pages of personal information: the notice, the consent asked at sign-in, a user's own
data as a download, the materials' retention and the search of the audit trails."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from applications.precheck.selectors import paginate
from award_portal import access
from award_portal.downloads import document_response
from award_portal.http import next_path
from award_portal.privacy import consent, notice, retention, trails
from award_portal.privacy.download import personal_data_zip
from award_portal.privacy.forms import ConsentForm, RetentionForm, TrailSearchForm
from award_portal.privacy.models import PrivacyConsent


@require_GET
def privacy_notice(request):
    return render(request, "privacy/notice.html", notice.notice_context())


def _safe_next(request) -> str:
    return next_path(request) or reverse("accounts:landing")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consent_page(request):
    """Asked at sign-in of an applicant who has not agreed to the current notice."""
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent.record_consent(
            user=request.user, occasion=PrivacyConsent.Occasion.SIGN_IN, request=request
        )
        request.session.pop(consent.CONSENT_DUE_KEY, None)
        messages.success(request, _("已记录您对个人信息处理告知的同意。"))
        return redirect(_safe_next(request))
    return render(
        request,
        "privacy/consent.html",
        {**notice.notice_context(), "form": form, "next": _safe_next(request)},
    )


@login_required
@require_GET
def my_data(request):
    """Everything the portal holds about the signed-in user, as one zip."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return document_response(
        personal_data_zip(request.user),
        filename=f"个人信息-{request.user.username}-{stamp}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request):
    access.require(request.user, access.MANAGE, access.PERSONAL_DATA)
    form = RetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        edition, months = form.cleaned_data["edition"], form.cleaned_data["months"]
        retention.set_months(edition=edition, months=months, actor=request.user)
        messages.success(
            request,
            _("%(edition)s未获奖申报材料的保存期限已设为%(months)d个月。")
            % {"edition": edition, "months": months},
        )
        return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention.html",
        {
            "form": form,
            "rows": retention.overview(),
            "default_months": settings.MATERIAL_RETENTION_MONTHS,
        },
    )


@login_required
@require_GET
def trail_search(request):
    access.require(request.user, access.VIEW, access.AUDIT_TRAIL)
    form = TrailSearchForm(request.GET or None)
    requested = request.GET.get("trail")
    trail_name = requested if requested in trails.TRAILS else "login"
    if form.is_bound and form.is_valid():
        qs = trails.search(trail_name, **form.criteria())
    elif form.is_bound:
        qs = trails.search(trail_name).none()  # the form says what to correct
    else:
        qs = trails.search(trail_name)
    page, problem = paginate(qs, request.GET.get("page"))
    trail = trails.TRAILS[trail_name]
    return render(
        request,
        "privacy/trails.html",
        {
            "form": form,
            "page": page,
            "page_problem": problem,
            "rows": [trail.row(obj) for obj in page.object_list],
            "trail_label": trail.label,
            "kept_days": settings.AUDIT_TRAIL_MIN_DAYS,
        },
    )
