"""The publicity app's emails: written to the portal's outbox in the current transaction and
sent after it commits."""

from __future__ import annotations

from collections.abc import Iterable

from applications import outbox
from applications.models import Notification
from award_portal.accounts.models import Role, User


def office_emails() -> list[str]:
    office = User.objects.filter(role=Role.CITY_OFFICE, is_active=True).exclude(email="")
    return sorted(set(office.values_list("email", flat=True)))


def queue_emails(recipients: Iterable[str], subject: str, body: str) -> list[int]:
    """Write emails into the outbox in the current transaction; send them after commit."""
    rows = Notification.objects.bulk_create(
        Notification(recipient=email, subject=subject[:200], body=body)
        for email in sorted(set(recipients))
        if email
    )
    ids = [row.pk for row in rows if row.pk]
    outbox.send_after_commit(ids)
    return ids
