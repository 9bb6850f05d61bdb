"""factory_boy factories of the publicity app."""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.models import Status
from award_portal.accounts.models import Role
from publicity import calendar
from publicity.models import (
    CalendarOverride,
    Objection,
    PublicityEntry,
    PublicityWindow,
    WindowKind,
)
from publicity.objections import services as objections
from publicity.windows import services as windows
from tests.factories import ApplicationFactory, EditionFactory, UserFactory


class CityOfficeFactory(UserFactory):
    username = factory.Sequence(lambda n: f"office{n}")
    role = Role.CITY_OFFICE


class SupervisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"supervisor{n}")
    role = Role.SUPERVISOR


class AcceptedApplicationFactory(ApplicationFactory):
    status = Status.ACCEPTED


class CalendarOverrideFactory(DjangoModelFactory):
    class Meta:
        model = CalendarOverride

    day = date(2027, 1, 1)
    kind = CalendarOverride.Kind.HOLIDAY
    name = "元旦"
    source = "国务院办公厅关于2027年部分节假日安排的通知"


class WindowFactory(DjangoModelFactory):
    """A draft window starting today."""

    class Meta:
        model = PublicityWindow

    edition = factory.SubFactory(EditionFactory)
    kind = WindowKind.ACCEPTANCE
    title = factory.Sequence(lambda n: f"第三届攀枝花市政府质量奖受理名单公示（{n}）")
    body = "经审查，下列申报符合条件，予以受理。现予公示。"
    start_date = factory.LazyFunction(timezone.localdate)
    workdays = 5
    end_date = factory.LazyAttribute(lambda w: calendar.add_workdays(w.start_date, w.workdays))
    created_by = factory.SubFactory(CityOfficeFactory)


class PublishedWindowFactory(WindowFactory):
    """A published window (without its PDF; the publish service renders that)."""

    status = PublicityWindow.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    published_by = factory.SelfAttribute("created_by")


class EndedWindowFactory(PublishedWindowFactory):
    """A published window whose end has passed, not closed by the beat job yet."""

    start_date = date(2023, 2, 15)
    end_date = date(2023, 2, 21)


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = PublicityEntry

    window = factory.SubFactory(PublishedWindowFactory)
    application = factory.SubFactory(
        AcceptedApplicationFactory, edition=factory.SelfAttribute("..window.edition")
    )
    position = factory.Sequence(lambda n: n + 1)
    display_name = factory.SelfAttribute("application.applicant_name")
    category_name = factory.SelfAttribute("application.category.name")
    unit_name = factory.SelfAttribute("application.unit.name")


class ObjectionFactory(DjangoModelFactory):
    class Meta:
        model = Objection

    entry = factory.SubFactory(EntryFactory)
    window = factory.SelfAttribute("entry.window")
    reference = factory.Sequence(lambda n: f"YY20230216-T{n:05d}")
    filer_name = "张三"
    filer_identity = "510402198001011234"
    phone = "13800000000"
    email = "zhangsan@example.cn"
    reasons = "该企业近三年内发生过一般质量安全事故，不符合申报条件。"


def acceptance_window(
    applications, *, actor, title="受理名单公示", body="现予公示。"
) -> PublicityWindow:
    """A draft acceptance list of `applications` (of one edition), made the way the city office
    makes it: five working days from today."""
    return windows.create_window(
        edition=applications[0].edition,
        kind=WindowKind.ACCEPTANCE,
        title=title,
        body=body,
        start_date=timezone.localdate(),
        workdays=5,
        applications=applications,
        actor=actor,
    )


def published_acceptance_window(
    applications, *, actor, title="受理名单公示", body="现予公示。"
) -> PublicityWindow:
    """An acceptance list of `applications`, made and published by `actor`."""
    window = acceptance_window(applications, actor=actor, title=title, body=body)
    return windows.publish_window(window=window, actor=actor)


OBJECTION_DETAILS = {
    "filer_name": "王五",
    "filer_identity": "某公司",
    "phone": "13800000000",
    "email": "",
    "reasons": "理由理由理由理由理由",
}


def file_objection(entry, *, window=None, **details) -> Objection:
    """An objection to `entry` filed through the service, as a member of the public files it on
    `window` (the entry's own by default); `details` replace those of OBJECTION_DETAILS."""
    return objections.file_objection(
        window=window or entry.window, entry=entry, **(OBJECTION_DETAILS | details)
    )
