"""Everything the portal holds about one user, as one zip: `个人信息.json` (the account, the
applications with their form content, materials and history, the e-mails sent to them, the
consents, the login records and the files they downloaded) and the uploaded materials under
`申报材料/<申报编号>/`.

The applications are those the user owns or was invited to. A history shows what the
applicant's own timeline shows (no internal note of the office).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from applications.models import Application, ApplicationEvent, Notification
from award_portal.accounts.models import AuthEvent
from award_portal.privacy.models import ExportRecord, MaterialPurge, PrivacyConsent

JSON_NAME = "个人信息.json"
FILES_DIR = "申报材料"


def _time(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _account(user) -> dict:
    return {
        "用户名": user.username,
        "姓名": user.full_name,
        "电子邮箱": user.email,
        "邮箱已验证": user.has_verified_email,
        "手机号码": user.phone,
        "角色": user.get_role_display(),
        "申报主体": user.get_applicant_kind_display() if user.applicant_kind else "",
        "所在单位": user.organization_name,
        "所属推荐单位": str(user.unit) if user.unit_id else "",
        "注册时间": _time(user.date_joined),
        "最近登录": _time(user.last_login),
    }


def _safe(name: str) -> str:
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|')
    return cleaned.strip() or "file"


def _application(application, archive: zipfile.ZipFile) -> dict:
    materials = []
    for material in application.materials.all():
        path = f"{FILES_DIR}/{application.reference}/{material.pk}-{_safe(material.original_name)}"
        try:
            with material.file.open("rb") as handle:
                archive.writestr(path, handle.read())
        except (FileNotFoundError, OSError, ValueError):
            path = None
        materials.append(
            {
                "材料类型": material.get_kind_display(),
                "原文件名": material.original_name,
                "大小（字节）": material.size,
                "SHA-256": material.sha256,
                "上传时间": _time(material.uploaded_at),
                "压缩包中的文件": path,
            }
        )
    history = [
        {
            "时间": _time(event.at),
            "原状态": event.get_from_status_display(),
            "新状态": event.get_to_status_display(),
            "操作人": event.actor_name,
            "操作人单位": event.actor_unit,
            "理由/意见": event.reason,
        }
        for event in ApplicationEvent.objects.filter(application=application).order_by("at", "id")
    ]
    purges = [
        {"删除时间": _time(p.at), "保存期限（月）": p.months, "已删除的文件": p.files}
        for p in MaterialPurge.objects.filter(application=application)
    ]
    return {
        "申报编号": application.reference,
        "届次": str(application.edition),
        "申报类别": str(application.category),
        "推荐渠道": str(application.unit) if application.unit_id else "",
        "申报组织/个人名称": application.applicant_name,
        "统一社会信用代码/身份证号": application.identifier,
        "状态": application.get_status_display(),
        "创建时间": _time(application.created_at),
        "提交时间": _time(application.submitted_at),
        "申报表内容": application.data,
        "逐项退回意见": application.return_notes,
        "申报材料": materials,
        "已按保存期限删除的材料": purges,
        "办理记录": history,
    }


def personal_data_zip(user) -> bytes:
    applications = (
        Application.objects.filter(Q(owner=user) | Q(collaborators=user))
        .distinct()
        .select_related("edition", "category", "unit")
        .prefetch_related("materials")
        .order_by("created_at", "id")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        addresses = {a for a in (user.email, user.verified_email) if a}
        content = {
            "导出时间": _time(timezone.now()),
            "账户": _account(user),
            "申报": [_application(a, archive) for a in applications],
            "通知邮件": [
                {
                    "收件人": n.recipient,
                    "标题": n.subject,
                    "正文": n.body,
                    "状态": n.get_status_display(),
                    "创建时间": _time(n.created_at),
                    "发送时间": _time(n.sent_at),
                }
                for n in Notification.objects.filter(recipient__in=addresses).order_by("created_at")
            ],
            "个人信息处理同意记录": [
                {
                    "告知书版本": c.version,
                    "同意场合": c.get_occasion_display(),
                    "同意时间": _time(c.at),
                    "IP 地址": c.ip_address,
                }
                for c in PrivacyConsent.objects.filter(user=user).order_by("at", "id")
            ],
            "登录记录": [
                {
                    "时间": _time(e.at),
                    "事件": e.get_kind_display(),
                    "IP 地址": e.ip_address,
                    "浏览器": e.user_agent,
                }
                for e in AuthEvent.objects.filter(user=user).order_by("at", "id")
            ],
            "下载记录": [
                {"时间": _time(r.at), "文件名": r.filename, "地址": r.path}
                for r in ExportRecord.objects.filter(user=user).order_by("at", "id")
            ],
        }
        archive.writestr(JSON_NAME, json.dumps(content, ensure_ascii=False, indent=2, default=str))
    return buffer.getvalue()
