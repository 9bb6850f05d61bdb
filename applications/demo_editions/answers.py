"""What the demo applicants type into their forms and upload: complete, valid answers of each
category and small real Word and PDF files."""

from __future__ import annotations

from datetime import date
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import MaterialKind
from award_portal.documents import word
from award_portal.documents.pdf import render_pdf

# Codes whose check characters follow GB 32100 (credit codes) and GB 11643 (ID numbers).
CREDIT_CODES = {
    "company": "91510402MA62A3B4C3",  # registered in 东区 (510402)
    "hospital": "52510400MJ1234567A",
    "school": "12510402450000001T",
    "clinic": "52510400MJ76543217",
    "pangang": "91510400MA62B7D8EG",
}
PERSON_ID_NUMBER = "51040219800101123X"
# The demo organizations' names and contacts; each has its credit code above and the address
# <key>@demo.pzh.gov.cn.
ORGANIZATIONS = {
    "company": ("攀枝花钒钛新材料有限公司", "张犇"),
    "hospital": ("攀枝花市中心医院", "黄霞"),
    "clinic": ("攀枝花市妇幼保健院", "陈琳"),
    "school": ("攀枝花市第三高级中学校", "何静"),
}


def _three(prefix: str, *values) -> dict:
    return {f"{prefix}_{i}": str(v) for i, v in enumerate(values, start=1)}


def organization_answers(
    *, unit_pk: int, publicity: tuple[date, date], name: str, code: str, contact: str, email: str
) -> dict:
    """The answers every organization's form shares (the benchmark's seed starts from them too)."""
    start, end = publicity
    return {
        "unit": str(unit_pk),
        "publicity_start": start.isoformat(),
        "publicity_end": end.isoformat(),
        "org_name": name,
        "credit_code": code,
        "legal_representative": "王堃",
        "top_manager": "李喆",
        "established": "2008-05-12",
        "district": "东区",
        "address": "攀枝花市东区炳草岗大街1号",
        "postal_code": "617000",
        "ownership": "private",
        "employees": "356",
        "contact_name": contact,
        "contact_title": "质量部部长",
        "contact_mobile": "13881234567",
        "contact_phone": "0812-3343090",
        "contact_email": email,
        "certifications": ["qms", "ems"],
        "honours": "2022年 四川省质量标杆",
        "profile": f"{name}扎根攀枝花，坚持质量第一、效益优先，"
        "主营业务在全市同行业中处于领先水平。",
        "quality_practice": "推行卓越绩效管理模式，建立全员参与的质量改进机制。",
        "has_accidents": "no",
        "has_major_complaints": "no",
        "has_violations": "no",
        "has_bad_credit": "no",
        "is_branch_body": "no",
        **{f"criterion_{n}": "yes" for n in range(1, 8)},
    }


def _demo_organization(key: str, unit_pk: int, publicity: tuple[date, date]) -> dict:
    """The shared answers of the demo organization `key` (see ORGANIZATIONS)."""
    name, contact = ORGANIZATIONS[key]
    return organization_answers(
        unit_pk=unit_pk,
        publicity=publicity,
        name=name,
        code=CREDIT_CODES[key],
        contact=contact,
        email=f"{key}@demo.pzh.gov.cn",
    )


def company_answers(unit_pk: int, publicity: tuple[date, date]) -> dict:
    return {
        **_demo_organization("company", unit_pk, publicity),
        "sector": "manufacturing",
        "industry": "C",
        "main_products": "钒钛合金、钛白粉",
        "patents": "12",
        **_three("revenue", "1,200.50", 1350, 1500),
        **_three("profit", -20, 80, 120.5),
        **_three("tax", 60, 70, 80),
        **_three("rd_investment", 30, 35, 40),
    }


def hospital_answers(
    unit_pk: int, publicity: tuple[date, date], *, organization: str = "hospital"
) -> dict:
    return {
        **_demo_organization(organization, unit_pk, publicity),
        "ownership": "public_institution",
        "hospital_level": "3a",
        "practice_licence": "45190034-7510402",
        "beds": "1200",
        "bed_occupancy": "92.5",
        "average_stay": "8.1",
        "patient_satisfaction": "96",
        "medical_disputes": "0",
        **_three("revenue", 150000, 160000, 170000),
        **_three("outpatients", 110, 120, 130),
        **_three("discharges", 50000, 52000, 54000),
    }


def clinic_answers(unit_pk: int, publicity: tuple[date, date]) -> dict:
    return hospital_answers(unit_pk, publicity, organization="clinic")


def school_answers(unit_pk: int, publicity: tuple[date, date]) -> dict:
    return {
        **_demo_organization("school", unit_pk, publicity),
        "ownership": "public_institution",
        "school_type": "secondary",
        "teachers": "210",
        "senior_teacher_ratio": "35",
        "graduation_rate": "99.2",
        "satisfaction": "97",
        **_three("funding", 9000, 9500, 9800),
        **_three("enrolment", 3000, 3100, 3200),
    }


def person_answers(unit_pk: int, publicity: tuple[date, date]) -> dict:
    start, end = publicity
    return {
        "unit": str(unit_pk),
        "publicity_start": start.isoformat(),
        "publicity_end": end.isoformat(),
        "name": "吴国强",
        "id_number": PERSON_ID_NUMBER,
        "gender": "male",
        "ethnicity": "汉族",
        "political_status": "cpc",
        "education": "master",
        "quality_years": "22",
        "employer": "攀钢集团有限公司",
        "employer_credit_code": CREDIT_CODES["pangang"],
        "district": "东区",
        "post": "质量总监",
        "title": "正高级工程师",
        "mobile": "13881234568",
        "phone": "0812-3343091",
        "email": "person@demo.pzh.gov.cn",
        "address": "攀枝花市东区向阳村",
        "postal_code": "617000",
        "achievements": "主持建立钒钛产品全流程质量追溯体系，牵头制定行业标准3项。",
        "is_top_manager": "no",
        **{f"criterion_{n}": "yes" for n in range(1, 5)},
        "criterion_5": "na",
    }


# --- files ------------------------------------------------------------------------------------


SELF_ASSESSMENT = "自我评价报告：领导、战略、顾客与市场、资源、过程管理、测量分析与改进、结果。"


@cache
def docx_bytes(text: str = SELF_ASSESSMENT) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    return word.to_bytes(document)


@cache
def pdf_bytes(text: str = "演示材料") -> bytes:
    html = f"<html><body>{text}</body></html>"
    return render_pdf(html, stylesheets=["body { font-family: var(--sans); }"])


def materials() -> list[tuple[str, SimpleUploadedFile]]:
    """The four required materials of an application, as uploads."""
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    pdf = "application/pdf"
    return [
        (MaterialKind.SELF_ASSESSMENT, SimpleUploadedFile("自我评价报告.docx", docx_bytes(), word)),
        (MaterialKind.EVIDENCE, SimpleUploadedFile("证实性材料.pdf", pdf_bytes(), pdf)),
        (MaterialKind.PUBLICITY_PROOF, SimpleUploadedFile("内部公示证明.pdf", pdf_bytes(), pdf)),
        (MaterialKind.RECOMMENDATION, SimpleUploadedFile("推荐意见.pdf", pdf_bytes(), pdf)),
    ]
