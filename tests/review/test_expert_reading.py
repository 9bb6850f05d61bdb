"""An assigned expert reads the application and its materials; nobody else gets them here."""

import pytest
from django.urls import reverse

from review.models import Assignment
from tests.factories import MaterialFactory, UserFactory
from tests.review.helpers import attest, make_applications, make_pool, open_round


@pytest.fixture
def assignment(review_edition, office):
    application = make_applications(review_edition, organizations=1)[0]
    MaterialFactory(application=application)
    make_pool(review_edition, 5)
    open_round(review_edition, office)
    assignment = Assignment.objects.filter(application=application).first()
    attest(assignment)
    return assignment


def _url(assignment):
    material = assignment.application.materials.get()
    return reverse("review:assignment_material", args=[assignment.pk, material.pk])


@pytest.mark.django_db
def test_assigned_expert_sees_the_form_and_downloads_materials(client, assignment):
    client.force_login(assignment.expert.user)

    page = client.get(reverse("review:assignment_detail", args=[assignment.pk]))
    download = client.get(_url(assignment))

    assert "自评报告.pdf" in page.content.decode()
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_other_expert_and_applicant_cannot_download_through_an_assignment(client, assignment):
    other = Assignment.objects.exclude(expert=assignment.expert).first()
    for user in (other.expert.user, assignment.application.owner, UserFactory()):
        client.force_login(user)

        assert client.get(_url(assignment)).status_code == 404
