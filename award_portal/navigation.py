"""What each role sees in the navigation bar.

Every entry names a URL; the roles that see it are the roles the access policy lets reach that
URL (award_portal/access/pages.py), so the menu never offers a page its user may not open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from award_portal import access
from award_portal.access.pages import PAGES


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    @property
    def roles(self) -> frozenset[str]:
        page = PAGES[self.url_name]
        return access.roles_for(page.kind, page.action)


NAV_ITEMS: list[NavItem] = [
    NavItem(_("我的申报"), "applications:dashboard"),
    NavItem(_("初核推荐"), "applications:unit_queue"),
    NavItem(_("评选进度"), "applications:edition_progress"),
    NavItem(_("申报总览"), "applications:office_list"),
    NavItem(_("我的评审"), "review:expert_dashboard"),
    NavItem(_("评审轮次"), "review:round_list"),
    NavItem(_("公示管理"), "publicity:manage_list"),
    NavItem(_("节假日安排"), "publicity:calendar_years"),
    NavItem(_("审议与授奖"), "review:deliberation"),
    NavItem(_("届次管理"), "editions:manage"),
    NavItem(_("审计记录"), "privacy:trails"),
    NavItem(_("后台管理"), "admin:index"),
]


def navigation_for(user) -> list[dict]:
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        page = PAGES[item.url_name]
        if access.may(user, page.action, page.kind):
            items.append({"label": item.label, "url": reverse(item.url_name)})
    return items
