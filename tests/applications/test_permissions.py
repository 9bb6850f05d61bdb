import pytest
from django.urls import reverse

from applications.intake import services
from tests.factories import UnitOfficerFactory, UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

PAGES = ["detail", "export_docx", "export_pdf", "edit"]


@pytest.fixture
def submitted(make_draft):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)
    return application


def _download_url(application):
    material = application.materials.first()
    return reverse(
        "applications:material_download",
        kwargs={"pk": application.pk, "material_pk": material.pk},
    )


def test_download_material_owner_gets_the_file_with_its_original_name(client, submitted):
    client.force_login(submitted.owner)

    response = client.get(_download_url(submitted))

    assert response.status_code == 200
    material = submitted.materials.first()
    # PDFs open in the browser; Word files download; neither may be sniffed as anything else.
    expected = "inline" if material.content_type == "application/pdf" else "attachment"
    assert response["Content-Disposition"].startswith(expected)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert material.original_name in response["Content-Disposition"] or (
        "filename*=utf-8" in response["Content-Disposition"].lower()
    )
    assert b"".join(response.streaming_content)[:4] in (b"%PDF", b"PK\x03\x04")


def test_download_material_chosen_unit_may_read(client, submitted, unit):
    client.force_login(UnitOfficerFactory(unit=unit))

    assert client.get(_download_url(submitted)).status_code == 200
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 200


def test_download_material_other_unit_gets_404(client, submitted, other_unit):
    client.force_login(UnitOfficerFactory(unit=other_unit))

    assert client.get(_download_url(submitted)).status_code == 404
    for page in ("detail", "export_docx", "export_pdf"):
        assert client.get(reverse(f"applications:{page}", args=[submitted.pk])).status_code == 404


def test_download_material_other_applicant_gets_404(client, submitted):
    client.force_login(UserFactory(applicant_kind="organization"))

    assert client.get(_download_url(submitted)).status_code == 404
    for page in PAGES:
        assert client.get(reverse(f"applications:{page}", args=[submitted.pk])).status_code == 404


def test_download_material_anonymous_is_sent_to_login(client, submitted):
    response = client.get(_download_url(submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    for page in PAGES:
        page_response = client.get(reverse(f"applications:{page}", args=[submitted.pk]))
        assert page_response.status_code == 302
        assert page_response.url.startswith(reverse("accounts:login"))


def test_unit_does_not_see_a_draft_filed_with_it(client, make_draft, unit):
    draft = make_draft("general")
    client.force_login(UnitOfficerFactory(unit=unit))

    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404
    assert client.get(_download_url(draft)).status_code == 404


def test_materials_are_not_reachable_under_media_url(client, submitted):
    client.force_login(submitted.owner)
    name = submitted.materials.first().file.name

    response = client.get(f"/media-not-served/{name}")

    assert response.status_code == 404


def test_upload_by_other_applicant_is_refused(client, make_draft, pdf_content):
    draft = make_draft("general", materials=False)
    client.force_login(UserFactory(applicant_kind="organization"))

    response = client.post(
        reverse("applications:material_upload", args=[draft.pk]),
        {"kind": "evidence", "files": [_file("x.pdf", pdf_content)]},
    )

    assert response.status_code == 404
    assert draft.materials.count() == 0


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
