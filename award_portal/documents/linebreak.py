"""Chinese line breaking (避头尾) for the documents drawn without a layout engine.

A line of Chinese text may break between any two characters, with three exceptions that every
typeset page keeps (GB/T 15834 and the W3C's Requirements for Chinese Text Layout):

- a closing punctuation mark (。，、；：？！）」』》 …) never starts a line: it stays with the
  character before it, which moves down with it when the line is full;
- an opening mark (（「『《 …) never ends a line: it goes down with the character after it;
- a run of Latin letters and digits (2023, GB/T, ISO9001) is one word and is not split,
  unless it is wider than a whole line.

WeasyPrint follows these rules through Pango (Unicode line breaking, UAX #14); the publicity
notice, drawn with fpdf2, breaks its lines with `break_lines`.
"""

from __future__ import annotations

from collections.abc import Callable

# Marks that may not start a line (避头): closing brackets and quotes, stops, commas, the
# iteration and prolonged-sound marks, and their Latin forms.
CLOSING = frozenset("。．，、；：？！）］｝〕〉》」』】〗〙”’…‥·・ゝゞ々〃%‰℃,.;:?!)]}")
# Marks that may not end a line (避尾): opening brackets and quotes.
OPENING = frozenset("（［｛〔〈《「『【〖〘“‘([{")
# Characters that join into one word with the letters or digits beside them.
WORD_JOINERS = frozenset("./-_:'%")


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in WORD_JOINERS)


def units(text: str) -> list[str]:
    """`text` cut into the pieces a line may break between: a character with the closing
    marks after it and the opening marks before it, or a Latin word."""
    out: list[str] = []
    opening = ""
    for char in text:
        if opening:
            opening += char
            if char not in OPENING:
                out.append(opening)
                opening = ""
        elif char in OPENING:
            opening = char
        elif out and (
            char in CLOSING
            or (_is_word(char) and char.isalnum() and _is_word(out[-1][-1]))
            or (char in WORD_JOINERS and out[-1][-1].isascii() and out[-1][-1].isalnum())
        ):
            out[-1] += char
        else:
            out.append(char)
    if opening:
        out.append(opening)
    return out


def break_lines(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """`text` as lines no wider than `width` (measured with `char_width`, the width of one
    character), broken by the rules above; a piece wider than a line is broken by
    character."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for unit in units(paragraph):
            size = sum(char_width(c) for c in unit)
            if line and used + size > width:
                lines.append(line)
                line, used = "", 0.0
            if unit.isspace() and not line and lines:
                continue  # a space where a line breaks is not drawn
            if size > width:  # wider than a line on its own: by character
                for char in unit:
                    step = char_width(char)
                    if line and used + step > width:
                        lines.append(line)
                        line, used = "", 0.0
                    line += char
                    used += step
                continue
            line += unit
            used += size
        lines.append(line)
    return lines
