"""Pages of the award (stage 8): the government's approval, the commendation notice,
revocations, certificates, plaques and the edition's statistics; and the public certificate
check and commendation notices. Each view fetches through the access policy
(award_portal.access), calls one service and renders or redirects; a refused action comes back
as a message, never a 500."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from applications.lifecycle_views import client_ip
from applications.models import Stage, Status
from award_portal import access
from award_portal.actions import submit
from review import certificates
from review.awards import selectors, services
from review.awards.forms import CommendationForm, GovernmentApprovalForm, RevokeForm, VerifyForm
from review.deliberation import reports as deliberation_reports
from review.deliberation.forms import ReasonOnlyForm
from review.models import Certificate, CommendationNotice, GovernmentApproval
from review.web import deliberation_edition_for, download_quoted, shown_form

VERIFY_PER_HOUR = 120


@login_required
def deliberation_award(request):
    return _award_page(request, deliberation_edition_for(request, kind=access.AWARD))


def _award_page(request, edition, *, sent=None, revoked=None, status: int = 200):
    """The award page of `edition`; with `sent`, a form the office sent that was refused or not
    valid (a revocation of application `revoked`), shown with what was typed in it and why."""
    office = access.may(request.user, access.MANAGE, access.AWARD)
    in_stage = edition.stage == Stage.COMMENDATION
    approval = GovernmentApproval.objects.filter(edition=edition).first()
    notice = CommendationNotice.objects.filter(edition=edition).first()
    texts = services.default_commendation_texts(edition)
    approval_form = GovernmentApprovalForm(
        initial={"approved_on": timezone.localdate()},
        action=reverse("review:deliberation_government_approval"),
    )
    notice_form = CommendationForm(initial=texts, action=reverse("review:deliberation_notice"))
    if isinstance(sent, GovernmentApprovalForm):
        approval_form = sent
    elif isinstance(sent, CommendationForm):
        notice_form = sent
    return render(
        request,
        "review/deliberation_award.html",
        {
            "edition": edition,
            "in_stage": in_stage,
            "approval": approval,
            "notice": notice,
            "approved": selectors.approved_applications(edition),
            "winners": selectors.winners(edition),
            "can_manage": office,
            "can_approve": office and in_stage and approval is None,
            "can_publish": office and in_stage and approval is not None and notice is None,
            "can_close": office and in_stage and notice is not None,
            "approval_form": approval_form,
            "notice_form": notice_form,
            "revoke_form": RevokeForm(),
            # The revocation sent for one winner, shown in that winner's row.
            "revoke_sent": sent if isinstance(sent, RevokeForm) else None,
            "revoked": revoked,
            "close_form": shown_form(sent, _close_form()),
        },
        status=status,
    )


def _close_form(data=None) -> ReasonOnlyForm:
    return ReasonOnlyForm(
        data,
        label=_("结束本届评选并归档"),
        action=reverse("review:deliberation_close"),
        auto_id="id_close_%s",
    )


def _managed_edition(request):
    return deliberation_edition_for(request, kind=access.AWARD, action=access.MANAGE)


def _award_step(request, page_edition, form, service, success: str, /, **target):
    """A step of the city office on the award page of `page_edition`: `service` gets `target` (what
    it acts on), the actor and the data of the posted `form`; back to the award page, or,
    refused or not valid, the page again with the form as it was sent and why."""
    back = redirect("review:deliberation_award")
    application = target.get("application")

    def again():
        revoked = application.pk if application is not None else None
        return _award_page(request, page_edition, sent=form, revoked=revoked, status=400)

    return submit(
        request, form, service, success, done=back, failed=again, actor=request.user, **target
    )


@login_required
@require_POST
def deliberation_government_approval(request):
    edition = _managed_edition(request)
    form = GovernmentApprovalForm(
        request.POST, request.FILES, action=reverse("review:deliberation_government_approval")
    )
    success = _("市政府审定已记录，获奖者已授奖并生成证书编号。")
    service, ip = services.record_government_approval, client_ip(request)
    return _award_step(request, edition, form, service, success, edition=edition, ip=ip)


@login_required
@require_POST
def deliberation_notice(request):
    edition = _managed_edition(request)
    form = CommendationForm(request.POST, action=reverse("review:deliberation_notice"))
    success = _("表扬决定已在网站发布。")
    return _award_step(
        request, edition, form, services.publish_commendation, success, edition=edition
    )


@login_required
@require_POST
def deliberation_revoke(request, pk: int):
    application = access.get_for(request.user, access.AWARD, pk, access.MANAGE)
    success = _("已撤销该奖励，证书查询将显示为已撤销。")
    target = {"application": application, "ip": client_ip(request)}
    form = RevokeForm(request.POST)
    edition = application.edition
    return _award_step(request, edition, form, services.revoke_award, success, **target)


@login_required
@require_POST
def deliberation_close(request):
    edition = _managed_edition(request)
    form = _close_form(request.POST)
    return submit(
        request,
        form,
        services.close_edition,
        _("本届评选已结束并归档。"),
        done=redirect("review:edition_statistics", pk=edition.pk),
        failed=lambda: _award_page(request, edition, sent=form, status=400),
        edition=edition,
        actor=request.user,
    )


@login_required
def deliberation_plaques(request):
    edition = deliberation_edition_for(request, kind=access.AWARD)
    certificates_ = [
        a.certificate for a in selectors.winners(edition).filter(status=Status.AWARDED)
    ]
    return download_quoted(
        certificates.plaques_xlsx(certificates_, edition=edition),
        "plaques.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def certificate_pdf(request, pk: int):
    """The certificate of application `pk`, for the winner and the city office."""
    application = access.get_for(request.user, access.CERTIFICATE, pk)
    certificate = Certificate.objects.filter(application=application).first()
    if certificate is None:
        raise Http404
    return download_quoted(
        certificates.certificate_pdf(certificate),
        certificates.certificate_filename(certificate),
        "application/pdf",
    )


# --- statistics ----------------------------------------------------------------------------------


@login_required
def edition_statistics(request, pk: int):
    edition = deliberation_edition_for(request, pk, kind=access.AWARD)
    statistics = selectors.statistics_for(edition)
    rows = list(
        zip(
            statistics["stages"]["labels"],
            statistics["stages"]["entered"],
            statistics["stages"]["passed"],
            statistics["stages"]["rates"],
            strict=True,
        )
    )
    return render(
        request,
        "review/deliberation_statistics.html",
        {
            "edition": edition,
            "statistics": statistics,
            "stage_rows": rows,
            "archived": edition.stage == Stage.CLOSED,
            "archive": getattr(edition, "archive", None) if edition.stage == Stage.CLOSED else None,
        },
    )


@login_required
def edition_statistics_xlsx(request, pk: int):
    edition = deliberation_edition_for(request, pk, kind=access.AWARD)
    return download_quoted(
        deliberation_reports.statistics_xlsx(edition, selectors.statistics_for(edition)),
        deliberation_reports.statistics_filename(edition),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- public pages --------------------------------------------------------------------------------


def certificate_verify(request):
    """Anyone may check a certificate by its number: valid, revoked, or unknown."""
    form = VerifyForm(request.GET or None)
    certificate = None
    searched = False
    if form.is_bound:
        if is_ratelimited(
            request,
            group="review:certificate_verify",
            key="ip",
            rate=f"{VERIFY_PER_HOUR}/h",
            increment=True,
        ):
            return render(
                request,
                "review/certificate_verify.html",
                {"form": form, "throttled": True},
                status=429,
            )
        if form.is_valid():
            searched = True
            certificate = selectors.find_certificate(form.cleaned_data["number"])
    revocation = getattr(certificate.application, "revocation", None) if certificate else None
    return render(
        request,
        "review/certificate_verify.html",
        {
            "form": form,
            "searched": searched,
            "certificate": certificate,
            "revocation": revocation,
            "government": settings.AWARD_GOVERNMENT,
        },
    )


def commendation_list(request):
    return render(
        request,
        "review/deliberation_commendations.html",
        {"notices": selectors.published_notices()},
    )


def commendation_detail(request, pk: int):
    try:
        notice = selectors.published_notices().get(pk=pk)
    except (CommendationNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return render(
        request,
        "review/deliberation_commendation.html",
        {
            "notice": notice,
            "winners": selectors.winners(notice.edition),
            "government": settings.AWARD_GOVERNMENT,
        },
    )
