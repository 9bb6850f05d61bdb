"""Emails about moves, through an outbox.

The rows are written in the same transaction as the move, so a move and its emails are
saved together or not at all. A task sends them after commit; a beat job picks up whatever
the broker lost. Each row is claimed with a conditional update, so it is sent at most once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationEvent,
    EmailTemplate,
    Notification,
    Stage,
)
from award_portal import single_line
from award_portal.accounts.models import Role, User

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# The failed emails the office's progress page lists, newest first.
FAILED_SHOWN = 50

# Moves whose email uses another template key than the move's own name.
TEMPLATE_KEY = {"resubmit": "submit", "withdraw_acceptance": "not_accept"}


def recipients_for(notify: str, application: Application) -> list[str]:
    if notify == "applicant":
        people = [application.owner, *application.collaborators.all()]
        return sorted({p.email for p in people if p.email})
    if notify == "unit":
        unit = application.unit
        if unit is None:
            return []
        officers = User.objects.filter(unit=unit, role=Role.UNIT_OFFICER, is_active=True)
        emails = {u.email for u in officers if u.email}
        if unit.email:
            emails.add(unit.email)
        return sorted(emails)
    if notify == "office":
        office = User.objects.filter(role=Role.CITY_OFFICE, is_active=True).exclude(email="")
        return sorted(office.values_list("email", flat=True))
    return []


def render_message(key: str, event: ApplicationEvent, application: Application):
    template = EmailTemplate.objects.filter(key=key).first()
    if template is None:
        return None
    from applications.lifecycle import STAGE_OF_STATUS

    stage = STAGE_OF_STATUS.get(event.from_status, application.edition.stage)
    context = Context(
        {
            "application": application.applicant_name or application.reference,
            "reference": application.reference,
            "status": event.get_to_status_display(),
            "reason": event.reason,
            "edition": application.edition.name,
            "stage": Stage(stage).label if stage else "",
            "url": settings.SITE_URL
            + reverse("applications:timeline", kwargs={"pk": application.pk}),
        },
        autoescape=False,
    )
    subject = Template(template.subject).render(context).strip().replace("\n", " ")
    return subject[:200], Template(template.body).render(context)


def queue_notifications(*, event: ApplicationEvent, move, application: Application) -> None:
    """Write the emails of a move into the outbox; send them once the move is committed."""
    if not move.notify:
        return
    rendered = render_message(TEMPLATE_KEY.get(move.name, move.name), event, application)
    if rendered is None:
        return
    subject, body = rendered
    rows = Notification.objects.bulk_create(
        Notification(event=event, recipient=email, subject=subject, body=body)
        for email in recipients_for(move.notify, application)
    )
    send_after_commit([row.pk for row in rows])


def queue_email(*, recipient: str, subject: str, body: str) -> Notification:
    """An email that is no move's (an invitation, a link to verify an address): written to the
    outbox in the caller's transaction and handed to the worker after commit."""
    notification = Notification.objects.create(recipient=recipient, subject=subject, body=body)
    send_after_commit([notification.pk])
    return notification


def send_after_commit(ids: list[int]) -> None:
    """Hand these outbox rows to the worker once the current transaction commits.

    The rows are saved with the transaction whatever the broker does. When the broker cannot
    be reached the rows stay pending and the beat job (send_pending_notifications) sends them
    later; the request that wrote them answers as usual.
    """
    if ids:
        # robust: nothing the hand-over raises may turn a committed write into an error page.
        transaction.on_commit(lambda: _hand_to_worker(ids), robust=True)


def _hand_to_worker(ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    from applications.tasks import send_notifications

    try:
        send_notifications.delay(ids)
    except OperationalError as exc:
        logger.warning(
            "the broker is unreachable (%s); %d emails wait in the outbox", exc, len(ids)
        )


def send_notification(notification_id: int) -> bool:
    """Send one pending email. Returns True when this call sent it."""
    claimed = Notification.objects.filter(
        pk=notification_id,
        state__in=[Notification.State.PENDING, Notification.State.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(
        attempts=F("attempts") + 1, state=Notification.State.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        # The subject is built from what people typed (an organization's name): a line break
        # in it would make the mail library refuse the message (BadHeaderError) on every try.
        send_mail(
            single_line.flatten(notification.subject),
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient],
        )
    except Exception as exc:  # SMTP errors of every kind: keep the row for a retry
        Notification.objects.filter(pk=notification_id).update(
            state=Notification.State.FAILED, last_error=str(exc)[:1000]
        )
        logger.warning("sending notification %s failed: %s", notification_id, exc)
        return False
    Notification.objects.filter(pk=notification_id).update(
        state=Notification.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def pending_notification_ids(*, older_than_seconds: int = 60) -> list[int]:
    """Emails the broker may have lost: pending or failed for a while."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    # A worker that died between claiming a row and sending it leaves it "sending"; after a
    # generous wait it is retried (the only case where an email could go out twice).
    stuck_cutoff = timezone.now() - timedelta(minutes=15)
    Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=stuck_cutoff
    ).update(state=Notification.State.FAILED, last_error="worker stopped while sending")
    return list(
        Notification.objects.filter(
            state__in=[Notification.State.PENDING, Notification.State.FAILED],
            attempts__lt=MAX_ATTEMPTS,
            created_at__lt=cutoff,
        ).values_list("pk", flat=True)[:500]
    )


# --- failed emails, for the city office ---------------------------------------------------------


class NotificationError(Exception):
    """A refused action on the outbox; `message` is Chinese and is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def failed_notifications() -> list[Notification]:
    """The emails whose last try failed, newest first, at most FAILED_SHOWN + 1 of them (the
    page says when there are more). Those under MAX_ATTEMPTS are still retried by the beat
    job; the others wait for the office."""
    return list(
        Notification.objects.filter(state=Notification.State.FAILED)
        .only("recipient", "subject", "attempts", "last_error", "created_at")
        .order_by("-created_at", "-id")[: FAILED_SHOWN + 1]
    )


def resend_notification(*, notification: Notification, actor: User) -> None:
    """Put a failed email back in the outbox with its tries counted afresh; it is sent after
    commit (the beat job sends it if the broker is down)."""
    if actor.role != Role.CITY_OFFICE:
        raise NotificationError(_("只有市质量强市办可以重新发送邮件。"))
    requeued = Notification.objects.filter(
        pk=notification.pk, state=Notification.State.FAILED
    ).update(state=Notification.State.PENDING, attempts=0, claimed_at=None)
    if not requeued:
        raise NotificationError(_("这封邮件已不在发送失败的邮件中（可能已重新发送），请刷新页面。"))
    logger.info("notification %s put back in the outbox by %s", notification.pk, actor.username)
    send_after_commit([notification.pk])
