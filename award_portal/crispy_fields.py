"""crispy-bootstrap5's field wrappers written out in Python, for the commonest field kinds.

The applicant's edit form has some fifty fields and a score sheet a few dozen; crispy renders
each through bootstrap5/field.html (or radioselect_inline.html, prepended_appended_text.html)
and their includes, which cost more than the rest of either page. These layout objects build
the same HTML (the same up to whitespace; tests/foundation/test_crispy_fields.py compares them)
for text, number, text-area, select, inline-radio, checkbox and appended-text fields in the
default vertical bootstrap5 layout; anything else (hidden or file fields, a horizontal form,
label or field classes, extra attributes, another template) goes to crispy as before.
"""

from __future__ import annotations

from crispy_forms import bootstrap, layout
from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.html import conditional_escape

from award_portal.widgets import attrs_html

PACK = "bootstrap5"


def _plain_context(context) -> bool:
    """The helper settings under which the fast path's HTML is crispy's."""
    return (
        context.get("form_show_labels", True)
        and context.get("form_show_errors", True)
        and context.get("error_text_inline", True)
        and not context.get("help_text_inline", False)
        and "form-horizontal" not in (context.get("form_class") or "")
        and not context.get("label_class")
        and not context.get("field_class")
        and not context.get("tag")
        and not context.get("form_group_wrapper_class")
    )


def _crispy_field(bound, classes: str) -> str:
    """The {% crispy_field field 'class' classes %} tag (it writes the classes into the widget)."""
    widget = bound.field.widget
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    for name in classes.split():
        if name not in widget.attrs["class"].split():
            widget.attrs["class"] += f" {name}"
    return str(bound)


def _label_text(bound) -> str:
    asterisk = '<span class="asteriskField">*</span>' if bound.field.required else ""
    return f"\n{conditional_escape(bound.label)}{asterisk}\n"


def _required(bound) -> str:
    return " requiredField" if bound.field.required else ""


def _errors(bound, tag: str) -> str:
    """layout/field_errors.html (tag span) or the error block of radio_checkbox_select (p)."""
    if not bound.errors:
        return ""
    field_id = getattr(bound.errors, "field_id", "")
    lines = "".join(
        f'\n<{tag} id="error_{number}_{conditional_escape(bound.auto_id)}">'
        f"<strong>{conditional_escape(error)}</strong></{tag}>"
        for number, error in enumerate(bound.errors, start=1)
    )
    shown = conditional_escape(field_id)
    return f'\n<div id="{shown}_error" class="invalid-feedback">{lines}\n</div>'


def _help(bound) -> str:
    """layout/help_text.html"""
    if not bound.help_text:
        return ""
    shown = f'id="{conditional_escape(bound.auto_id)}_helptext" ' if bound.auto_id else ""
    return f'\n<div {shown}class="form-text">{bound.help_text}</div>'


def _css_classes(bound) -> str:
    """field.css_classes, without looking up the errors of a form that has no classes for it."""
    form = bound.form
    if hasattr(form, "error_css_class") or hasattr(form, "required_css_class"):
        return bound.css_classes()
    return ""


def _wrapper(bound, base: str, wrapper_class) -> str:
    extra = f" {conditional_escape(wrapper_class)}" if wrapper_class else ""
    css = _css_classes(bound)
    if css:
        extra += f" {conditional_escape(css)}"
    return f'<div id="div_{conditional_escape(bound.auto_id)}" class="{base}{extra}">'


def _control(bound) -> str:
    invalid = " is-invalid" if bound.errors else ""
    if isinstance(bound.field.widget, forms.Select):
        return _crispy_field(bound, "form-select" + invalid)
    return _crispy_field(bound, "form-control" + invalid)


