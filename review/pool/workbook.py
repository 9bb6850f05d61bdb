"""The expert list workbook: the template the city office downloads and the reading of a
filled-in copy. Reading only parses cells; what the rows mean is decided in services."""

from __future__ import annotations

import zipfile
from dataclasses import asdict, dataclass
from io import BytesIO

from django.core import signing
from django.utils.translation import gettext as _

# The column headers are the file's format, shared by every copy of the template in circulation,
# so they are not translated.
COLUMNS = {
    "姓名": "name",
    "工作单位": "employer",
    "职称": "title",
    "专业领域": "specialty",
    "手机": "phone",
    "邮箱": "email",
}
MAX_BYTES = 2 * 1024 * 1024
# A 2 MB upload may unpack to far more; refuse a workbook whose parts would not fit in this.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 500
MAX_CELL_LENGTH = 300


class WorkbookError(Exception):
    """The upload is not a workbook this import can read; `message` is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SheetRow:
    """One data row as typed in the workbook; `number` is its row number in Excel."""

    number: int
    name: str = ""
    employer: str = ""
    title: str = ""
    specialty: str = ""
    phone: str = ""
    email: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SheetRow:
        fields = {name: str(data.get(name, ""))[:MAX_CELL_LENGTH] for name in COLUMNS.values()}
        return cls(number=int(data["number"]), **fields)


def template_xlsx() -> bytes:
    from openpyxl.worksheet.datavalidation import DataValidation

    from award_portal.documents import excel

    workbook = excel.workbook()
    # The header is the first row: a filled-in copy is read by it.
    sheet = excel.table(
        workbook,
        sheet=workbook.active,
        title=_("评审专家"),
        headers=list(COLUMNS),
        rows=[],
        widths=(10, 30, 18, 18, 16, 28),
    )
    sheet.auto_filter.ref = f"A1:F{MAX_ROWS + 1}"
    # Mobile numbers typed as numbers lose nothing, but as text they never turn into 1.38E+10.
    for row in range(2, MAX_ROWS + 2):
        sheet.cell(row=row, column=5).number_format = "@"
    hint = DataValidation(
        type="textLength",
        operator="equal",
        formula1="11",
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle=_("手机"),
        prompt=_("以 1 开头的 11 位数字"),
    )
    sheet.add_data_validation(hint)
    hint.add(f"E2:E{MAX_ROWS + 1}")
    lines = (
        _("第一行是表头，请勿修改列名；列的顺序可以调整。"),
        _("姓名必填；新建账户还须填写工作单位和邮箱，系统向该邮箱发送设置密码的邮件。"),
        _("手机为以 1 开头的 11 位数字；填写了手机的新账户以手机号码作为登录用户名。"),
        _("已有评审专家账户的，按手机或邮箱对应到该账户，直接加入本届专家库。"),
        _("每次最多导入 %(n)d 行。") % {"n": MAX_ROWS},
    )
    excel.table(
        workbook,
        title=_("填写说明"),
        headers=[_("序号"), _("说明")],
        rows=enumerate(lines, start=1),
        widths=(6, 80),
    )
    return excel.to_bytes(workbook)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "").strip()
    return text[:MAX_CELL_LENGTH]


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError(
            _("文件不是有效的 .xlsx 工作簿，请用导入模板填写后另存为 .xlsx。")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(_("工作簿内容过大，请只保留专家名单后重新上传。"))


def read_rows(*, filename: str, data: bytes) -> list[SheetRow]:
    """The data rows of the first sheet, matched to the columns by their header."""
    if not filename.lower().endswith(".xlsx"):
        raise WorkbookError(_("请上传 .xlsx 格式的 Excel 文件（不支持 .xls、.csv 等格式）。"))
    if not data:
        raise WorkbookError(_("上传的文件是空的。"))
    if len(data) > MAX_BYTES:
        raise WorkbookError(_("文件过大（不超过 2 MB）。"))
    _check_archive(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise WorkbookError(
            _("文件不是有效的 .xlsx 工作簿，请用导入模板填写后另存为 .xlsx。")
        ) from None
    try:
        return _rows_of(workbook.worksheets[0]) if workbook.worksheets else []
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError(_("工作簿无法读取，请用导入模板重新填写。")) from None
    finally:
        workbook.close()


def _rows_of(sheet) -> list[SheetRow]:
    columns: dict[str, int] | None = None
    rows: list[SheetRow] = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        if columns is None:
            columns = _header(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookError(_("一次最多导入 %(n)d 行，请分批导入。") % {"n": MAX_ROWS})
        fields = {
            field: cells[index] if index < len(cells) else "" for field, index in columns.items()
        }
        rows.append(SheetRow(number=number, **fields))
    if columns is None:
        raise WorkbookError(_("工作簿是空的：第一个工作表没有表头和专家名单。"))
    if not rows:
        raise WorkbookError(_("工作簿只有表头，没有专家名单。"))
    return rows


def _header(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header = cell.replace(" ", "").replace("\u3000", "")
        field = COLUMNS.get(header)
        if field is None:
            continue
        if field in columns:
            raise WorkbookError(_("表头中“%(name)s”列出现了两次。") % {"name": header})
        columns[field] = index
    if "name" not in columns:
        raise WorkbookError(
            _("第一行应为表头，且必须有“姓名”列（可用列：%(columns)s）。")
            % {"columns": "、".join(COLUMNS)}
        )
    return columns


# The checked rows travel from the preview to the confirmation inside the page, signed for this
# edition and this user, so what is saved is exactly what was shown and nothing else.
SIGNED_MAX_AGE = 2 * 60 * 60


def _salt(edition_id: int, user_id: int) -> str:
    return f"review.pool.import:{edition_id}:{user_id}"


def sign_rows(rows: list[SheetRow], *, edition_id: int, user_id: int) -> str:
    return signing.dumps(
        [row.as_dict() for row in rows], salt=_salt(edition_id, user_id), compress=True
    )


def unsign_rows(payload: str, *, edition_id: int, user_id: int) -> list[SheetRow]:
    try:
        data = signing.loads(payload, salt=_salt(edition_id, user_id), max_age=SIGNED_MAX_AGE)
        rows = [SheetRow.from_dict(item) for item in data][:MAX_ROWS]
    except signing.SignatureExpired:
        raise WorkbookError(_("预览已超过 2 小时，请重新上传文件。")) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        raise WorkbookError(_("导入数据无效或已被改动，请重新上传文件。")) from None
    if not rows:
        raise WorkbookError(_("导入数据无效或已被改动，请重新上传文件。"))
    return rows
