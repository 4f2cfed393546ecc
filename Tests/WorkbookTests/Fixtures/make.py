#!/usr/bin/env python3
"""Makes the Workbook test fixtures. Run once; the outputs are committed, and the tests never run Python.

    pip install openpyxl msoffcrypto-tool      # and, for .xls and the second writer:
    apt-get install -y libreoffice-calc
    python3 make.py

For every openpyxl- or LibreOffice-written workbook NAME.xlsx it writes NAME.expected.json: openpyxl's
own reading of every worksheet (read-only, data_only), each cell as
    null | ["s", text] | ["n", number] | ["b", bool] | ["d", "YYYY-MM-DD[ HH:MM:SS]" or "HH:MM:SS"]
with merged ranges filled from their top-left cell (what the Swift reader promises; openpyxl itself
leaves them empty). handmade.xlsx is zipped from hand-written XML; its expectations live in the test.
"""

import datetime
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


# MARK: - Expectations


def encode(value):
    """One cell as the test reads it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, (int, float)):
        return ["n", value]
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return ["d", value.strftime("%Y-%m-%d")]
        rounded = value + datetime.timedelta(microseconds=500_000)
        return ["d", rounded.strftime("%Y-%m-%d %H:%M:%S")]
    if isinstance(value, datetime.date):
        return ["d", value.strftime("%Y-%m-%d")]
    if isinstance(value, datetime.time):
        return ["d", value.strftime("%H:%M:%S")]
    if isinstance(value, str):
        return ["s", value]
    raise TypeError(f"unexpected cell value {value!r}")


def write_expected(name):
    """openpyxl's reading of NAME.xlsx, merged ranges filled, as NAME.expected.json."""
    source = path(name + ".xlsx")
    values = load_workbook(source, read_only=True, data_only=True)
    full = load_workbook(source, data_only=True)  # for the merged ranges and sheet states
    sheets = []
    for sheet in values.worksheets:
        rows = [list(map(encode, row)) for row in sheet.iter_rows(
            min_row=1, max_row=sheet.max_row or 1, min_col=1, max_col=sheet.max_column or 1, values_only=True)]
        other = full[sheet.title]
        for merged in other.merged_cells.ranges:
            while len(rows) < merged.max_row:
                rows.append([])
            anchor_row = rows[merged.min_row - 1]
            anchor = anchor_row[merged.min_col - 1] if merged.min_col - 1 < len(anchor_row) else None
            for row_index in range(merged.min_row - 1, merged.max_row):
                row = rows[row_index]
                while len(row) < merged.max_col:
                    row.append(None)
                for column_index in range(merged.min_col - 1, merged.max_col):
                    row[column_index] = anchor
        sheets.append({"name": sheet.title, "hidden": other.sheet_state != "visible", "rows": rows})
    document = {"uses1904Dates": values.epoch == CALENDAR_MAC_1904, "sheets": sheets}
    with open(path(name + ".expected.json"), "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=1)
    values.close()


# MARK: - openpyxl workbooks


def make_plain():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["name", "quantity", "price", "amount", "active", "note"])
    sheet.append(["Alice", 3, 19.99, 59.97, True, "plain"])
    sheet.append(["Bob", -2, -3.5, 7, False, "comma, inside"])
    sheet.append(["Carol", 0, 0.05, 73865168.93, None, 'a "quoted" word'])
    sheet.append(["张三", 1500000, 1e-05, 0.000123, True, "two\nlines"])
    sheet.append(["Dan", 123456789012345, 2.5, 1 / 3, None, None])
    sheet.append([None, None, None, None, None, None])  # an empty row in the middle
    sheet.append(["Eve", None, 7.25, None, None, "gap before"])
    sheet.append(["trailing", 1, None, None, None, None])
    workbook.save(path("plain.xlsx"))


