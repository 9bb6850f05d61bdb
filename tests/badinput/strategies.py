"""Hypothesis strategies of hostile input: what a careless user, a broken client or an attacker
may send to any form of the portal."""

from __future__ import annotations

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"

HOSTILE_STRINGS = (
    "",
    " ",
    "\x00",
    "攀枝花\x00钒钛",
    "\x00" * 20,
    "\x01\x02\x03\x07\x08\x0b\x0c\x0e\x1b\x7f",
    "\u200b\u200e\u202e\ufeff",
    "\ud7ff\ue000\uffff",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "'; DROP TABLE applications_application; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(10)",
    "../../../../etc/passwd",
    "C:\\Windows\\system32",
    "%00%0d%0a",
    "\r\nSet-Cookie: a=b",
    "-1",
    "-99999999999999999999",
    "1e400",
    "NaN",
    "Infinity",
    "99999999999999999999999999999999",
    "0x7fffffff",
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2023年2月30日",
    "𠀀𪚥🀄" * 3,
    "ä" * 300,
    "长" * 5001,
    "x" * 20001,
)

# Characters that PostgreSQL refuses in text, or that are invisible and control the terminal.
CONTROL_CHARACTERS = st.sampled_from(
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\u2028", "\u202e"]
)


def hostile_text(*, max_size: int = 300) -> st.SearchStrategy[str]:
    """Strings that should be refused with a message or saved as typed: never a 500."""
    return st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.text(max_size=max_size),
        st.builds(
            lambda head, control, tail: head + control + tail,
            st.text(max_size=20),
            CONTROL_CHARACTERS,
            st.text(max_size=20),
        ),
    )


def hostile_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(HOSTILE_STRINGS),
    )


def hostile_date() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.tuples(st.integers(-1, 99999), st.integers(-1, 99), st.integers(-1, 99)).map(
            lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
        ),
        st.sampled_from(HOSTILE_STRINGS),
    )


def hostile_value() -> st.SearchStrategy[str]:
    return st.one_of(hostile_text(), hostile_number(), hostile_date())


def hostile_form(field_names) -> st.SearchStrategy[dict[str, str]]:
    """A POST body giving each field a hostile value (some fields may be left out)."""
    names = list(field_names)
    return st.fixed_dictionaries({}, optional={name: hostile_value() for name in names})
