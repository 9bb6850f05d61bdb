"""Pages of the lifecycle: an application's timeline, the moves, the diagram."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import diagram, lifecycle, notifications, outbox, progress
from applications.editions.working import live_editions, working_edition
from applications.lifecycle.table import MOVES_BY_NAME
from applications.models import Edition, Notification
from award_portal import access
from award_portal.actions import attempt
from award_portal.http import client_ip, site_path
from award_portal.operations.heartbeat import late_jobs


@login_required
def timeline(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk)
    events = application.events.select_related("actor").order_by("at", "id")
    return render(
        request,
        "applications/timeline.html",
        {
            "application": application,
            "events": events,
            "show_internal": access.may(request.user, access.VIEW, access.RECOMMENDATION),
            "moves": lifecycle.allowed_moves(application, request.user),
        },
    )


@login_required
@require_POST
def make_move(request, pk: int, move: str):
    application = access.get_for(request.user, access.APPLICATION, pk)
    spec = MOVES_BY_NAME.get(move)
    if spec is None:
        raise Http404
    attempt(
        request,
        lifecycle.transition,
        lambda event: (
            _("已完成“%(move)s”，申报状态为“%(status)s”。")
            % {"move": spec.label, "status": application.get_status_display()}
        ),
        application=application,
        to=spec.target,
        actor=request.user,
        reason=request.POST.get("reason", ""),
        internal_note=request.POST.get("internal_note", ""),
        ip=client_ip(request),
        data={f.name: request.POST.get(f.name, "") for f in spec.fields},
    )
    return redirect(
        site_path(request, request.POST.get("next"))
        or reverse("applications:timeline", kwargs={"pk": application.pk})
    )


@login_required
@require_POST
def advance_stage(request, pk: int):
    access.require(request.user, access.MANAGE, access.PROGRESS)
    attempt(
        request,
        lifecycle.advance_edition,
        lambda event: (
            _("本届评选已进入“%(stage)s”阶段。") % {"stage": event.get_to_stage_display()}
        ),
        edition=get_object_or_404(Edition, pk=pk),
        actor=request.user,
        reason=request.POST.get("reason", ""),
    )
    return redirect("applications:edition_progress")


@login_required
def edition_progress(request):
    """The office's page for running the edition: the eight stages, what blocks closing the
    current one, the button that opens the next, and the edition's trail. The edition is the
    one the reader chose to work on (查看届次), the current one unless they chose another."""
    access.require(request.user, access.VIEW, access.PROGRESS)
    edition = working_edition(request)
    office = access.may(request.user, access.MANAGE, access.PROGRESS)
    live = list(live_editions())
    if edition is not None and edition not in live:
        live.append(edition)  # a closed edition chosen earlier stays selected
    return render(
        request,
        "applications/edition_progress.html",
        {
            "edition": edition,
            # The picker, when there is a choice to make or one to undo.
            "live_editions": live
            if len(live) > 1 or (edition is not None and not edition.is_current)
            else [],
            "progress": progress.edition_progress(edition) if edition else None,
            "events": edition.events.order_by("-at", "-id")[:50] if edition else [],
            "can_advance": office,
            # Emails that could not be sent, for the office to see and send again.
            "failed_mails": notifications.failed_notifications()
            if access.may(request.user, access.VIEW, access.NOTIFICATION)
            else [],
            "failed_shown": notifications.FAILED_SHOWN,
            # Scheduled jobs that missed their period: beat or the worker has stopped.
            "late_jobs": late_jobs() if office else [],
            "max_attempts": notifications.MAX_ATTEMPTS,
        },
    )


@login_required
@require_POST
def resend_notification(request, pk: int):
    """重新发送: a failed email goes back to the outbox."""
    access.require(request.user, access.MANAGE, access.NOTIFICATION)
    notification = get_object_or_404(Notification, pk=pk)
    try:
        outbox.resend_notification(notification=notification, actor=request.user)
    except notifications.NotificationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("发给 %(email)s 的邮件已重新加入发送队列。") % {"email": notification.recipient},
        )
    return redirect(reverse("applications:edition_progress") + "#failed-mails")


@login_required
def lifecycle_diagram(request):
    access.require(request.user, access.VIEW, access.PROGRESS)
    edition = working_edition(request)
    return render(
        request,
        "applications/lifecycle.html",
        {
            "svg": diagram.render_svg(),
            "moves": diagram.move_rows(),
            "other_kinds": diagram.other_kinds(),
            "edition": edition,
            "steps": progress.steps(edition) if edition else [],
        },
    )
