"""The privacy notice (个人信息处理告知): what the portal collects, why, who reads it, how long
it is kept and what the person may ask. It is versioned: a user agrees to one version, and a
new version is asked for again at the next sign-in (applicants; see consent.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def current_version() -> str:
    return settings.PRIVACY_NOTICE_VERSION


@dataclass(frozen=True)
class NoticeItem:
    what: str
    why: str


def items() -> list[NoticeItem]:
    """What is collected, and why: the notice's table."""
    return [
        NoticeItem(
            _("账户信息：姓名、电子邮箱、手机号码（选填）、所在单位、申报主体"),
            _("开通账户、登录、找回密码，发送受理、退回、公示和评审结果等通知"),
        ),
        NoticeItem(
            _("申报信息：申报表内容（个人申报含身份证号、手机号码、学历、工作经历和主要事迹）"),
            _("按评选通知进行初核推荐、审查受理、专家评审、审议和公示"),
        ),
        NoticeItem(
            _("申报材料：自我评价报告、证实性材料、内部公示证明等上传文件"),
            _("供推荐单位、市质量强市办和评审专家评审"),
        ),
        NoticeItem(
            _("登录和操作记录：时间、IP 地址、浏览器、所做的操作"),
            _("保障账户安全，留存评选过程的审计记录以备监督和复核"),
        ),
    ]


def recipients() -> str:
    return _(
        "您的申报只提供给您选择的推荐单位、市质量强市办、评审专家、评审监督组和领导小组，"
        "用于本届评选。身份证号和手机号码仅向您的推荐单位和市质量强市办完整显示，"
        "评审专家、监督组、领导小组和公示页面只看到部分隐去的号码（如 5101**********1234、"
        "138****5678）。拟表扬名单和获奖名单按评选通知公开组织或个人名称。"
    )


def retention() -> str:
    return _(
        "获奖申报的材料作为评选档案长期保存；未获奖申报的上传材料在届次结束后保存"
        "市质量强市办设定的期限（默认%(months)d个月），期满自动删除，删除情况留有记录。"
        "登录和操作记录至少保存6个月。"
    ) % {"months": settings.MATERIAL_RETENTION_MONTHS}


def rights() -> str:
    return _(
        "您可以在“我的账户”下载平台保存的您的全部个人信息和申报材料，"
        "可以更正账户信息；如需查询、更正或删除其他信息，请联系市质量强市办。"
    )


def notice_context() -> dict:
    """What templates/privacy/includes/notice_body.html shows."""
    return {
        "notice_version": current_version(),
        "notice_items": items(),
        "notice_recipients": recipients(),
        "notice_retention": retention(),
        "notice_rights": rights(),
    }
