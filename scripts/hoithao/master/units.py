"""Sheets "Đơn vị" and "Thành phần": who is summoned, and in which categories."""

from __future__ import annotations

from hoithao.master.book import MasterBook
from hoithao.master.cells import (
    ROLE_KEYS,
    SUMMONED_NO_KEYS,
    SUMMONED_YES_KEYS,
    cell_text,
    kinds_text,
    lower_first,
    mark_key,
    match_unit_kind,
    parse_int,
    phone_text,
    split_list,
)
from hoithao.master.vocab import (
    CATEGORY_COLUMNS,
    GRASSROOTS_KINDS,
    KIND_DANG_BO_CO_SO,
    MASTER_REQUIRED_COLUMNS,
    SHEET_CATEGORIES,
    SHEET_UNITS,
    UNIT_COLUMNS,
)
from hoithao.models import (
    Category,
    Unit,
)
from hoithao.vn.text import header_key


def read_units(book: MasterBook) -> dict[str, Unit]:
    sheet = SHEET_UNITS
    cols = UNIT_COLUMNS
    units: dict[str, Unit] = {}
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        code, name = v.get("code", "").upper(), v.get("name", "")
        if not code:
            detail = f' (đơn vị "{name}")' if name else ""
            book.fail_row(sheet, row.number, f"thiếu mã đơn vị{detail}")
        if code in units:
            book.fail_row(
                sheet, row.number, f'mã đơn vị "{code}" bị trùng với dòng {units[code].row}'
            )
        if not name:
            book.fail_row(sheet, row.number, f'đơn vị "{code}" thiếu tên đơn vị')
        kind_text = v.get("kind", "")
        kind = match_unit_kind(kind_text)
        if kind is None:
            what = (
                f'loại hình "{kind_text}" không hợp lệ'
                if kind_text
                else (f'đơn vị "{code}" chưa ghi loại hình')
            )
            book.fail_row(sheet, row.number, f"{what}; ghi một trong: {kinds_text()}")
        parent = v.get("parent", "").upper()
        grassroots = kind in GRASSROOTS_KINDS
        if grassroots and parent:
            book.fail_row(
                sheet,
                row.number,
                f'đơn vị "{code}" là {kind} nên để trống cột "{cols["parent"]}" '
                f'(đang ghi "{parent}")',
            )
        if not grassroots and not parent:
            book.fail_row(
                sheet,
                row.number,
                f'đơn vị "{code}" là {kind} nhưng chưa ghi mã đơn vị cấp trên '
                f'ở cột "{cols["parent"]}"',
            )
        mark = v.get("summoned", "")
        folded = mark_key(mark)
        if folded and folded not in SUMMONED_YES_KEYS | SUMMONED_NO_KEYS:
            book.fail_row(
                sheet,
                row.number,
                f'cột "{cols["summoned"]}" ghi "{mark}"; ghi "x" để triệu tập '
                'hoặc "không" để không triệu tập',
            )
        summoned = folded not in SUMMONED_NO_KEYS if grassroots else folded in SUMMONED_YES_KEYS
        units[code] = Unit(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            summoned=summoned,
            email=v.get("email", ""),
            phone=phone_text(row.values.get("phone", "")),
            address=v.get("address", ""),
            row=row.number,
        )
    _check_parents(book, units)
    return units


def _check_parents(book: MasterBook, units: dict[str, Unit]) -> None:
    sheet = SHEET_UNITS
    for unit in units.values():
        if not unit.parent:
            continue
        parent = units.get(unit.parent)
        if parent is None:
            book.fail_row(
                sheet,
                unit.row,
                f'đơn vị "{unit.code}" trực thuộc "{unit.parent}" nhưng không có đơn vị '
                f'nào mã "{unit.parent}"',
            )
        if parent.kind != KIND_DANG_BO_CO_SO:
            book.fail_row(
                sheet,
                unit.row,
                f'đơn vị "{unit.code}" trực thuộc "{parent.code}" nhưng "{parent.code}" là '
                f'{parent.kind}; cột "{UNIT_COLUMNS["parent"]}" phải là mã của một '
                f"{KIND_DANG_BO_CO_SO}",
            )
        if unit.summoned and not parent.summoned:
            book.fail_row(
                sheet,
                unit.row,
                f'đơn vị "{unit.code}" được triệu tập nhưng đơn vị cấp trên "{parent.code}" '
                "ghi không triệu tập",
            )


def read_categories(book: MasterBook) -> dict[str, Category]:
    sheet = SHEET_CATEGORIES
    cols = CATEGORY_COLUMNS
    categories: dict[str, Category] = {}
    kind_owner: dict[str, Category] = {}
    for row in book.table(sheet, cols, MASTER_REQUIRED_COLUMNS[sheet]):
        v = {key: cell_text(value) for key, value in row.values.items()}
        code, name = v.get("code", "").upper(), v.get("name", "")
        if not code:
            detail = f' (thành phần "{name}")' if name else ""
            book.fail_row(sheet, row.number, f"thiếu mã thành phần{detail}")
        if code in categories:
            book.fail_row(
                sheet,
                row.number,
                f'mã thành phần "{code}" bị trùng với dòng {categories[code].row}',
            )
        if not name:
            book.fail_row(sheet, row.number, f'thành phần "{code}" thiếu tên thành phần')
        kinds: list[str] = []
        for part in split_list(v.get("unit_kinds", "")):
            kind = match_unit_kind(part)
            if kind is None:
                book.fail_row(
                    sheet,
                    row.number,
                    f'{lower_first(cols["unit_kinds"])} "{part}" không hợp lệ; '
                    f"ghi một hoặc nhiều loại trong: {kinds_text()}",
                )
            if kind in kind_owner:
                owner = kind_owner[kind]
                book.fail_row(
                    sheet,
                    row.number,
                    f'loại hình "{kind}" đã thuộc thành phần "{owner.code}" (dòng {owner.row})',
                )
            if kind not in kinds:
                kinds.append(kind)
        roles = tuple(
            ROLE_KEYS.get(header_key(part), part) for part in split_list(v.get("valid_roles", ""))
        )
        quota_text = v.get("quota", "")
        try:
            quota = parse_int(row.values.get("quota", ""))
        except ValueError:
            quota = 0
        if quota is not None and quota <= 0:
            book.fail_row(
                sheet,
                row.number,
                f'{lower_first(cols["quota"])} "{quota_text}" không phải là số nguyên dương',
            )
        mark = v.get("invited", "")
        folded = mark_key(mark)
        if folded and folded not in SUMMONED_YES_KEYS | SUMMONED_NO_KEYS:
            book.fail_row(
                sheet,
                row.number,
                f'cột "{cols["invited"]}" ghi "{mark}"; ghi "có" (hoặc để trống) để gửi '
                'giấy mời, "không" để không gửi',
            )
        category = Category(
            code,
            name,
            tuple(kinds),
            roles,
            quota,
            row.number,
            invited=folded not in SUMMONED_NO_KEYS,
        )
        categories[code] = category
        for kind in kinds:
            kind_owner[kind] = category
    return categories