def field_html(bound, wrapper_class) -> str | None:
    """bootstrap5/field.html for a text, number, text-area, select or checkbox field."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput):
        return None
    if isinstance(widget, forms.CheckboxInput):
        invalid = " is-invalid" if bound.errors else ""
        return (
            '<div class="mb-3">\n'
            + _wrapper(bound, "form-check", wrapper_class)
            + "\n"
            + _crispy_field(bound, "form-check-input" + invalid)
            + f'\n<label for="{conditional_escape(bound.id_for_label)}" '
            f'class="form-check-label{_required(bound)}">{_label_text(bound)}</label>'
            + _errors(bound, "span")
            + _help(bound)
            + "\n</div>\n</div>"
        )
    if widget.use_fieldset:
        return None
    label = ""
    if bound.label:
        target = f'for="{conditional_escape(bound.id_for_label)}"' if bound.id_for_label else ""
        label = (
            f'\n<label {target} class="form-label{_required(bound)}">{_label_text(bound)}</label>'
        )
    return (
        _wrapper(bound, "mb-3", wrapper_class)
        + label
        + "\n"
        + _control(bound)
        + _errors(bound, "span")
        + _help(bound)
        + "\n</div>"
    )


def inline_radios_html(bound, wrapper_class) -> str | None:
    """layout/radioselect_inline.html with radio_checkbox_select.html, inline (radios or
    check boxes)."""
    widget = bound.field.widget
    if not isinstance(widget, forms.RadioSelect):  # a CheckboxSelectMultiple is one too
        return None
    parts = [_wrapper(bound, "mb-3", wrapper_class)]
    if bound.label:
        described = bound.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        parts.append(
            f'\n<fieldset{described}>\n<legend for="{conditional_escape(bound.id_for_label)}" '
            f'class=" fs-6 form-label{_required(bound)}">{_label_text(bound)}</legend>'
        )
    parts.append("\n<div >")
    invalid = " is-invalid" if bound.errors else ""
    name = conditional_escape(bound.html_name)
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    values = widget.format_value(bound.value())
    for group, options, _index in widget.optgroups(bound.html_name, values, attrs):
        if group:
            parts.append(f"\n<strong>{conditional_escape(group)}</strong>")
        for option in options:
            value = conditional_escape(formats.localize(option["value"], use_l10n=False))
            label = conditional_escape(formats.localize(option["label"], use_l10n=False))
            parts.append(
                '\n<div class="form-check form-check-inline">\n'
                f'<input type="{conditional_escape(option["type"])}" '
                f'class="form-check-input{invalid}" name="{name}" value="{value}" '
                f"{attrs_html(option['attrs'])}>\n"
                f'<label for="{conditional_escape(option["attrs"].get("id", ""))}" '
                f'class="form-check-label">\n{label}\n</label>\n</div>'
            )
    parts.append("\n</div>")
    if bound.errors:
        parts.append(_errors(bound, "p"))
    parts.append(_help(bound))
    if bound.label:
        parts.append("\n</fieldset>")
    parts.append("\n</div>")
    return "".join(parts)


def appended_html(bound, wrapper_class, appended) -> str | None:
    """layout/prepended_appended_text.html with appended text only."""
    if isinstance(bound.field.widget, forms.FileInput) or bound.is_hidden:
        return None
    css = _css_classes(bound)
    classes = "mb-3"
    if wrapper_class:
        classes += f" {conditional_escape(wrapper_class)}"
    if bound.errors:
        classes += " has-danger"
    if css:
        classes += f" {conditional_escape(css)}"
    label = ""
    if bound.label:
        label = (
            f'\n<label for="{conditional_escape(bound.id_for_label)}" '
            f'class="form-label{_required(bound)}">{_label_text(bound)}</label>'
        )
    after = f'\n<span class="input-group-text">{conditional_escape(appended)}</span>'
    return (
        f'<div id="div_{conditional_escape(bound.auto_id)}" class="{classes}">'
        + label
        + '\n<div >\n<div class="input-group">\n'
        + _control(bound)
        + (after if appended else "")
        + _errors(bound, "span")
        + "\n</div>"
        + _help(bound)
        + "\n</div>\n</div>"
    )


def _fast(layout_object, form, context, template_pack, write, *args):
    """The bound field for the fast path, or None where crispy must render it."""
    if (
        template_pack != PACK
        or len(layout_object.fields) != 1
        or layout_object.attrs
        or layout_object.template != type(layout_object).template
        or getattr(form, "crispy_field_template", None) is not None
        or not _plain_context(context)
    ):
        return None
    name = layout_object.fields[0]
    if not isinstance(name, str) or name not in form.fields:
        return None
    rendered = getattr(form, "rendered_fields", None)
    if rendered is not None and name in rendered:
        return None
    bound = form[name]
    if bound.is_hidden:
        return None
    html = write(bound, layout_object.wrapper_class, *args)
    if html is None:
        return None
    if rendered is not None:
        rendered.add(name)
    return f"\n{html}\n"


class Field(layout.Field):
    def render(self, form, context, template_pack=PACK, extra_context=None, **kwargs):
        html = None
        if not extra_context and not kwargs:
            html = _fast(self, form, context, template_pack, field_html)
        if html is None:
            return super().render(form, context, template_pack, extra_context, **kwargs)
        return html


class InlineRadios(bootstrap.InlineRadios):
    def render(self, form, context, template_pack=PACK, **kwargs):
        html = None if kwargs else _fast(self, form, context, template_pack, inline_radios_html)
        if html is None:
            return super().render(form, context, template_pack, **kwargs)
        return html


class AppendedText(bootstrap.AppendedText):
    def render(self, form, context, template_pack=PACK, extra_context=None, **kwargs):
        html = None
        if not extra_context and not kwargs and not self.prepended_text and not self.input_size:
            html = _fast(self, form, context, template_pack, appended_html, self.appended_text)
        if html is None:
            return super().render(form, context, template_pack, extra_context, **kwargs)
        return html
