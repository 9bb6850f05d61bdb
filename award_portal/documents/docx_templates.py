"""The Word documents are filled in from .docx templates (docxtpl: Jinja tags in the text,
`{%tr for %}` for table rows, `{%p if %}` for paragraphs). The portal ships one template per
kind in `word_templates/`, built by `manage.py build_word_templates`; the city office may upload its
own for an edition (EditionTemplate in the admin), which is then used instead.

What each template is given is listed in its kind's `fields` and in the README ("Word
templates"); a template that names something else gets an empty text, never an error.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from award_portal.documents import ooxml

SHIPPED = Path(__file__).resolve().parent / "word_templates"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    filename: str


KINDS = {
    kind.code: kind
    for kind in (
        Kind("form_general", L("申报表（制造业、工程建设业、农业、服务业）"), "form-general.docx"),
        Kind("form_medical", L("申报表（医疗机构）"), "form-medical.docx"),
        Kind("form_education", L("申报表（教育机构）"), "form-education.docx"),
        Kind("form_team", L("申报表（一线班组）"), "form-team.docx"),
        Kind("form_individual", L("申报表（个人）"), "form-individual.docx"),
        Kind("letter", L("初核和推荐意见"), "letter.docx"),
        Kind("round_report", L("评审报告（材料评审、现场评审、陈述答辩）"), "round-report.docx"),
        Kind("deliberation_report", L("综合评审报告"), "deliberation-report.docx"),
    )
}
KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]


class TemplateBroken(Exception):
    """A template that cannot be read or filled in; the message says why, in Chinese."""


BLANK_DATE = "　　　　年　　月　　日"


def day(value) -> str:
    """A date (or a moment, in local time) as official documents write it: 2023年3月1日;
    room to write one by hand when there is none."""
    if value is None:
        return BLANK_DATE
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return _("%(y)d年%(m)d月%(d)d日") % {"y": value.year, "m": value.month, "d": value.day}


def form_kind(category_code: str) -> str:
    return f"form_{category_code}"


def shipped(kind: str) -> Path:
    return SHIPPED / KINDS[kind].filename


def _environment() -> SandboxedEnvironment:
    # An uploaded template is the office's text, not code: a sandbox keeps it from reaching
    # anything but the values it is given.
    return SandboxedEnvironment(autoescape=True)


def fill(source, context: dict) -> bytes:
    """`source` (a path or a file) filled in with `context`, finished (ooxml.finish)."""
    try:
        template = DocxTemplate(source)
        template.render(context, jinja_env=_environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except TemplateError as error:
        raise TemplateBroken(_("模板中的填写标记有误（%(error)s）。") % {"error": error}) from error
    except Exception as error:  # noqa: BLE001 - not a Word file, a broken zip, bad XML
        logger.info("A template could not be read: %r", error)
        raise TemplateBroken(_("这不是一个能打开的 Word（.docx）文件。")) from error
    return ooxml.finish(buffer.getvalue())


def render(kind: str, context: dict, *, override=None) -> bytes:
    """The document of `kind`: from the edition's own template `override` (a FieldFile) when
    there is one and it works, else from the shipped template."""
    if override:
        try:
            with override.open("rb") as handle:
                return fill(io.BytesIO(handle.read()), context)
        except (TemplateBroken, OSError):  # a missing file, or one that no longer fills in
            logger.exception("The edition's %s template failed; the shipped one is used", kind)
    return fill(shipped(kind), context)
