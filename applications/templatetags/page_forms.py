"""Markup helpers for pages that show several forms or a chart."""

from django import template

register = template.Library()


@register.filter
def ids(form, name: str):
    """The form with its element ids under `name` (`id_<name>_<field>`), so that two forms of
    one page that share a field name (two reason boxes) never share an id and each label names
    its own box. The field names the form posts stay the same."""
    form.auto_id = f"id_{name}_%s"
    return form


@register.inclusion_tag("includes/chart_table.html")
def chart_table(caption: str, labels, *series):
    """A chart's numbers as a table folded under the chart: one row per label, one column per
    series. `series` alternates a heading and its values; a mapping stands for several series
    (heading: values)."""
    columns = []
    pending = list(series)
    while pending:
        item = pending.pop(0)
        if isinstance(item, dict):
            columns.extend(item.items())
        else:
            columns.append((item, pending.pop(0) if pending else []))
    rows = [
        (label, [values[i] if i < len(values) else "" for _heading, values in columns])
        for i, label in enumerate(labels or [])
    ]
    return {"caption": caption, "headings": [h for h, _values in columns], "rows": rows}
