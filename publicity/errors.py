"""The publicity app's refusal: a step that cannot be taken, with a Chinese message saying why."""

from __future__ import annotations

from award_portal.actions import Refusal


class PublicityError(Refusal):
    """A step that cannot be taken; `message` says why, in Chinese."""
