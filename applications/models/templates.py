from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.editions import Edition
from award_portal.documents.docx_templates import KIND_CHOICES
from award_portal.model_fields import reference


def template_upload_to(instance: EditionTemplate, filename: str) -> str:
    return f"word-templates/edition-{instance.edition_id}/{instance.kind}.docx"


class EditionTemplate(models.Model):
    """A Word template the city office made for one edition, used instead of the shipped one
    of its kind (award_portal.documents.docx_templates)."""

    edition = reference(Edition, _("届次"), on_delete=models.CASCADE, related_name="word_templates")
    kind = models.CharField(_("文书"), max_length=30, choices=KIND_CHOICES)
    file = models.FileField(_("Word模板"), upload_to=template_upload_to, max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("Word模板")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="one_word_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_kind_display()}"
