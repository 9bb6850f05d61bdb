"""The last pass over every .docx the portal writes: tables that every word processor lays out
alike, and properties in the order the OOXML schema (ECMA-376, wml.xsd) gives them.

Word reads a table's column widths from its cells (w:tcW), LibreOffice and WPS from its grid
(w:tblGrid): `finish` makes the two agree, fixes the layout (w:tblLayout fixed) and keeps every
row on one page (w:cantSplit). Word answers properties written out of their schema sequence
with a repair prompt, and a template the city office edits by hand may hold anything: `finish`
puts the children of the elements in `SEQUENCES` back in order.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# The child sequences of ECMA-376 Part 1 (wml.xsd) for the elements the portal writes.
# fmt: off
SEQUENCES: dict[str, tuple[str, ...]] = {
    "rPr": (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
        "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath", "rPrChange",
    ),
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
        "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
        "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
        "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
        "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
    ),
    # The schema lets w:trPr hold its children in any order; this is the order Word writes.
    "trPr": (
        "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
        "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
    ),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
        "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns",
        "cellDel", "cellMerge", "tcPrChange",
    ),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tcBorders": (
        "top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br",
        "tr2bl",
    ),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tbl": ("bookmarkStart", "tblPr", "tblGrid", "tr"),
    "tr": ("tblPrEx", "trPr", "tc"),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
        "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
        "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange",
    ),
    "style": (
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
        "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
        "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
    ),
}
# fmt: on
# A header or a footer reference may come in any order among its kind at the start.
SAME_PLACE = {"sectPr": {"footerReference": "headerReference"}}

PARTS = ("word/document.xml", "word/styles.xml")
A4 = (11906, 16838)  # twentieths of a point


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _rank(parent: str, child) -> int:
    sequence = SEQUENCES[parent]
    name = SAME_PLACE.get(parent, {}).get(_local(child), _local(child))
    return sequence.index(name) if name in sequence else len(sequence)


def out_of_order(root) -> list[str]:
    """Where `root` holds children out of their schema sequence, e.g. "tcPr: shd before tcW"."""
    problems = []
    for parent in root.iter(*(w(name) for name in SEQUENCES)):
        name = _local(parent)
        ranks = [(_rank(name, child), _local(child)) for child in parent if _local(child)]
        for (before, first), (after, second) in zip(ranks, ranks[1:], strict=False):
            if after < before:
                problems.append(f"{name}: {first} before {second}")
    return problems


def reorder(root) -> None:
    """Put the children of every element of `SEQUENCES` in their schema order (stable)."""
    for parent in root.iter(*(w(name) for name in SEQUENCES)):
        name = _local(parent)
        children = [child for child in parent if _local(child)]
        ordered = sorted(children, key=lambda child: _rank(name, child))
        if ordered != children:
            for child in children:
                parent.remove(child)
            parent.extend(ordered)


def _child(parent, name: str):
    found = parent.find(w(name))
    if found is None:
        found = etree.SubElement(parent, w(name))
    return found


def _span(cell) -> int:
    span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
    return int(span.get(w("val"))) if span is not None else 1


def _cell_width(cell) -> int | None:
    width = cell.find(f"{w('tcPr')}/{w('tcW')}")
    if width is None or width.get(w("type"), "dxa") != "dxa":
        return None
    return int(float(width.get(w("w"), "0"))) or None


def _grid_from_cells(table, columns: int) -> list[int] | None:
    """Column widths read off the first row whose cells each span one column and say their
    width; None when no row does."""
    for row in table.iterfind(w("tr")):
        cells = row.findall(w("tc"))
        widths = [_cell_width(cell) for cell in cells]
        if len(cells) == columns and all(_span(cell) == 1 for cell in cells) and all(widths):
            return widths
    return None


def fix_table(table) -> None:
    """Fixed layout, a grid that agrees with the cells, every row kept on one page."""
    properties = table.find(w("tblPr"))
    if properties is None:
        properties = etree.Element(w("tblPr"))
        table.insert(0, properties)
    _child(properties, "tblLayout").set(w("type"), "fixed")
    grid = table.find(w("tblGrid"))
    columns = grid.findall(w("gridCol")) if grid is not None else []
    read = _grid_from_cells(table, len(columns)) if columns else None
    if read:
        for column, width in zip(columns, read, strict=True):
            column.set(w("w"), str(width))
    widths = [int(float(column.get(w("w"), "0"))) for column in columns]
    total = sum(widths)
    if total:
        width = _child(properties, "tblW")
        width.set(w("w"), str(total))
        width.set(w("type"), "dxa")
    for row in table.iterfind(w("tr")):
        row_properties = row.find(w("trPr"))
        if row_properties is None:
            row_properties = etree.Element(w("trPr"))
            row.insert(1 if row.find(w("tblPrEx")) is not None else 0, row_properties)
        _child(row_properties, "cantSplit")
        position = 0
        for cell in row.iterfind(w("tc")):
            span = _span(cell)
            if widths and position + span <= len(widths):
                cell_properties = _child(cell, "tcPr")
                if cell.index(cell_properties) != 0:
                    cell.remove(cell_properties)
                    cell.insert(0, cell_properties)
                cell_width = _child(cell_properties, "tcW")
                cell_width.set(w("w"), str(sum(widths[position : position + span])))
                cell_width.set(w("type"), "dxa")
            position += span


def _fix_part(data: bytes, name: str) -> bytes:
    root = etree.fromstring(data)
    if name == "word/document.xml":
        for table in root.iter(w("tbl")):
            fix_table(table)
        for size in root.iter(w("pgSz")):
            landscape = size.get(w("orient")) == "landscape"
            width, height = (A4[1], A4[0]) if landscape else A4
            size.set(w("w"), str(width))
            size.set(w("h"), str(height))
    reorder(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _is_xml_part(name: str) -> bool:
    return name in PARTS or (
        name.startswith(("word/header", "word/footer")) and name.endswith(".xml")
    )


def finish(docx: bytes) -> bytes:
    """`docx` with its tables fixed, its pages A4 and its properties in schema order."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if _is_xml_part(info.filename):
                data = _fix_part(data, info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return buffer.getvalue()


def problems_in(docx: bytes) -> list[str]:
    """Every schema-order problem of the XML parts of `docx`, named with its part."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    problems = []
    for name in source.namelist():
        if _is_xml_part(name):
            root = etree.fromstring(source.read(name))
            problems += [f"{name}: {problem}" for problem in out_of_order(root)]
    return problems