def make_multisheet():
    workbook = Workbook()
    orders = workbook.active
    orders.title = "订单"
    orders.append(["订单编号", "客户名称", "销售额"])
    orders.append(["SO001", "华东贸易有限公司", 12500.5])
    orders.append(["SO002", "南方科技", 8800])
    deals = workbook.create_sheet("商机")
    deals.append(["商机名称", "阶段", "预计金额"])
    deals.append(["年度框架", "谈判", 300000])
    follow = workbook.create_sheet("跟进记录")
    follow.append(["日期", "内容"])
    follow.append([datetime.date(2024, 3, 1), "电话沟通"])
    follow.append([datetime.datetime(2024, 3, 2, 14, 30), "上门拜访"])
    targets = workbook.create_sheet("销售目标")
    targets.append(["销售员", "季度", "目标"])
    targets.append(["王五", "Q1", 1000000])
    hidden = workbook.create_sheet("隐藏")
    hidden.append(["secret", 42])
    hidden.sheet_state = "hidden"
    chart_sheet = workbook.create_chartsheet("图表")  # no cell grid: not among the sheets
    chart = BarChart()
    chart.add_data(Reference(orders, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    chart_sheet.add_chart(chart)
    workbook.save(path("multisheet.xlsx"))


def make_title_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "销售明细"
    sheet.append(["2024年第一季度销售明细"])
    sheet.merge_cells("A1:E1")
    sheet.append(["订单日期", "客户", "产品", "数量", "金额"])
    sheet.append([datetime.date(2024, 1, 5), "甲公司", "产品A", 10, 1000])
    sheet.append([datetime.date(2024, 2, 6), "乙公司", "产品B", 5, 750.5])
    sheet.append([datetime.date(2024, 3, 7), "丙公司", "产品C", 2, 99.9])
    sheet.append(["合计", None, None, 17, 1850.4])
    sheet.append([None, None, None, None, None])
    sheet.append(["制表人：李四"])
    for row in sheet.iter_rows(min_row=3, max_row=5, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    workbook.save(path("title_row.xlsx"))


def make_merged():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Merged"
    sheet.append(["区域", "日期", "销售员", "金额", "备注"])
    sheet.append(["华东", datetime.date(2024, 5, 1), "甲", 100, None])
    sheet.append([None, None, "乙", 200, None])
    sheet.append([None, None, "丙", 300, None])
    sheet.append(["华南", datetime.date(2024, 5, 2), "丁", 400, "merged note"])
    sheet.append([None, None, "戊", 500, None])
    sheet.merge_cells("A2:A4")  # a region over several rows
    sheet.merge_cells("B2:B4")  # a date over several rows
    sheet.merge_cells("A5:A6")
    sheet.merge_cells("B5:B6")
    sheet.merge_cells("E5:F7")  # reaches past the last row and column with values
    sheet.merge_cells("G2:H2")  # an empty anchor
    for row in sheet.iter_rows(min_row=2, max_row=6, min_col=2, max_col=2):
        row[0].number_format = "yyyy/m/d"
    workbook.save(path("merged.xlsx"))


def make_dates():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dates"
    sheet.append(["kind", "value"])
    rows = [
        ("builtin 14 mm-dd-yy", datetime.date(2024, 1, 5), "mm-dd-yy"),
        ("builtin 22 m/d/yy h:mm", datetime.datetime(2024, 1, 5, 13, 45), "m/d/yy h:mm"),
        ("custom yyyy-mm-dd", datetime.date(1999, 12, 31), "yyyy-mm-dd"),
        ("custom datetime", datetime.datetime(2024, 2, 29, 23, 59, 59), "yyyy-mm-dd hh:mm:ss"),
        ("custom CJK", datetime.date(2024, 6, 18), 'yyyy"年"m"月"d"日"'),
        ("custom locale", datetime.date(2023, 11, 11), "[$-804]yyyy/m/d"),
        ("custom CJK month", datetime.date(2024, 7, 1), 'yyyy"年"m"月"'),
        ("time h:mm", datetime.time(9, 30), "h:mm"),
        ("time h:mm:ss", datetime.time(18, 5, 7), "hh:mm:ss"),
        ("early 1900", datetime.date(1900, 1, 1), "yyyy-mm-dd"),
        ("after fake leap day", datetime.date(1900, 3, 1), "yyyy-mm-dd"),
    ]
    for label, value, number_format in rows:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    # Not dates.
    sheet.append(["date typed as text", "2024-01-05"])
    sheet.append(["percent 0%", 0.25])
    sheet.cell(row=sheet.max_row, column=2).number_format = "0%"
    sheet.append(["percent 0.00%", 0.1234])
    sheet.cell(row=sheet.max_row, column=2).number_format = "0.00%"
    sheet.append(["fixed 0.00", 1234.5])
    sheet.cell(row=sheet.max_row, column=2).number_format = "0.00"
    sheet.append(["thousands #,##0", 1234567])
    sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0"
    sheet.append(["currency", 99.5])
    sheet.cell(row=sheet.max_row, column=2).number_format = '"¥"#,##0.00;[Red]-"¥"#,##0.00'
    sheet.append(["quoted letters", 7])
    sheet.cell(row=sheet.max_row, column=2).number_format = '0 "days"'
    # A percent column, the way exports have them.
    sheet.append([])
    sheet.append(["region", "share"])
    for region, share in [("华东", 0.35), ("华南", 0.4), ("华北", 0.25)]:
        sheet.append([region, share])
        sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    workbook.save(path("dates.xlsx"))


def make_dates1904():
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Mac"
    sheet.append(["date", datetime.date(2024, 1, 1)])
    sheet.append(["datetime", datetime.datetime(1904, 1, 2, 6, 0)])
    # (Not serial 0, 1904-01-01 itself: openpyxl reads any serial below 1 as a time of day.)
    sheet.append(["leap day", datetime.date(2000, 2, 29)])
    for row in range(1, 4):
        sheet.cell(row=row, column=2).number_format = "yyyy-mm-dd hh:mm:ss" if row == 2 else "yyyy-mm-dd"
    workbook.save(path("dates1904.xlsx"))


# MARK: - LibreOffice


def soffice_convert(source, extension, filter_name=None):
    """Converts with headless LibreOffice; returns the output path (in a temporary folder)."""
    folder = tempfile.mkdtemp()
    target = f"{extension}:{filter_name}" if filter_name else extension
    subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", folder, source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    name = os.path.splitext(os.path.basename(source))[0] + "." + extension
    return os.path.join(folder, name)


def make_libreoffice():
    """A second writer: LibreOffice re-saves a workbook with a formula total, merges and dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "LO"
    sheet.append(["订单日期", "客户", "数量", "单价", "金额"])
    sheet.append([datetime.date(2024, 4, 1), "甲公司", 3, 12.5, "=C2*D2"])
    sheet.append([datetime.date(2024, 4, 2), "乙公司, 分部", 4, 0.1, "=C3*D3"])
    sheet.append([datetime.datetime(2024, 4, 3, 8, 15), "丙公司", 5, 100, "=C4*D4"])
    sheet.append(["合计", None, "=SUM(C2:C4)", None, "=SUM(E2:E4)"])
    sheet.append(["备注", "合并说明"])
    sheet.merge_cells("B6:E6")
    sheet.append(["比例", 0.125])
    sheet.cell(row=7, column=2).number_format = "0.0%"
    for row in range(2, 5):
        sheet.cell(row=row, column=1).number_format = "yyyy-mm-dd" if row < 4 else "yyyy-mm-dd hh:mm"
    source = os.path.join(tempfile.mkdtemp(), "libreoffice.xlsx")
    workbook.save(source)
    written = soffice_convert(source, "xlsx", "Calc MS Excel 2007 XML")
    shutil.copy(written, path("libreoffice.xlsx"))


def make_legacy_xls():
    written = soffice_convert(path("plain.xlsx"), "xls")
    shutil.copy(written, path("legacy.xls"))


def make_encrypted():
    subprocess.run(["msoffcrypto-tool", "-e", "-p", "secret", path("plain.xlsx"), path("encrypted.xlsx")], check=True)


# MARK: - Hand-written zips

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <workbookPr date1904="1"/>
  <bookViews><workbookView/></bookViews>
  <sheets>
    <sheet name="Prefixed" sheetId="1" rel:id="rId1"/>
    <sheet name="Chart" sheetId="2" rel:id="rId5"/>
    <sheet name="Plain &amp; Simple" sheetId="3" rel:id="rId2"/>
    <sheet name="Secret" sheetId="4" state="veryHidden" rel:id="rId6"/>
  </sheets>
</workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./worksheets/../worksheets/sheet3.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.invalid/" TargetMode="External"/>
</Relationships>"""

SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="8">
<si><t>plain</t></si>
<si><r><rPr><b/><sz val="11"/></rPr><t>a</t></r><r><t>b</t></r></si>
<si><t xml:space="preserve">  padded  </t></si>
<si><t>Tom &amp; Jerry &lt;3 &#x4E2D;&#20013; &quot;q&quot;</t></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>line1_x000D_&#10;line2</t></si>
<si><t>a,b</t></si>
<si><t/></si>
</sst>"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="5">
  <numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
  <numFmt numFmtId="165" formatCode="0.00%"/>
  <numFmt numFmtId="166" formatCode="[$-804]yyyy/m/d"/>
  <numFmt numFmtId="167" formatCode="h:mm:ss"/>
  <numFmt numFmtId="168" formatCode="#,##0.00&quot;元&quot;"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="12">
  <xf numFmtId="0"/>
  <xf numFmtId="14" applyNumberFormat="1"/>
  <xf numFmtId="31"/>
  <xf numFmtId="57"/>
  <xf numFmtId="164"/>
  <xf numFmtId="165"/>
  <xf numFmtId="20"/>
  <xf numFmtId="22"/>
  <xf numFmtId="166"/>
  <xf numFmtId="167"/>
  <xf numFmtId="168"/>
  <xf numFmtId="32"/>
</cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="14" formatCode="0.00"/></dxf></dxfs>
</styleSheet>"""

# Namespace prefix on every element, rows and cells without r, a merged range over a row that has
# no <row> element.
SHEET_PREFIXED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:D6"/><x:sheetData>\
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>inline &amp; more</x:t></x:is></x:c></x:row>\
<x:row><x:c t="b"><x:v>1</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="str"><x:f>A1&amp;"x"</x:f><x:v>plainx</x:v></x:c></x:row>\
<x:row r="4"><x:c r="B4" t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>\
<x:row r="5"><x:c r="A5" t="s"><x:v>6</x:v></x:c><x:c r="B5"/></x:row>\
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A5:B6"/></x:mergeCells></x:worksheet>"""

# Pretty-printed (whitespace between elements), 1904 dates, built-in CJK formats, odd numbers.
SHEET_PLAIN = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <sheetData>
    <row r="1">
      <c r="A1" s="1"><v>0</v></c>
      <c r="B1" s="1"><v>43830</v></c>
      <c r="C1" s="6"><v>0.5</v></c>
      <c r="D1" s="7"><v>1.75</v></c>
    </row>
    <row r="2"><c r="A2" s="2"><v>43830</v></c><c r="B2" s="3"><v>43830</v></c><c r="C2" s="4"><v>43830</v></c><c r="D2" s="8"><v>43830</v></c></row>
    <row r="3"><c r="A3" s="9"><v>0.25</v></c><c r="B3" s="11"><v>0.75</v></c><c r="C3" s="5"><v>0.25</v></c><c r="D3" s="10"><v>1234.5</v></c></row>
    <row r="4"><c r="A4"><v>8.3000000000000007</v></c><c r="B4"><v>1E-3</v></c><c r="C4"><v>1.5E-5</v></c><c r="D4"><v>-0</v></c><c r="E4"><v>2.50</v></c><c r="F4"><v>12345678901234567890</v></c><c r="G4"><v>0.10000000000000001</v></c></row>
    <row r="5"><c r="A5" t="d"><v>2024-03-01T00:00:00Z</v></c><c r="B5" t="d"><v>2024-03-01T13:45:30</v></c><c r="C5" t="n"><v>42</v></c></row>
    <row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c></row>
    <row r="8" spans="1:3"><c r="A8" t="inlineStr"><is><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh><t>x</t></rPh></is></c><c r="B8"><f>1+1</f></c></row>
    <row r="9"/>
    <row r="10"><c r="A10" t="s"><v>4</v></c><c r="B10" t="s"><v>5</v></c><c r="C10" t="s"><v>7</v></c><c r="D10" t="s"><v>6</v></c></row>
    <row r="11"><c r="A11" t="s"><v>7</v></c><c r="B11" t="e"><v>#N/A</v></c></row>
  </sheetData>
  <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</worksheet>"""

SHEET_SECRET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>"""

CHARTSHEET = """<?xml version="1.0" encoding="UTF-8"?>
<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>"""


def make_handmade():
    with zipfile.ZipFile(path("handmade.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET_PREFIXED)
        archive.writestr("xl/worksheets/sheet2.xml", SHEET_PLAIN)
        archive.writestr("xl/worksheets/sheet3.xml", SHEET_SECRET)
        archive.writestr("xl/chartsheets/sheet1.xml", CHARTSHEET)


def make_docx():
    """A zip that is an OOXML package but no workbook."""
    with zipfile.ZipFile(path("document.docx"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.replace("/xl/workbook.xml", "/word/document.xml"))
        archive.writestr("_rels/.rels", ROOT_RELS.replace("/xl/workbook.xml", "word/document.xml"))
        archive.writestr("word/document.xml",
                         '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         '<w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p></w:body></w:document>')


def make_other_packages():
    """Zips that are no .xlsx: a (fake) binary workbook and a real OpenDocument spreadsheet."""
    with zipfile.ZipFile(path("binary.xlsb"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.replace("/xl/workbook.xml", "/xl/workbook.bin"))
        archive.writestr("_rels/.rels", ROOT_RELS.replace("/xl/workbook.xml", "xl/workbook.bin"))
        archive.writestr("xl/workbook.bin", bytes(range(256)))
    written = soffice_convert(path("plain.xlsx"), "ods")
    shutil.copy(written, path("spreadsheet.ods"))


if __name__ == "__main__":
    make_plain()
    make_multisheet()
    make_title_row()
    make_merged()
    make_dates()
    make_dates1904()
    make_libreoffice()
    for name in ["plain", "multisheet", "title_row", "merged", "dates", "dates1904", "libreoffice"]:
        write_expected(name)
    make_legacy_xls()
    make_encrypted()
    make_handmade()
    make_docx()
    make_other_packages()
    print("fixtures written to", HERE)
