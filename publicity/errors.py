"""The publicity app's refusal: a step that cannot be taken, with a Chinese message saying why."""

from __future__ import annotations


class PublicityError(Exception):
    """A step that cannot be taken; `message` says why, in Chinese."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)
