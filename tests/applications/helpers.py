"""Real documents and complete answers for the stage 1 tests."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from applications.demo_editions import answers

# Codes whose check characters were computed with GB 32100 / GB 11643 (914403001922038216 is
# a well-known real company's code and confirms the algorithm).
VALID_CREDIT_CODES = (
    "91510400MA6200000B",
    "91510400MA62A3B4C6",
    "52510400MJ1234567A",
    "12510400450000001X",
    "914403001922038216",
)
VALID_ID_NUMBERS = ("11010519491231002X", "51040219800101123X", "510402198506152425")


def register(client, **overrides):
    """Post the registration form of a new organization account (with `overrides`)."""
    data = {
        "email": "new@example.cn",
        "applicant_kind": "organization",
        "full_name": "刘镕",
        "organization_name": "攀枝花新材料有限公司",
        "password1": "Panzhihua-2023!",
        "password2": "Panzhihua-2023!",
        "consent": "on",
        **overrides,
    }
    return client.post(reverse("accounts:register"), data)


def publicity_dates(today: date | None = None) -> tuple[date, date]:
    """A publicity of three calendar weeks that ended a week ago: well over 5 working days."""
    today = today or timezone.localdate()
    return today - timedelta(days=28), today - timedelta(days=7)


def _common(unit_pk: int) -> dict:
    start, end = publicity_dates()
    return {
        "unit": str(unit_pk),
        "publicity_start": start.isoformat(),
        "publicity_end": end.isoformat(),
    }


def _org(unit_pk: int) -> dict:
    """The answers every organization's form shares, as the demo gives them, for this suite's
    own organization."""
    return {
        **answers.organization_answers(
            unit_pk=unit_pk,
            publicity=publicity_dates(),
            name="攀枝花钒钛精工有限公司",
            code="91510400MA62A3B4C6",
            contact="张犇",
            email="quality@example.cn",
        ),
        "profile": "公司主要从事钒钛新材料研发与生产。",
        "quality_practice": "推行“精工”质量管理模式。",
    }


def _demo(answers_of, unit_pk: int, **own) -> dict:
    """The demo's answers to a category's form (`answers_of`), with this suite's organization
    and `own` answers."""
    return {**answers_of(unit_pk, publicity_dates()), **_org(unit_pk), **own}


def valid_data(code: str, unit_pk: int) -> dict:
    """Answers that pass every check of the category's form."""
    if code == "general":
        return _demo(answers.company_answers, unit_pk, main_products="钒钛合金")
    if code == "medical":
        return _demo(answers.hospital_answers, unit_pk, org_name="攀枝花市中心医院")
    if code == "education":
        return _demo(
            answers.school_answers,
            unit_pk,
            org_name="攀枝花市第三高级中学校",
            credit_code="12510400450000001X",
            ownership="public_institution",
        )
    if code == "team":
        data = _org(unit_pk)
        for name in ("established", "employees", "certifications"):
            data.pop(name)
        return {
            **data,
            "team_name": "攀枝花钒钛精工有限公司轧钢车间甲班",
            "team_type": "team",
            "team_established": "2015-03-01",
            "team_leader": "赵镕",
            "member_count": "3",
            "members": "赵镕，班长，高级技师\n钱一，轧钢工，技师\n孙二、质检员、助理工程师",
            "team_projects": "6",
            "economic_benefit": "320",
            "team_achievements": "QC成果获省级一等奖。",
        }
    if code == "individual":
        return {
            **_common(unit_pk),
            "name": "王喆",
            "id_number": "11010519491231002X",
            "gender": "female",
            "education": "master",
            "quality_years": "25",
            "employer": "攀枝花钒钛精工有限公司",
            "employer_credit_code": "91510400MA62A3B4C6",
            "district": "东区",
            "post": "质量总监",
            "title": "正高级工程师",
            "mobile": "13881234567",
            "phone": "0812-3343090",
            "email": "wang@example.cn",
            "address": "攀枝花市东区炳草岗大街1号",
            "postal_code": "617000",
            "achievements": "主持建立全面质量管理体系。",
            "is_top_manager": "no",
            **{f"criterion_{n}": "yes" for n in range(1, 5)},
            "criterion_5": "na",
        }
    raise ValueError(code)


# --- files ------------------------------------------------------------------------------------


def docx_bytes(text: str = "自我评价报告：领导、战略、顾客与市场。") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str = "内部公示证明") -> bytes:
    from weasyprint import HTML

    html = f'<html><body style="font-family: Noto Sans CJK SC">{text}</body></html>'
    return HTML(string=html).write_pdf()


def zip_bomb_docx(megabytes: int = 60) -> bytes:
    """A zip that passes for a .docx and explodes when opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", b"\0" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + (b"PE\x00\x00" + b"\x00" * 200)
)
