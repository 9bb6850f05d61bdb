"""Which characters of a text no installed font can draw.

A name with a character that no font has would come out of a PDF as an empty box, or not at
all, and a certificate or a public notice must never do that silently. The fonts are the
scalable ones fontconfig lists (TrueType and OpenType/CFF, the ones WeasyPrint and the notice
renderer can embed); their character sets are read once, in one `fc-list` call, and kept for
the life of the process (`forget()` reads them again, e.g. after fonts are installed).

Private-use code points (U+E000–U+F8FF and the supplementary private-use planes) are always
refused: a font that has a glyph there draws whatever its maker put there, not a character
anyone else can read back.
"""

from __future__ import annotations

import bisect
import functools
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Characters that are not drawn: controls, format characters and spaces (a line break in a
# notice's body, a zero-width joiner …).
NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
SCALABLE = frozenset({"TrueType", "CFF"})
FIELDS = ("file", "index", "family", "fontformat", "charset")


@dataclass(frozen=True)
class Face:
    """One face of an installed font file and the code points it covers."""

    file: str
    index: int
    families: tuple[str, ...]
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)

    def covers(self, code: int) -> bool:
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]


def _ranges(charset: str) -> list[tuple[int, int]]:
    ranges = []
    for part in charset.split():
        first, _dash, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return sorted(ranges)


def _merge(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return tuple(starts), tuple(ends)


@functools.cache
def installed_faces() -> tuple[Face, ...]:
    """Every scalable face fontconfig knows, with its character set."""
    template = "\t".join(f"%{{{name}}}" for name in FIELDS) + "\n"
    try:
        listing = subprocess.run(
            ["fc-list", "--format", template], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    faces = []
    for line in sorted(listing.splitlines()):
        parts = line.split("\t")
        if len(parts) != len(FIELDS) or parts[3] not in SCALABLE:
            continue
        starts, ends = _merge(_ranges(parts[4]))
        faces.append(
            Face(
                file=parts[0],
                index=int(parts[1] or 0),
                families=tuple(name.strip() for name in parts[2].split(",")),
                starts=starts,
                ends=ends,
            )
        )
    return tuple(faces)


@functools.cache
def _coverage() -> tuple[tuple[int, ...], tuple[int, ...]]:
    return _merge(
        pair for face in installed_faces() for pair in zip(face.starts, face.ends, strict=True)
    )


def is_private_use(char: str) -> bool:
    return unicodedata.category(char) == "Co"


def is_covered(char: str) -> bool:
    """Whether some installed font draws `char` (a character that is not drawn counts)."""
    if unicodedata.category(char) in NOT_DRAWN:
        return True
    if is_private_use(char):
        return False
    starts, ends = _coverage()
    code = ord(char)
    at = bisect.bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


def uncovered(text: str) -> list[str]:
    """The characters of `text` that no installed font can draw, each once, in order."""
    seen: dict[str, None] = {}
    for char in text or "":
        if char not in seen and not is_covered(char):
            seen[char] = None
    return list(seen)


def face_for(char: str, *, prefer: Iterable[str] = ()) -> Face | None:
    """An installed face that draws `char`: the first of the `prefer` families that has it,
    else the first face in fontconfig's list that does."""
    code = ord(char)
    faces = [face for face in installed_faces() if face.covers(code)]
    for family in prefer:
        for face in faces:
            if family in face.families:
                return face
    return faces[0] if faces else None


def describe(chars: Iterable[str]) -> str:
    """The characters as people can find them again: the character, its code point and, if
    Unicode names it, its name."""
    parts = []
    for char in chars:
        name = unicodedata.name(char, "")
        if is_private_use(char):
            name = _("私用区字符")
        elif not name:
            name = _("未分配或不可显示的字符")
        parts.append(f"“{char}”（U+{ord(char):04X} {name}）")
    return "、".join(parts)


def forget() -> None:
    """Read the installed fonts again on the next question."""
    installed_faces.cache_clear()
    _coverage.cache_clear()


def problems(texts: Iterable[tuple[str, str]]) -> list[str]:
    """For each (what, text) with characters no font draws: "what：the characters"."""
    found = []
    for what, text in texts:
        missing = uncovered(text)
        if missing:
            found.append(_("%(what)s含有%(chars)s") % {"what": what, "chars": describe(missing)})
    return found
