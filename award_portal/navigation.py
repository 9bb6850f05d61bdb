"""What each role sees in the navigation bar.

Every entry names a URL and the roles that may use it, so the menu and the permission checks
of the pages it points at can be compared (tests/foundation/test_navigation.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from award_portal.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


ALL_STAFF = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN})

NAV_ITEMS: list[NavItem] = [
    NavItem(_("我的申报"), "applications:dashboard", frozenset({Role.APPLICANT})),
    NavItem(_("初核推荐"), "applications:unit_queue", frozenset({Role.UNIT_OFFICER})),
    NavItem(_("评选进度"), "applications:edition_progress", ALL_STAFF | {Role.LEADER}),
    NavItem(_("申报总览"), "applications:office_list", ALL_STAFF | {Role.LEADER}),
    NavItem(_("我的评审"), "review:expert_dashboard", frozenset({Role.EXPERT})),
    NavItem(_("评审轮次"), "review:round_list", ALL_STAFF),
    NavItem(_("公示管理"), "publicity:manage_list", ALL_STAFF),
    NavItem(_("节假日安排"), "publicity:calendar_years", ALL_STAFF),
    NavItem(_("审议与授奖"), "review:deliberation", ALL_STAFF | {Role.LEADER}),
    NavItem(_("届次管理"), "editions:manage", frozenset({Role.CITY_OFFICE})),
    NavItem(_("后台管理"), "admin:index", frozenset({Role.ADMIN})),
]


def navigation_for(user) -> list[dict]:
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if user.role not in item.roles:
            continue
        items.append({"label": item.label, "url": reverse(item.url_name)})
    return items
