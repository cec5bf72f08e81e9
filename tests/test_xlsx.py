"""The .xlsx writer (export/xlsx.py), read back with openpyxl and pandas as users' tools read it."""
from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from kommunkollen.export.xlsx import MAX_CELL_CHARS, column_letter, write_workbook

HEADER = ["name", "kronor", "share", "ok", "note"]
ROWS = [
    ["Kultur- & fritidsnämnden <KFN>", 1_250_000, 0.25, True, None],
    ["  leading and trailing  ", -3, 1e-7, False, "rad ett\nrad två"],
    ["ctrl\x00\x07char\x1f", 12_345_678_901, 2.5, True, "x" * (MAX_CELL_CHARS + 50)],
    ["", 0, float("nan"), None, "\ud800lone surrogate"],
]


def _book(tmp_path, sheets):
    dst = tmp_path / "book.xlsx"
    write_workbook(dst, sheets)
    return dst


def test_xlsx_cells_keep_their_types_and_text(tmp_path):
    dst = _book(tmp_path, [("amounts", HEADER, [22, 12, 12, 12, 60], ROWS)])
    assert zipfile.ZipFile(dst).testzip() is None
    sheet = openpyxl.load_workbook(dst).active
    assert sheet.title == "amounts"
    assert [c.value for c in sheet[1]] == HEADER and all(c.font.b for c in sheet[1])
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_col=len(HEADER))]
    assert values[0] == ["Kultur- & fritidsnämnden <KFN>", 1_250_000, 0.25, True, None]
    assert values[1] == ["  leading and trailing  ", -3, 1e-7, False, "rad ett\nrad två"]
    # characters XML forbids go, an over-long cell is cut to Excel's limit; big integers stay exact
    assert values[2][:4] == ["ctrlchar", 12_345_678_901, 2.5, True] and len(values[2][4]) == MAX_CELL_CHARS
    # empty strings and NaN are empty cells, not "" or an unreadable file
    assert values[3] == [None, 0, None, None, "lone surrogate"]
    assert [type(v) for v in values[0][:4]] == [str, int, float, bool]


def test_xlsx_layout_frozen_header_filter_and_widths(tmp_path):
    dst = _book(tmp_path, [("amounts", HEADER, [22, 12, 12, 12, 60], ROWS)])
    sheet = openpyxl.load_workbook(dst).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E5"
    assert [sheet.column_dimensions[c].width for c in "ABCDE"] == [22, 12, 12, 12, 60]


def test_xlsx_several_sheets_and_pandas_reads_them(tmp_path):
    first = [[f"r{i}", i] for i in range(3)]
    second = [["r3", 3]]
    dst = _book(tmp_path, [("documents", ["id", "n"], [22, 12], first),
                           ("documents (2)", ["id", "n"], [22, 12], second)])
    frames = pd.read_excel(dst, sheet_name=None)
    assert list(frames) == ["documents", "documents (2)"]
    assert frames["documents"]["n"].tolist() == [0, 1, 2] and frames["documents (2)"]["id"].tolist() == ["r3"]
    assert openpyxl.load_workbook(dst)["documents (2)"].auto_filter.ref == "A1:B2"


def test_xlsx_same_rows_same_bytes_and_empty_table(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(a, [("t", HEADER, [12] * 5, ROWS)])
    write_workbook(b, [("t", HEADER, [12] * 5, ROWS)])
    assert a.read_bytes() == b.read_bytes()
    write_workbook(a, [("t", HEADER, [12] * 5, [])])
    sheet = openpyxl.load_workbook(a).active
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 1


def test_xlsx_failure_leaves_neither_workbook_nor_temporary_file(tmp_path):
    dst = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError):
        write_workbook(dst, [("t", ["a", "b"], [12, 12], [["only one cell"]])])
    assert list(tmp_path.iterdir()) == []


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
