"""Real one-time codes for real TOTP devices, as an authenticator app would compute them."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the device's app shows now (or `steps_ahead` time steps later).

    A code is accepted once: a second verification in the same test uses the next step's
    code, which the device's tolerance of one step still accepts.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator for the user, as if they had scanned the QR code."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=step) for step in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in right)
