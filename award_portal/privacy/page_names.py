"""The human names of the portal's pages in the audit trails, in the reader's language.

Downloads are named by what they hand out; any other page by its navigation entry. A page
without a name here reads as its URL name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from award_portal.navigation import NAV_ITEMS

DOWNLOADS = {
    "applications:export_docx": _("导出申报表（Word）"),
    "applications:export_pdf": _("导出存档（PDF）"),
    "applications:material_download": _("申报材料"),
    "applications:unit_export": _("初核推荐（Excel）"),
    "applications:unit_letter": _("推荐意见函"),
    "applications:unit_letter_all": _("推荐意见函（全部已推荐）"),
    "applications:office_export": _("申报总览（Excel）"),
    "applications:office_overview_export": _("统计总览（Excel）"),
    "applications:office_acceptance_export": _("受理名单（Excel）"),
    "editions:notice_file": _("征集通知"),
    "editions:word_template": _("申报表 Word 模板"),
    "review:assignment_material": _("申报材料"),
    "review:expert_import_template": _("下载导入模板"),
    "review:round_report_docx": _("评审报告（Word）"),
    "review:round_report_pdf": _("评审报告（PDF）"),
    "review:round_scores_xlsx": _("评分明细（Excel）"),
    "review:feedback_pdf": _("评审反馈报告（PDF）"),
    "review:deliberation_report_docx": _("综合评审报告（Word）"),
    "review:deliberation_report_pdf": _("综合评审报告（PDF）"),
    "review:deliberation_attachment": _("会议纪要或批复文件"),
    "review:edition_statistics_xlsx": _("本届统计（Excel）"),
    "review:certificate_pdf": _("证书（PDF）"),
    "review:deliberation_plaques": _("奖牌刻字清单（Excel）"),
    "publicity:notice_pdf": _("公示文件（PDF）"),
    "publicity:evidence_download": _("异议证据材料"),
    "privacy:my_data": _("下载我的个人信息"),
}

PAGE_NAMES = {item.url_name: item.label for item in NAV_ITEMS} | DOWNLOADS


def page_name(url_name: str) -> str:
    """The page's name in the current language, or its URL name when it has none."""
    name = PAGE_NAMES.get(url_name)
    return str(name) if name is not None else url_name
