"""factory_boy factories shared by every test module."""

from datetime import timedelta

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.models import (
    Application,
    Category,
    Edition,
    Material,
    MaterialKind,
    PrecheckReview,
    RecommendingUnit,
)
from award_portal.accounts.models import Role, User

PASSWORD = "Quality-Award-2023"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = RecommendingUnit
        django_get_or_create = ("name",)

    kind = RecommendingUnit.Kind.COUNTY
    name = factory.Sequence(lambda n: f"测试区{n}")
    email = factory.Sequence(lambda n: f"unit{n}@example.cn")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    # Verified unless a test says otherwise (verified_email="").
    verified_email = factory.LazyAttribute(lambda u: u.email)
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def _consent(obj, create, extracted, **kwargs):
        """Applicants agreed to the current privacy notice unless a test says `_consent=False`."""
        if create and extracted is not False and obj.role == Role.APPLICANT:
            from award_portal.privacy.models import PrivacyConsent

            if not PrivacyConsent.objects.filter(user=obj).exists():
                PrivacyConsent.objects.create(
                    user=obj,
                    username=obj.username,
                    version=settings.PRIVACY_NOTICE_VERSION,
                    occasion=PrivacyConsent.Occasion.REGISTRATION,
                )


class UnitOfficerFactory(UserFactory):
    role = Role.UNIT_OFFICER
    unit = factory.SubFactory(UnitFactory)


class AdministratorFactory(UserFactory):
    """A system administrator, staff and superuser of the admin site."""

    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = "general"
    name = "制造业、工程建设业、农业、服务业"
    kind = "organization"
    order = 1


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("number",)

    number = 3
    name = "第三届攀枝花市政府质量奖"
    period_label = "2022—2023年度"
    notice_title = "关于开展第三届攀枝花市政府质量奖评选工作的通知"
    notice_text = "评选范围……"
    # Relative to the test's clock (see tests/conftest.py): submission opened 25 days ago and
    # recommendations are due in 25 days.
    notice_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    applications_open = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=25))
    recommendation_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=25)
    )
    is_current = True


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    edition = factory.SubFactory(EditionFactory)
    category = factory.SubFactory(CategoryFactory)
    owner = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    reference = factory.Sequence(lambda n: f"PZH3-{n:05d}")
    applicant_name = factory.Sequence(lambda n: f"攀枝花测试企业{n}有限公司")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Created as the intake service creates it: with its row in the lists' read model."""
        from applications.readmodel import refresh_application_rows

        application = super()._create(model_class, *args, **kwargs)
        refresh_application_rows([application.pk])
        return application


class MaterialFactory(DjangoModelFactory):
    """A self-assessment PDF uploaded by the application's owner, stored as it is (setup only:
    none of the upload's checks run)."""

    class Meta:
        model = Material

    application = factory.SubFactory(ApplicationFactory)
    kind = MaterialKind.SELF_ASSESSMENT
    original_name = "自评报告.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda material: len(material.content))
    sha256 = "0" * 64
    uploaded_by = factory.LazyAttribute(lambda material: material.application.owner)
    file = factory.LazyAttribute(
        lambda m: ContentFile(m.content, name=f"{m.application.pk}-{m.original_name}")
    )

    class Params:
        content = PDF_BYTES


class PrecheckReviewFactory(DjangoModelFactory):
    """A unit's pre-check that passed all four checks."""

    class Meta:
        model = PrecheckReview

    application = factory.SubFactory(ApplicationFactory)
    completeness_ok = True
    authenticity_ok = True
    accuracy_ok = True
    legality_ok = True
    checked_by = factory.SubFactory(UnitOfficerFactory)
    checked_at = factory.LazyFunction(timezone.now)
