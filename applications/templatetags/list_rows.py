"""The rows of the long lists built in Python: a page of 50 rows rendered cell by cell through
template tags costs more than everything else on the page (a lookup, a filter and a
translation per cell). Each tag here translates its fixed words once per page, reverses its
link once (`link_maker`) and joins the rows' markup with `format_html`."""

from __future__ import annotations

from collections.abc import Callable

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from applications.models.applications import STATUS_LABELS

register = template.Library()

_PLACEHOLDER = 2_147_483_647


def link_maker(url_name: str) -> Callable[[int], str]:
    """The URL named `url_name` for a pk, reversed once: its text around the pk is the same for
    every pk."""
    before, after = reverse(url_name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"


def _local(moment, pattern: str) -> str:
    """What the `date` filter shows of `moment` (in the current time zone), or ""."""
    if moment is None:
        return ""
    if hasattr(moment, "tzinfo") and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime(pattern)


def _outcome(value, passed: SafeString, failed: SafeString, unknown: SafeString) -> SafeString:
    if value:
        return passed
    return failed if value is False else unknown


@register.simple_tag
def precheck_rows(
    rows, review_url: str, selectable=False, show_unit=False, ticked=()
) -> SafeString:
    """The <tr>s of a page of the read model's rows (ApplicationRow) in the unit's queue and the
    office's list (applications/unit_precheck_table.html); with `selectable`, a checkbox for
    each submitted application, ticked when its id (as sent, a string) is in `ticked`."""
    ticked = set(ticked or ())
    link = link_maker(review_url)
    choose = _("选择")
    precheck = (
        format_html('<span class="text-success">{}</span>', _("已通过")),
        format_html('<span class="text-danger">{}</span>', _("有问题")),
        format_html('<span class="text-muted">{}</span>', _("未核查")),
    )
    recheck = (
        format_html('<span class="text-success">{}</span>', _("通过")),
        format_html('<span class="text-danger">{}</span>', _("未通过")),
        mark_safe("—"),
    )
    no_paper = format_html('<span class="text-muted">{}</span>', _("未收到"))
    labels = {value: str(label) for value, label in STATUS_LABELS.items()}
    html = []
    for row in rows:
        status = row.application_status
        cells = []
        if selectable:
            box = ""
            if status == "submitted":
                box = format_html(
                    '<input class="form-check-input" type="checkbox" name="ids" value="{}" '
                    'form="bulk-form" aria-label="{} {}"{}>',
                    row.application_id,
                    choose,
                    row.reference,
                    " checked" if str(row.application_id) in ticked else "",
                )
            cells.append(format_html("<td>{}</td>", box))
        cells.append(
            format_html(
                '<td><a href="{}">{}</a></td><td>{}</td><td>{}</td>',
                link(row.application_id),
                row.reference,
                row.applicant_name or "—",
                row.category_name,
            )
        )
        if show_unit:
            cells.append(format_html("<td>{}</td>", row.unit_name or "—"))
        paper = row.paper_copy_received_on
        cells.append(
            format_html(
                '<td><span class="badge text-bg-secondary status-{}">{}</span></td>'
                '<td class="small">{}</td><td>{}</td><td>{}</td><td>{}</td>',
                status,
                labels.get(status, status),
                _local(row.submitted_at, "%Y-%m-%d %H:%M") or "—",
                _outcome(row.precheck_passed, *precheck),
                row.consultation_count,
                _local(paper, "%m-%d") if paper else no_paper,
            )
        )
        if show_unit:
            cells.append(format_html("<td>{}</td>", _outcome(row.acceptance_passed, *recheck)))
        html.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))
    return mark_safe("\n".join(html))


@register.simple_tag
def objection_rows(objections) -> SafeString:
    """The <tr>s of the staff's table of objections (publicity/includes/objection_table.html)."""
    from publicity.models import Objection

    link = link_maker("publicity:objection_detail")
    labels = {value: str(label) for value, label in Objection.Status.choices}
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td></tr>",
        (
            (
                link(o.pk),
                o.reference,
                o.window.title,
                o.entry.display_name,
                o.filer_name,
                _local(o.filed_at, "%Y-%m-%d %H:%M"),
                o.evidence_count,
                labels.get(o.status, o.status),
            )
            for o in objections
        ),
    )


@register.simple_tag
def entry_rows(entries, show_upheld=False) -> SafeString:
    """The <tr>s of a publicity list's entries (publicity/includes/entry_table.html)."""
    upheld = format_html('<span class="badge text-bg-danger">{}</span>', _("异议成立"))

    def cells(entry):
        extra = ""
        if show_upheld:
            extra = format_html("<td>{}</td>", upheld if entry.objection_upheld else "")
        return format_html(
            '<tr><td class="text-center">{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>',
            entry.position,
            entry.display_name,
            entry.category_name,
            entry.unit_name,
            extra,
        )

    return mark_safe("\n".join(cells(entry) for entry in entries))


@register.simple_tag
def trail_rows(rows) -> SafeString:
    """The <tr>s of a page of an audit trail (privacy/trails.html): rows of
    award_portal.privacy.trails.Row."""
    return format_html_join(
        "\n",
        '<tr><td class="text-nowrap">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td class="small text-muted text-break">{}</td></tr>',
        (
            (
                _local(row.at, "%Y-%m-%d %H:%M:%S"),
                row.user or "—",
                row.role or "—",
                row.action,
                row.target or "—",
                row.ip or "—",
                Truncator(row.detail).chars(120),
            )
            for row in rows
        ),
    )
