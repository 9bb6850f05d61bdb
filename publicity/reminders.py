"""Deadline reminders: the city office before a window ends, the recommending units before the
recommendation deadline. Each reminder is sent once, whoever runs the job and how often."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from award_portal.accounts.models import Role, User
from publicity import calendar, selectors
from publicity.emails import office_emails, queue_emails
from publicity.models import DeadlineReminder
from publicity.notice import chinese_date

logger = logging.getLogger(__name__)


def _remind(*, key: str, deadline: date, recipients: list[str], subject: str, body: str) -> bool:
    """Send one reminder once: the unique key and the emails are written in one transaction."""
    if DeadlineReminder.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(
                key=key, deadline=deadline, subject=subject[:200], recipients=len(set(recipients))
            )
            queue_emails(recipients, subject, body)
    except IntegrityError:
        return False  # a concurrent run sent it
    return True


def _workdays_left(today: date, deadline: date) -> int:
    return calendar.workdays_between(today + timedelta(days=1), deadline)


def send_deadline_reminders(*, today: date | None = None) -> int:
    """Remind the city office of windows and the units of the recommendation deadline when
    PUBLICITY_REMINDER_WORKDAYS working days or fewer are left. Returns how many were sent."""
    today = today or timezone.localdate()
    threshold = settings.PUBLICITY_REMINDER_WORKDAYS
    sent = 0
    for window in selectors.windows_for_reminders(today=today):
        try:
            left = _workdays_left(today, window.end_date)
        except calendar.CalendarDataMissing as exc:
            logger.warning("no reminder for window %s: %s", window.pk, exc.message)
            continue
        if left > threshold:
            continue
        end = chinese_date(window.end_date)
        sent += _remind(
            key=f"window:{window.pk}:end:{window.end_date:%Y%m%d}",
            deadline=window.end_date,
            recipients=office_emails(),
            subject=_("公示即将结束：%(title)s") % {"title": window.title},
            body=_("“%(title)s”将于%(end)s结束，尚有%(open)s件异议未办结。")
            % {"title": window.title, "end": end, "open": window.open_objection_count},
        )
    for edition in selectors.editions_with_open_recommendation(today=today):
        deadline = edition.recommendation_deadline
        try:
            left = _workdays_left(today, deadline)
        except calendar.CalendarDataMissing as exc:
            logger.warning("no reminder for edition %s: %s", edition.pk, exc.message)
            continue
        if left > threshold:
            continue
        officers = User.objects.filter(role=Role.UNIT_OFFICER, is_active=True).select_related(
            "unit"
        )
        recipients = {user.email for user in officers if user.email}
        recipients |= {user.unit.email for user in officers if user.unit_id and user.unit.email}
        sent += _remind(
            key=f"edition:{edition.pk}:recommendation:{deadline:%Y%m%d}",
            deadline=deadline,
            recipients=sorted(recipients),
            subject=_("推荐截止日期临近：%(edition)s") % {"edition": edition.name},
            body=_("%(edition)s的推荐材料须于%(deadline)s前报送市质量强市办，请及时完成初核推荐。")
            % {"edition": edition.name, "deadline": chinese_date(deadline)},
        )
    return sent
