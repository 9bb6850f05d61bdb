"""Factories of the review tests."""

import factory
from factory.django import DjangoModelFactory

from award_portal.accounts.models import Role
from review.models import EditionExpert, ExpertProfile
from tests.factories import UserFactory


class OfficeUserFactory(UserFactory):
    role = Role.CITY_OFFICE
    username = factory.Sequence(lambda n: f"office{n}")


class SupervisorFactory(UserFactory):
    role = Role.SUPERVISOR
    username = factory.Sequence(lambda n: f"supervisor{n}")


class ExpertUserFactory(UserFactory):
    role = Role.EXPERT
    username = factory.Sequence(lambda n: f"expert{n}")


class ExpertProfileFactory(DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(ExpertUserFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    employer = factory.Sequence(lambda n: f"攀枝花学院第{n}研究所")
    specialty = "质量管理"
    industry = "钒钛"
    title = "教授级高级工程师"


class EditionExpertFactory(DjangoModelFactory):
    class Meta:
        model = EditionExpert

    edition = None
    expert = factory.SubFactory(ExpertProfileFactory)
