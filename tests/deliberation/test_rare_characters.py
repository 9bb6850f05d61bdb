"""Rare characters on a certificate: a winner's name with a character of the CJK extensions
comes out of the PDF as typed; a character no installed font has stops the issue, by name."""

import subprocess
import tempfile
from datetime import date

import pytest
from django.urls import reverse

from applications.models import Application, Status
from review.certificates import render_certificate_pdf
from review.errors import ReviewError
from review.models import Certificate
from tests.deliberation.helpers import (
    candidate,
    concluded,
    government_approval,
)

# The proposed-winner publicity counts working days: a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-03-02")]

EXTENSION_B = "\U00020000"  # 𠀀
NOBODY_HAS = "\U0010fffd"


def _through_deliberation(edition, office, leader, names):
    winners = [
        candidate(edition, office, name, material=90 - i, onsite=90 - i, individual=True)
        for i, name in enumerate(names)
    ]
    concluded(edition, office, leader)
    return winners


def _rename(application, name: str) -> Application:
    """Test setup: the name changed after the publicity (the notice would have refused it),
    e.g. corrected in the admin, so that only the certificate stands in the way."""
    Application.objects.filter(pk=application.pk).update(applicant_name=name)
    application.refresh_from_db()
    return application


def _pdftotext(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def test_certificate_with_an_extension_character_renders_it(delib_edition, office, leader):
    (winner,) = _through_deliberation(delib_edition, office, leader, [f"王{EXTENSION_B}"])

    government_approval(delib_edition, office)

    certificate = Certificate.objects.get(application=winner)
    assert certificate.holder_name == f"王{EXTENSION_B}"
    assert f"王{EXTENSION_B}" in _pdftotext(render_certificate_pdf(certificate))


def test_certificates_with_a_character_no_font_has_are_refused_naming_it(
    delib_edition, office, leader
):
    kept, odd = _through_deliberation(delib_edition, office, leader, ["王堃", "张三"])
    odd = _rename(odd, f"张{NOBODY_HAS}")

    with pytest.raises(ReviewError) as refused:
        government_approval(delib_edition, office)

    assert (
        f"{odd.reference}“张{NOBODY_HAS}”含有“{NOBODY_HAS}”（U+10FFFD 私用区字符）"
        in refused.value.message
    )
    assert Certificate.objects.count() == 0
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert (statuses[kept.pk], statuses[odd.pk]) == (Status.APPROVED, Status.APPROVED)


def test_government_approval_page_shows_the_refusal(delib_edition, office, leader, client):
    (winner,) = _through_deliberation(delib_edition, office, leader, ["张三"])
    _rename(winner, f"张{NOBODY_HAS}")
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_government_approval"),
        {"document_number": "攀府函〔2023〕88号", "approved_on": date.today().isoformat()},
    )

    assert response.status_code == 400
    assert response.context["approval_form"]["document_number"].value() == "攀府函〔2023〕88号"
    assert "U+10FFFD" in response.content.decode()
    assert Certificate.objects.count() == 0
