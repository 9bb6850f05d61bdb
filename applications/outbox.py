"""The outbox: the emails a move writes, handed to the worker once the move is committed.

The rows are written in the same transaction as the move, so a move and its emails are
saved together or not at all. A task sends them after commit; a beat job picks up whatever
the broker lost (see applications/notifications.py for how one email is sent).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError

from applications import notifications
from applications.models import Application, ApplicationEvent, Notification
from applications.tasks import send_notifications
from award_portal.accounts.models import User
from award_portal.workflow.engine import Move, transition

logger = logging.getLogger(__name__)


def queue_notifications(*, event: ApplicationEvent, move: Move, application: Application) -> None:
    """Write the emails of a move into the outbox; send them once the move is committed."""
    if not move.notify:
        return
    key = notifications.TEMPLATE_KEY.get(move.name, move.name)
    rendered = notifications.render_message(key, event, application)
    if rendered is None:
        return
    subject, body = rendered
    rows = Notification.objects.bulk_create(
        Notification(event=event, recipient=email, subject=subject, body=body)
        for email in notifications.recipients_for(move.notify, application)
    )
    send_after_commit([row.pk for row in rows])


def queue_email(*, recipient: str, subject: str, template: str, context: dict) -> Notification:
    """An email that is no move's (an invitation, a link to verify an address), its body the
    text `template` rendered with `context`: written to the outbox in the caller's transaction
    and handed to the worker after commit."""
    body = render_to_string(template, context)
    notification = Notification.objects.create(recipient=recipient, subject=subject, body=body)
    send_after_commit([notification.pk])
    return notification


def email_account(user: User, *, subject: str, template: str, context: dict) -> Notification | None:
    """queue_email to an account's address, the account as `user` in the context; None for an
    account without an address."""
    if not user.email:
        return None
    context = {"user": user, **context}
    return queue_email(recipient=user.email, subject=subject, template=template, context=context)


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
    try:
        send_notifications.delay(ids)
    except OperationalError as exc:
        logger.warning(
            "the broker is unreachable (%s); %d emails wait in the outbox", exc, len(ids)
        )


def resend_notification(*, notification: Notification, actor: User) -> None:
    """Put a failed email back in the outbox with its tries counted afresh; it is sent after
    commit (the beat job sends it if the broker is down)."""
    transition(notification, "resend", actor)
    logger.info("notification %s put back in the outbox by %s", notification.pk, actor.username)
    send_after_commit([notification.pk])
