"""The public objection desk and the city office's publicity pages take hostile input."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from applications.models import Edition
from publicity.models import Objection, PublicityWindow
from tests.badinput.helpers import (
    NUL_REFUSED,
    answered,
    client_file_name,
    hostile,
    multipart,
    valid_objection,
)
from tests.badinput.strategies import hostile_form, hostile_text
from tests.publicity.factories import (
    CityOfficeFactory,
    EntryFactory,
    ObjectionFactory,
    PublishedWindowFactory,
    WindowFactory,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

OBJECTION_FIELDS = ("entry", "filer_name", "filer_identity", "phone", "email", "reasons", "pledge")
WINDOW_FIELDS = (
    "edition",
    "kind",
    "title",
    "document_number",
    "body",
    "start_date",
    "workdays",
    "applications",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def open_window(db):
    window = PublishedWindowFactory()
    return window, EntryFactory(window=window)


@pytest.mark.django_db
def test_objection_with_hostile_values_is_filed_or_explained(open_window, client):
    window, entry = open_window
    url = reverse("publicity:objection_create", args=[window.pk])

    @hostile
    @given(data=hostile_form(OBJECTION_FIELDS), base=st.booleans())
    def file(data, base):
        cache.clear()  # the hourly limit per address is not what is tested here
        if base:
            data = {**valid_objection(entry), **data}
        before = Objection.objects.count()

        response = client.post(url, data)

        assert answered(response) in (302, 400, NUL_REFUSED)
        assert Objection.objects.count() == before + (response.status_code == 302)

    file()


@pytest.mark.django_db
def test_objection_evidence_with_hostile_name_is_filed_or_explained(open_window, client):
    window, entry = open_window
    url = reverse("publicity:objection_create", args=[window.pk])

    @hostile
    @given(name=hostile_text(max_size=120), suffix=st.sampled_from([".png", ".exe", ""]))
    def file(name, suffix):
        cache.clear()
        evidence = SimpleUploadedFile(client_file_name(name + suffix), PNG, "image/png")

        response = client.post(url, {**valid_objection(entry), "evidence": evidence})

        assert answered(response) in (302, 400, NUL_REFUSED)

    file()


@pytest.mark.django_db
def test_objection_with_invalid_utf8_in_multipart_is_filed_or_explained(open_window, client):
    window, entry = open_window
    fields = {name: value.encode() for name, value in valid_objection(entry).items()}
    fields["filer_name"] = b"\xff\xfe\xe8\xb5\xb5"
    fields["reasons"] = b"\xc3\x28 invalid \x80\x80 bytes \xed\xa0\x80 in the reasons"
    body, content_type = multipart(fields, {"evidence": (b"\xff\xfe\x00evil.png", PNG)})

    response = client.generic(
        "POST", reverse("publicity:objection_create", args=[window.pk]), body, content_type
    )

    assert answered(response) in (302, 400, NUL_REFUSED)


@pytest.mark.django_db
def test_objection_lookup_with_hostile_values_is_refused_with_message(open_window, client):
    window, entry = open_window
    ObjectionFactory(entry=entry, window=window)

    @hostile
    @given(data=hostile_form(("reference", "contact")))
    def lookup(data):
        cache.clear()
        response = client.post(reverse("publicity:objection_lookup"), data)

        status = answered(response)

        if data:
            assert status in (400, 404, NUL_REFUSED)
        else:  # an empty body shows the empty form again
            assert status == 400
        if status in (400, 404) and data:
            assert response.context["form"].errors

    lookup()


@pytest.mark.django_db
@pytest.mark.parametrize("existing", [False, True])
def test_window_form_with_hostile_values_saves_or_explains(open_window, client, existing):
    window, entry = open_window
    office = CityOfficeFactory()
    client.force_login(office)
    draft = WindowFactory(edition=window.edition) if existing else None
    url = (
        reverse("publicity:window_edit", args=[draft.pk])
        if existing
        else reverse("publicity:window_create")
    )

    @hostile
    @given(data=hostile_form(WINDOW_FIELDS))
    def post(data):
        response = client.post(url, data)

        # an empty body shows the empty form again
        assert answered(response) in ((302, 400, NUL_REFUSED) if data else (200,))

    post()
    assert Edition.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("objection_investigate", ("note",)),
        ("objection_decide", ("decision", "finding")),
    ],
)
def test_objection_handling_with_hostile_values_saves_or_explains(
    open_window, client, name, fields
):
    window, entry = open_window
    client.force_login(CityOfficeFactory())
    objection = ObjectionFactory(entry=entry, window=window)

    @hostile
    @given(data=hostile_form(fields))
    def post(data):
        response = client.post(reverse(f"publicity:{name}", args=[objection.pk]), data)

        assert answered(response) in (200, 302, 400, NUL_REFUSED)
        Objection.objects.filter(pk=objection.pk).update(status=Objection.Status.RECEIVED)

    post()


@pytest.mark.django_db
def test_window_withdraw_with_hostile_reason_saves_or_explains(db, client):
    client.force_login(CityOfficeFactory())

    @hostile
    @given(reason=hostile_text())
    def post(reason):
        window = PublishedWindowFactory()

        response = client.post(
            reverse("publicity:window_withdraw", args=[window.pk]), {"reason": reason}
        )

        assert answered(response) in (200, 302, 400, NUL_REFUSED)
        window.refresh_from_db()
        withdrawn = window.status == PublicityWindow.Status.WITHDRAWN
        assert withdrawn == (response.status_code == 302 and bool(reason.strip()))
        if not withdrawn:  # one published list per kind: put this one aside
            PublicityWindow.objects.filter(pk=window.pk).update(status=PublicityWindow.Status.DRAFT)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public_list", "objection_list"])
def test_publicity_lists_with_hostile_filters_answer(open_window, client, name):
    client.force_login(CityOfficeFactory())

    @hostile
    @given(params=hostile_form(("page", "status")))
    def get(params):
        response = client.get(reverse(f"publicity:{name}"), params)

        assert answered(response) in (200, NUL_REFUSED)

    get()
