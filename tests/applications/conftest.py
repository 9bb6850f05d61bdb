import csv
from pathlib import Path

import pytest
from django.conf import settings

from applications.intake import services
from applications.intake.materials import DOCX, PDF
from applications.models import MaterialKind
from tests.applications import helpers
from tests.factories import CategoryFactory, EditionFactory, UserFactory


@pytest.fixture
def open_edition(db):
    """The 3rd edition, open for applications since a few weeks (dates relative to today)."""
    return EditionFactory()


@pytest.fixture
def categories(db):
    rows = csv.DictReader(
        (Path(settings.BASE_DIR) / "fixtures" / "categories.csv").open(encoding="utf-8")
    )
    return {
        row["code"]: CategoryFactory(
            code=row["code"], name=row["name"], kind=row["kind"], order=int(row["order"])
        )
        for row in rows
    }


@pytest.fixture
def org_user(db):
    return UserFactory(
        username="org@example.cn",
        applicant_kind="organization",
        organization_name="攀枝花钒钛精工有限公司",
    )


@pytest.fixture
def person_user(db):
    """Registered with a mobile number before an email address was required; has added one."""
    return UserFactory(
        username="13881234567",
        email="wangzhe@example.cn",
        phone="13881234567",
        applicant_kind="individual",
    )


@pytest.fixture(scope="session")
def pdf_content():
    return helpers.pdf_bytes()


@pytest.fixture
def make_draft(open_edition, categories, unit, org_user, person_user):
    """A draft of a category with valid answers saved (and, if asked, all materials)."""

    def make(code: str = "general", *, owner=None, materials: bool = True, data=None):
        owner = owner or (person_user if code == "individual" else org_user)
        application = services.create_application(
            owner=owner, category=categories[code], edition=open_edition
        )
        services.save_draft(
            application=application,
            actor=owner,
            values=data if data is not None else helpers.valid_data(code, unit.pk),
        )
        if materials:
            attach_all_materials(application, owner)
        return application

    return make


def attach_all_materials(application, owner):
    files = {
        MaterialKind.SELF_ASSESSMENT: ("自我评价报告.docx", helpers.docx_bytes(), DOCX),
        MaterialKind.EVIDENCE: ("证实性材料.pdf", helpers.pdf_bytes("证实性材料"), PDF),
        MaterialKind.PUBLICITY_PROOF: ("公示证明.pdf", helpers.pdf_bytes("公示"), PDF),
        MaterialKind.RECOMMENDATION: ("推荐意见.docx", helpers.docx_bytes("推荐意见"), DOCX),
    }
    for kind, (name, content, content_type) in files.items():
        services.add_material(
            application=application,
            actor=owner,
            kind=kind,
            upload=helpers.upload(name, content, content_type),
        )
