"""The project's usual model fields, written once: references to other records
(`reference`, `one_to_one`, `user_reference`, `copy_of`) and the fields only the workflow
moves write (`status_field`, `move_time`).

A reference protects what it points at (records of who decided what must outlive a cleanup),
has no reverse accessor on the target unless the model names one, and is optional in forms
exactly when it may be empty in the database. The fields are the ones Django would build from
the spelled-out arguments, so the migrations do not see them change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


def reference(
    to,
    verbose_name,
    *,
    null: bool = False,
    on_delete=models.PROTECT,
    related_name: str = "+",
    field_class: type[models.ForeignKey] = models.ForeignKey,
    **options,
) -> models.ForeignKey:
    return field_class(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=null,
        blank=null,
        related_name=related_name,
        **options,
    )


def one_to_one(to, verbose_name, *, related_name: str, **options) -> models.OneToOneField:
    """A reference to a record that has at most one of these (its pre-check, its certificate …)."""
    return reference(
        to, verbose_name, related_name=related_name, field_class=models.OneToOneField, **options
    )


def user_reference(verbose_name, **options) -> models.ForeignKey:
    """The user who did something: created, recorded, decided, published …"""
    return reference(settings.AUTH_USER_MODEL, verbose_name, **options)


def copy_of(to, verbose_name, *, related_name: str) -> models.OneToOneField:
    """The key of a table that copies one record per row for reading (a read model): the
    record's own key, the row deleted with it."""
    return one_to_one(
        to, verbose_name, related_name=related_name, on_delete=models.CASCADE, primary_key=True
    )


def status_field(verbose_name, choices, *, default) -> models.CharField:
    """A record's status (or stage): only its workflow's moves change it, never a form."""
    return models.CharField(
        verbose_name, max_length=20, choices=choices, default=default, editable=False
    )


def move_time(verbose_name) -> models.DateTimeField:
    """When a workflow move happened to the record: empty until then, never set by a form."""
    return models.DateTimeField(verbose_name, null=True, blank=True, editable=False)
