#!/usr/bin/env python3
"""Makes the workbook fixtures in this folder and the bad workbooks in corpus/bad/import/.

    python3 make.py            # needs openpyxl, msoffcrypto-tool, and LibreOffice (soffice)

Deterministic: every random choice comes from a named, fixed seed and every date is fixed;
zip entry times and the docProps timestamps are pinned, so a second run gives the same bytes
for the files written by openpyxl and by hand. expected.json is computed here, from the
Python data, never by reading a workbook back.
"""
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.normpath(os.path.join(HERE, "..", "..", "..", "corpus", "bad", "import"))

FIXED_TIME = dt.datetime(2026, 11, 30, 9, 0, 0)
FIXED_ZIP_TIME = (2026, 11, 30, 9, 0, 0)
EXPORT_DAY = dt.date(2026, 11, 30)

# --------------------------------------------------------------------------------------------
# Reference data shared by all sheets
# --------------------------------------------------------------------------------------------
REPS = [  # name, team, region
    ("王磊", "华东一组", "华东"),
    ("李娜", "华东一组", "华东"),
    ("张伟", "华东一组", "华东"),
    ("刘洋", "华南一组", "华南"),
    ("陈静", "华南一组", "华南"),
]
REP_TEAM = {r: t for r, t, _ in REPS}
REP_REGION = {r: g for r, _, g in REPS}
TEAMS = ["华东一组", "华南一组"]
TEAM_REGION = {"华东一组": "华东", "华南一组": "华南"}

CUSTOMERS = {
    "华东": ["上海明达科技有限公司", "杭州云帆网络科技有限公司", "南京华瑞贸易有限公司",
             "苏州同创电子有限公司", "宁波海润食品有限公司", "无锡博远机械有限公司",
             "合肥天启信息技术有限公司"],
    "华南": ["广州恒信物流有限公司", "深圳智汇科技有限公司", "东莞联丰制造有限公司",
             "佛山美佳家居有限公司", "厦门鑫海贸易有限公司", "珠海蓝海医疗器械有限公司"],
}

PRODUCTS = [  # name, category, list price (yuan)
    ("CRM标准版", "软件", 12800),
    ("CRM专业版", "软件", 25600),
    ("数据分析模块", "软件", 8800),
    ("实施服务", "服务", 5000),
    ("培训服务", "服务", 3000),
    ("年度维保", "服务", 6000),
]
PRICE = {p: price for p, _, price in PRODUCTS}
CATEGORY = {p: c for p, c, _ in PRODUCTS}

STAGES = ["初步接洽", "需求确认", "方案报价", "谈判审核", "赢单", "输单"]
OPEN_STAGES = STAGES[:4]

ACTIVITY_TYPES = {  # the word in the export -> canonical type
    "电话": "call", "拜访": "visit", "上门": "visit", "演示": "demo",
    "跟进": "follow_up", "微信": "email", "邮件": "email",
}
CANONICAL = ["call", "visit", "demo", "follow_up", "email"]

MONTHS_ZH = [f"{m}月" for m in range(1, 13)]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

DATE_FMT_SLASH = "yyyy/m/d"
DATE_FMT_ZH = 'yyyy"年"m"月"d"日"'


def iso(d):
    return d.isoformat()


def num(x):
    """A float that is a whole number becomes an int (for JSON and for writing cells)."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def random_dates(rng, n, start, end, distinct=True):
    days = (end - start).days + 1
    if distinct:
        picks = rng.sample(range(days), n)
    else:
        picks = [rng.randrange(days) for _ in range(n)]
    return sorted(start + dt.timedelta(days=p) for p in picks)


# --------------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------------
def make_orders():
    rng = random.Random("kpish-orders-2026")
    n_orders = 112
    two_line = set(rng.sample(range(1, n_orders - 1), 8))
    inner = random_dates(rng, n_orders - 2, dt.date(2026, 1, 6), dt.date(2026, 11, 26))
    dates = [dt.date(2026, 1, 5)] + inner + [dt.date(2026, 11, 27)]
    single = [i for i in range(1, n_orders - 1) if i not in two_line]
    text_dates = set(rng.sample(single, 10))
    lines = []
    for i in range(n_orders):
        rep, _, region = REPS[rng.randrange(len(REPS))]
        customer = rng.choice(CUSTOMERS[region])
        order_id = f"SO2026{i + 1:04d}"
        products = rng.sample([p for p, _, _ in PRODUCTS], 2 if i in two_line else 1)
        if i in text_dates:
            kind = "text_slash" if len(lines) % 2 == 0 else "text_dash"
        else:
            kind = "date_zh" if rng.random() < 0.2 else "date_slash"
        for product in products:
            qty = rng.randint(1, 5) if CATEGORY[product] == "软件" else rng.randint(1, 10)
            price = PRICE[product] * rng.choice([100, 100, 95, 90, 85]) // 100  # exact: prices are whole hundreds
            if rng.random() < 0.12:
                price -= 0.5
            price = num(float(price))
            amount = num(float(qty * price))
            lines.append(dict(id=order_id, date=dates[i], date_kind=kind, customer=customer,
                              rep=rep, region=region, product=product, qty=qty, price=price,
                              amount=amount))
    assert len(lines) == 120, len(lines)
    return lines


def make_opportunities():
    rng = random.Random("kpish-opportunities-2026")
    counts = {"初步接洽": 8, "需求确认": 9, "方案报价": 10, "谈判审核": 7, "赢单": 16, "输单": 10}
    stages = [s for s in STAGES for _ in range(counts[s])]
    rng.shuffle(stages)
    rows = []
    for stage in stages:
        rep, _, region = REPS[rng.randrange(len(REPS))]
        product = rng.choice([p for p, _, _ in PRODUCTS])
        if stage in OPEN_STAGES:
            created = dt.date(2026, 6, 1) + dt.timedelta(days=rng.randrange(178))
            closed = None
        else:
            created = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(250))
            closed = created + dt.timedelta(days=rng.randint(7, 75))
        amount = PRICE[product] * rng.randint(1, 8)
        if rng.random() < 0.25:
            amount = amount * 9 // 10 + 0.5
        rows.append(dict(stage=stage, rep=rep, customer=rng.choice(CUSTOMERS[region]),
                         product=product, created=created, closed=closed,
                         amount=num(float(amount))))
    rows.sort(key=lambda r: r["created"])
    open_idx = [i for i, r in enumerate(rows) if r["stage"] in OPEN_STAGES]
    for i in rng.sample(open_idx, 5):
        rows[i]["customer"] = ""
    for n, r in enumerate(rows, 1):
        r["id"] = f"SJ2026-{n:03d}"
    assert len(rows) == 60
    return rows


NOTES = [
    "客户对专业版感兴趣，下周再约", "已发送报价单", "对方IT负责人出差，改期", "演示了报表功能，反馈不错",
    "询问了维保价格", "需要走采购流程，预计下月", "客户提出定制需求", "", "确认了实施时间",
    "竞品报价更低，需要申请折扣", "老板亲自参加，态度积极", "发了产品白皮书", "",
    "电话没人接，已留言", "约好下周二上门", "培训名额确认：8人",
]


def make_activities():
    rng = random.Random("kpish-activities-2026")
    dates = random_dates(rng, 150, dt.date(2026, 1, 6), dt.date(2026, 11, 28))
    # merged 跟进日期 cells: (first data index, number of rows)
    merges = [(17, 2), (64, 3), (121, 2)]
    for start, size in merges:
        for k in range(1, size):
            dates[start + k] = dates[start]
    words = list(ACTIVITY_TYPES)
    weights = [30, 20, 8, 10, 15, 12, 10]
    rows = []
    for i in range(150):
        rep, _, region = REPS[rng.randrange(len(REPS))]
        word = words[i] if i < len(words) else rng.choices(words, weights)[0]
        note = rng.choice(NOTES)
        rows.append(dict(date=dates[i], rep=rep, customer=rng.choice(CUSTOMERS[region]),
                         type=word, note=note))
    # the first seven rows took each word once; mix them into the rest
    head = rows[:7]
    rest = rows[7:]
    for r in head:
        rest.insert(rng.randrange(len(rest) + 1), r)
    # keep the dates sorted as they were, with the words and people moved
    for i, r in enumerate(rest):
        r["date"] = dates[i]
    rows = rest
    # one note with a line break inside the cell (Alt+Enter)
    rows[40]["note"] = "上午电话确认需求\n下午发了方案"
    return rows, merges


def make_targets():
    rng = random.Random("kpish-targets-2026")
    season = [0.7, 0.6, 0.9, 1.0, 1.0, 1.1, 0.9, 0.9, 1.0, 1.1, 1.2, 1.6]
    base = {"王磊": 200000, "李娜": 160000, "张伟": 180000, "刘洋": 150000, "陈静": 120000}
    rows = []
    for rep, team, _ in REPS:
        months = []
        for m in range(12):
            v = base[rep] * season[m] * rng.uniform(0.95, 1.05)
            if rep in ("李娜",):
                v = round(v) + 0.5          # floats with .5
            elif rep in ("刘洋",):
                v = round(v / 10) * 10 + 0.25  # floats with .25
            else:
                v = round(v / 1000) * 1000   # whole thousands, written as ints
            months.append(num(float(v)))
        true_sum = num(float(sum(months)))
        stated = num(float(true_sum + 1000)) if rep == "张伟" else true_sum
        rows.append(dict(rep=rep, team=team, months=months, sum=true_sum, stated=stated))
    return rows


# --------------------------------------------------------------------------------------------
# Writing helpers
# --------------------------------------------------------------------------------------------
def pin_zip(path):
    """Rewrite a zip with fixed entry times and fixed docProps timestamps (same order, same data)."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2026-11-30T09:00:00Z\g<3>", data)
            if info.filename == "docProps/app.xml":
                data = re.sub(rb"<TotalTime>\d+</TotalTime>", b"<TotalTime>0</TotalTime>", data)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    with open(path, "wb") as f:
        f.write(out.getvalue())


def new_workbook():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "CRM导出"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save(wb, path):
    wb.save(path)
    pin_zip(path)


def title_rows(ws, title, width, export_time):
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if export_time:
        ws.cell(2, 1, f"导出时间：{EXPORT_DAY.isoformat()}")


def header(ws, row, names):
    for c, name in enumerate(names, 1):
        ws.cell(row, c, name).font = Font(bold=True)


ORDER_HEAD = ["订单编号", "订单日期", "客户名称", "销售员", "区域", "产品名称", "数量", "单价", "销售额"]
OPP_HEAD = ["商机编号", "客户名称", "销售员", "产品名称", "商机阶段", "创建日期", "成交日期", "商机金额"]
ACT_HEAD = ["跟进日期", "销售员", "客户名称", "跟进方式", "备注"]
TGT_HEAD = ["销售员", "团队"] + MONTHS_ZH + ["全年合计"]
HEADER_ROW = 3
FIRST_DATA = 4


def crm_workbook(orders, opps, acts, merges, targets, formulas):
    """The Chinese CRM export. formulas=False: 合计 cells hold numbers; True: =SUM(...)."""
    wb = new_workbook()

    # 订单 ----------------------------------------------------------------------------------
    ws = wb.create_sheet("订单")
    title_rows(ws, "华东、华南大区 2026年销售数据导出 — 订单明细", len(ORDER_HEAD), True)
    header(ws, HEADER_ROW, ORDER_HEAD)
    r = FIRST_DATA
    for o in orders:
        ws.cell(r, 1, o["id"])
        d = o["date"]
        if o["date_kind"] == "text_slash":
            c = ws.cell(r, 2, f"{d.year}/{d.month}/{d.day}")
            c.number_format = "@"
        elif o["date_kind"] == "text_dash":
            c = ws.cell(r, 2, d.isoformat())
            c.number_format = "@"
        else:
            c = ws.cell(r, 2, d)
            c.number_format = DATE_FMT_ZH if o["date_kind"] == "date_zh" else DATE_FMT_SLASH
        ws.cell(r, 3, o["customer"])
        ws.cell(r, 4, o["rep"])
        ws.cell(r, 5, o["region"])
        ws.cell(r, 6, o["product"])
        ws.cell(r, 7, o["qty"])
        ws.cell(r, 8, o["price"]).number_format = "#,##0.00"
        ws.cell(r, 9, o["amount"]).number_format = "#,##0.00"
        r += 1
    last = r - 1
    ws.cell(r, 1, "合计").font = Font(bold=True)
    if formulas:
        ws.cell(r, 7, f"=SUM(G{FIRST_DATA}:G{last})")
        ws.cell(r, 9, f"=SUM(I{FIRST_DATA}:I{last})")
    else:
        ws.cell(r, 7, sum(o["qty"] for o in orders))
        ws.cell(r, 9, num(float(sum(o["amount"] for o in orders))))
    ws.cell(r, 9).number_format = "#,##0.00"
    for col, width in zip("ABCDEFGHI", [14, 14, 28, 8, 6, 14, 6, 12, 14]):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"

    # 商机 ----------------------------------------------------------------------------------
    ws = wb.create_sheet("商机")
    title_rows(ws, "华东、华南大区 2026年销售数据导出 — 商机", len(OPP_HEAD), False)
    header(ws, HEADER_ROW, OPP_HEAD)
    for r, o in enumerate(opps, FIRST_DATA):
        ws.cell(r, 1, o["id"])
        if o["customer"]:
            ws.cell(r, 2, o["customer"])
        ws.cell(r, 3, o["rep"])
        ws.cell(r, 4, o["product"])
        ws.cell(r, 5, o["stage"])
        ws.cell(r, 6, o["created"]).number_format = DATE_FMT_SLASH
        if o["closed"]:
            ws.cell(r, 7, o["closed"]).number_format = DATE_FMT_SLASH
        ws.cell(r, 8, o["amount"]).number_format = "#,##0.00"
    for col, width in zip("ABCDEFGH", [12, 28, 8, 14, 10, 12, 12, 14]):
        ws.column_dimensions[col].width = width

    # 跟进记录 ------------------------------------------------------------------------------
    ws = wb.create_sheet("跟进记录")
    title_rows(ws, "华东、华南大区 2026年销售数据导出 — 跟进记录", len(ACT_HEAD), True)
    header(ws, HEADER_ROW, ACT_HEAD)
    merged_cont = {s + k for s, n in merges for k in range(1, n)}
    for i, a in enumerate(acts):
        r = FIRST_DATA + i
        if i not in merged_cont:
            ws.cell(r, 1, a["date"]).number_format = DATE_FMT_SLASH
        ws.cell(r, 2, a["rep"])
        ws.cell(r, 3, a["customer"])
        ws.cell(r, 4, a["type"])
        if a["note"]:
            c = ws.cell(r, 5, a["note"])
            if "\n" in a["note"]:
                c.alignment = Alignment(wrap_text=True)
    for s, n in merges:
        ws.merge_cells(start_row=FIRST_DATA + s, start_column=1,
                       end_row=FIRST_DATA + s + n - 1, end_column=1)
        ws.cell(FIRST_DATA + s, 1).alignment = Alignment(vertical="center")
    for col, width in zip("ABCDE", [12, 8, 28, 8, 36]):
        ws.column_dimensions[col].width = width

    # 销售目标 ------------------------------------------------------------------------------
    ws = wb.create_sheet("销售目标")
    title_rows(ws, "华东、华南大区 2026年销售目标", len(TGT_HEAD), False)
    header(ws, HEADER_ROW, TGT_HEAD)
    for r, t in enumerate(targets, FIRST_DATA):
        ws.cell(r, 1, t["rep"])
        ws.cell(r, 2, t["team"])
        for m, v in enumerate(t["months"]):
            ws.cell(r, 3 + m, v)
        ws.cell(r, 15, t["stated"])
    r = FIRST_DATA + len(targets)
    last = r - 1
    ws.cell(r, 1, "合计").font = Font(bold=True)
    for col in range(3, 16):
        letter = openpyxl.utils.get_column_letter(col)
        if formulas:
            ws.cell(r, col, f"=SUM({letter}{FIRST_DATA}:{letter}{last})")
        elif col < 15:
            ws.cell(r, col, num(float(sum(t["months"][col - 3] for t in targets))))
        else:
            ws.cell(r, col, num(float(sum(t["stated"] for t in targets))))
    return wb


def soffice_convert(src, fmt, outdir, profile):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", outdir, src]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0:
        sys.exit(f"soffice failed: {res.stdout}\n{res.stderr}")
    ext = fmt.split(":")[0]
    out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + ext)
    if not os.path.exists(out):
        sys.exit(f"soffice wrote no {out}: {res.stdout}\n{res.stderr}")
    return out


# --------------------------------------------------------------------------------------------
# Other workbooks
# --------------------------------------------------------------------------------------------
def targets_long_rows(targets):
    rows = [("公司", "", "2026", num(float(sum(t["sum"] for t in targets))))]
    team_month = {team: [0] * 12 for team in TEAMS}
    for t in targets:
        for m in range(12):
            team_month[t["team"]][m] += t["months"][m]
    for team in TEAMS:
        region = TEAM_REGION[team]
        for q in range(4):
            rows.append(("区域", region, f"2026-Q{q + 1}",
                         num(float(sum(team_month[team][3 * q:3 * q + 3])))))
    for team in TEAMS:
        for m in range(12):
            rows.append(("团队", team, f"2026-{m + 1:02d}", num(float(team_month[team][m]))))
    for t in targets:
        for m in range(12):
            rows.append(("销售员", t["rep"], f"2026-{m + 1:02d}", t["months"][m]))
    return rows, {k: [num(float(x)) for x in v] for k, v in team_month.items()}


EN_REPS = [("Alice Chen", "East"), ("Brian Li", "East"), ("Carol Wang", "East"),
           ("David Zhao", "South"), ("Emma Liu", "South"), ("Frank Sun", "South")]


def make_targets_en():
    rng = random.Random("kpish-targets-en-2026")
    rows = []
    for rep, team in EN_REPS:
        base = rng.choice([40000, 50000, 60000, 75000])
        months = [num(float(round(base * rng.uniform(0.8, 1.3) / 500) * 500)) for _ in range(12)]
        rows.append(dict(rep=rep, team=team, months=months, total=num(float(sum(months)))))
    return rows


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ORDERS_1904 = [  # id, date, customer, qty, price, paid
    ("SO20260301", dt.date(2026, 3, 2), "上海明达科技有限公司", 2, 12800, True),
    ("SO20260302", dt.date(2026, 3, 5), "广州恒信物流有限公司", 1, 25600, False),
    ("SO20260303", dt.date(2026, 3, 9), "杭州云帆网络科技有限公司", 4, 3000, True),
    ("SO20260304", dt.date(2026, 3, 16), "深圳智汇科技有限公司", 3, 8800, True),
    ("SO20260305", dt.date(2026, 3, 23), "南京华瑞贸易有限公司", 5, 6000, False),
    ("SO20260306", dt.date(2026, 3, 31), "佛山美佳家居有限公司", 2, 5000, True),
]
FORMULA_ROW_1904 = 4  # 0-based index into ORDERS_1904 whose 销售额 is a formula =D?*E?


def serial_1904(d):
    return (d - dt.date(1904, 1, 1)).days


def write_orders_1904(path):
    head = ["订单编号", "订单日期", "客户名称", "数量", "单价", "销售额", "已付款"]
    cols = "ABCDEFG"

    def istr(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{xml_escape(text)}</t></is></c>'

    rows_xml = ['<row r="1">' + "".join(istr(f"{cols[i]}1", h) for i, h in enumerate(head)) + "</row>"]
    for n, (oid, d, cust, qty, price, paid) in enumerate(ORDERS_1904):
        r = n + 2
        cells = [istr(f"A{r}", oid),
                 f'<c r="B{r}" s="1"><v>{serial_1904(d)}</v></c>',
                 istr(f"C{r}", cust),
                 f'<c r="D{r}"><v>{qty}</v></c>',
                 f'<c r="E{r}"><v>{price}</v></c>']
        if n == FORMULA_ROW_1904:
            cells.append(f'<c r="F{r}"><f>D{r}*E{r}</f><v>{qty * price}</v></c>')
        else:
            cells.append(f'<c r="F{r}"><v>{qty * price}</v></c>')
        cells.append(f'<c r="G{r}" t="b"><v>{1 if paid else 0}</v></c>')
        rows_xml.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    last = len(ORDERS_1904) + 1
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="A1:G{last}"/><sheetData>' + "".join(rows_xml) +
             '</sheetData></worksheet>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<workbookPr date1904="1"/>'
                '<sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>')
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
              '</cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              '</styleSheet>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
               '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                           ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
                           ("xl/styles.xml", styles), ("xl/worksheets/sheet1.xml", sheet)]:
            zi = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Bad workbooks (corpus/bad/import/)
# --------------------------------------------------------------------------------------------
def write_unrecognised(path):
    wb = new_workbook()
    ws = wb.create_sheet("说明")
    ws["A1"] = "使用说明"
    ws["A2"] = ("本文件是部门年会的座位安排说明。请各位同事在十二月十五日前确认是否出席，"
                "并告知是否携带家属。会场在三楼多功能厅，停车位有限，建议乘坐地铁前往。"
                "如有饮食禁忌，请在回复邮件中注明。")
    ws["A3"] = "联系人：行政部 小周"
    ws.column_dimensions["A"].width = 80
    ws["A2"].alignment = Alignment(wrap_text=True)
    ws = wb.create_sheet("Sheet2")
    for c, h in enumerate("ABC", 1):
        ws.cell(1, c, h)
    for r, row in enumerate([[3, 14, 15], [92, 65, 35], [89, 79, 32]], 2):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    save(wb, path)


def write_encrypted(src, path):
    from msoffcrypto.format.ooxml import OOXMLFile
    import msoffcrypto.method.ecma376_agile as agile
    import msoffcrypto.method.container.ecma376_encrypted as container
    rng = random.Random("kpish-encrypt")

    class FixedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 30, 9, 0, 0)

    # the same salts, keys and OLE directory times on every run
    saved = agile._random_buffer, container.datetime
    agile._random_buffer = lambda n: bytes(rng.randrange(256) for _ in range(n))
    container.datetime = FixedDatetime
    try:
        with open(src, "rb") as f, open(path, "wb") as out:
            OOXMLFile(f).encrypt("secret", out)
    finally:
        agile._random_buffer, container.datetime = saved


def write_excel97(tmp, profile, path):
    wb = new_workbook()
    ws = wb.create_sheet("订单")
    rows = [("订单日期", "客户名称", "销售员", "销售额"),
            (dt.date(2026, 2, 3), "上海明达科技有限公司", "王磊", 25600),
            (dt.date(2026, 2, 10), "广州恒信物流有限公司", "刘洋", 8800),
            (dt.date(2026, 2, 17), "南京华瑞贸易有限公司", "李娜", 15000.5)]
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            cell = ws.cell(r, c, v)
            if isinstance(v, dt.date):
                cell.number_format = DATE_FMT_SLASH
    src = os.path.join(tmp, "orders_excel97.xlsx")
    save(wb, src)
    out = soffice_convert(src, 'xls:MS Excel 97', os.path.join(tmp, "xls"), profile)
    shutil.move(out, path)


# --------------------------------------------------------------------------------------------
# expected.json
# --------------------------------------------------------------------------------------------
def expected(orders, opps, acts, merges, targets, long_rows, team_month, en, orders1904):
    distinct = []
    for o in orders:
        if o["id"] not in distinct:
            distinct.append(o["id"])
    multi = sorted({o["id"] for o in orders if sum(1 for p in orders if p["id"] == o["id"]) > 1})
    text_rows = [dict(row=FIRST_DATA + i, order=o["id"], text=(
        f"{o['date'].year}/{o['date'].month}/{o['date'].day}" if o["date_kind"] == "text_slash"
        else o["date"].isoformat()), date=iso(o["date"]))
        for i, o in enumerate(orders) if o["date_kind"].startswith("text")]
    by_rep = {}
    for o in orders:
        by_rep[o["rep"]] = by_rep.get(o["rep"], 0) + o["amount"]
    order_sheet = dict(
        header_row=HEADER_ROW, first_data_row=FIRST_DATA, last_data_row=FIRST_DATA + len(orders) - 1,
        total_row=FIRST_DATA + len(orders),
        data_rows=len(orders),
        total_amount=num(float(sum(o["amount"] for o in orders))),
        total_quantity=sum(o["qty"] for o in orders),
        distinct_order_ids=len(distinct),
        orders_with_two_lines=multi,
        first_order_date=iso(min(o["date"] for o in orders)),
        last_order_date=iso(max(o["date"] for o in orders)),
        date_cells_typed_as_text=text_rows,
        amount_by_rep={k: num(float(v)) for k, v in sorted(by_rep.items())},
        amount_by_region={g: num(float(sum(o["amount"] for o in orders if o["region"] == g)))
                          for g in ("华东", "华南")},
        amount_by_category={c: num(float(sum(o["amount"] for o in orders if CATEGORY[o["product"]] == c)))
                            for c in ("软件", "服务")},
        reps=sorted({o["rep"] for o in orders}),
    )
    won = [o for o in opps if o["stage"] == "赢单"]
    lost = [o for o in opps if o["stage"] == "输单"]
    won_days = [(o["closed"] - o["created"]).days for o in won]
    opp_sheet = dict(
        header_row=HEADER_ROW, first_data_row=FIRST_DATA, data_rows=len(opps),
        count_by_stage={s: sum(1 for o in opps if o["stage"] == s) for s in STAGES},
        open_deals=sum(1 for o in opps if o["stage"] in OPEN_STAGES),
        open_deals_without_customer=sum(1 for o in opps if not o["customer"]),
        won_amount=num(float(sum(o["amount"] for o in won))),
        lost_amount=num(float(sum(o["amount"] for o in lost))),
        open_amount=num(float(sum(o["amount"] for o in opps if o["stage"] in OPEN_STAGES))),
        won_days_to_close=sorted(won_days),
        won_average_days_to_close=round(sum(won_days) / len(won_days), 4),
        win_rate_of_closed=round(len(won) / (len(won) + len(lost)), 4),
    )
    act_sheet = dict(
        header_row=HEADER_ROW, first_data_row=FIRST_DATA, data_rows=len(acts),
        count_by_word={w: sum(1 for a in acts if a["type"] == w) for w in ACTIVITY_TYPES},
        count_by_type={c: sum(1 for a in acts if ACTIVITY_TYPES[a["type"]] == c) for c in CANONICAL},
        count_by_rep={r: sum(1 for a in acts if a["rep"] == r) for r, _, _ in REPS},
        first_date=iso(acts[0]["date"]), last_date=iso(acts[-1]["date"]),
        merged_date_cells=[dict(range=f"A{FIRST_DATA + s}:A{FIRST_DATA + s + n - 1}",
                                rows=list(range(FIRST_DATA + s, FIRST_DATA + s + n)),
                                date=iso(acts[s]["date"])) for s, n in merges],
        note_with_line_break_row=FIRST_DATA + next(i for i, a in enumerate(acts) if "\n" in a["note"]),
    )
    diff = [t for t in targets if t["stated"] != t["sum"]]
    assert len(diff) == 1
    tgt_sheet = dict(
        header_row=HEADER_ROW, first_data_row=FIRST_DATA, data_rows=len(targets),
        total_row=FIRST_DATA + len(targets),
        members={t["rep"]: dict(team=t["team"], months=t["months"], sum_of_months=t["sum"],
                                stated_total=t["stated"]) for t in targets},
        total_differs=dict(member=diff[0]["rep"], stated_total=diff[0]["stated"],
                           sum_of_months=diff[0]["sum"],
                           difference=num(float(diff[0]["stated"] - diff[0]["sum"]))),
        total_row_values=dict(
            months=[num(float(sum(t["months"][m] for t in targets))) for m in range(12)],
            全年合计=num(float(sum(t["stated"] for t in targets))),
            note="the 合计 row's 全年合计 is the column sum of the stated totals, so it is "
                 "1000 more than the sum of its months",
        ),
        sum_of_all_months=num(float(sum(t["sum"] for t in targets))),
    )
    crm = {"订单": order_sheet, "商机": opp_sheet, "跟进记录": act_sheet, "销售目标": tgt_sheet}
    by_scope = {}
    for scope, *_ in long_rows:
        by_scope[scope] = by_scope.get(scope, 0) + 1
    o1904_amounts = [q * p for _, _, _, q, p, _ in orders1904]
    return {
        "about": "Computed by make.py from the data it generated, not by reading the workbooks back. "
                 "Row numbers are 1-based sheet rows; data_rows excludes title, header and 合计 rows.",
        "crm_export_zh.xlsx": dict(writer="openpyxl " + openpyxl.__version__,
                                   sheet_order=list(crm), sheets=crm,
                                   totals_are="plain numbers (no formulas)"),
        "crm_export_zh_libreoffice.xlsx": dict(writer="LibreOffice (from crm_export_zh.xlsx)",
                                               same_data_as="crm_export_zh.xlsx",
                                               totals_are="plain numbers (no formulas)"),
        "crm_export_zh_formulas.xlsx": dict(
            writer="openpyxl formulas, recalculated and saved by LibreOffice",
            same_data_as="crm_export_zh.xlsx",
            totals_are="formulas with cached values",
            formulas={"订单": {f"G{order_sheet['total_row']}": f"SUM(G{FIRST_DATA}:G{order_sheet['last_data_row']})",
                              f"I{order_sheet['total_row']}": f"SUM(I{FIRST_DATA}:I{order_sheet['last_data_row']})"},
                      "销售目标": {f"{openpyxl.utils.get_column_letter(c)}{tgt_sheet['total_row']}":
                                   f"SUM({openpyxl.utils.get_column_letter(c)}{FIRST_DATA}:"
                                   f"{openpyxl.utils.get_column_letter(c)}{tgt_sheet['total_row'] - 1})"
                                   for c in range(3, 16)}},
        ),
        "targets_long.xlsx": dict(
            writer="openpyxl " + openpyxl.__version__, sheet="目标", header_row=1,
            data_rows=len(long_rows), rows_by_scope=by_scope,
            company_2026=long_rows[0][3],
            region_quarters={g: [r[3] for r in long_rows if r[0] == "区域" and r[1] == g]
                             for g in ("华东", "华南")},
            team_months=team_month,
            members={t["rep"]: dict(months=t["months"], sum_of_months=t["sum"]) for t in targets},
            note="期间 cells are text: '2026', '2026-Q1'..'2026-Q4', '2026-01'..'2026-12'; "
                 "对象 is empty for 公司. Figures agree with crm_export_zh.xlsx 销售目标 (months).",
        ),
        "targets_wide_en.xlsx": dict(
            writer="openpyxl " + openpyxl.__version__, sheet="Targets", header_row=1,
            data_rows=len(en),
            members={t["rep"]: dict(team=t["team"], months=t["months"], sum_of_months=t["total"],
                                    stated_total=t["total"]) for t in en},
            total_differs=None,
            sum_of_all_months=num(float(sum(t["total"] for t in en))),
        ),
        "targets_wide_iso.csv": dict(
            writer="make.py, UTF-8 without BOM, LF line ends", header_row=1, data_rows=len(TEAMS),
            members={team: dict(months=team_month[team], sum_of_months=num(float(sum(team_month[team]))))
                     for team in TEAMS},
        ),
        "orders_1904.xlsx": dict(
            writer="hand-written XML (make.py)", sheet="订单", header_row=1,
            date_system=1904, data_rows=len(orders1904),
            total_amount=sum(o1904_amounts), distinct_order_ids=len(orders1904),
            first_order_date=iso(orders1904[0][1]), last_order_date=iso(orders1904[-1][1]),
            date_serials_1904={o[0]: serial_1904(o[1]) for o in orders1904},
            paid_true=sum(1 for o in orders1904 if o[5]),
            formula_cell=dict(cell=f"F{FORMULA_ROW_1904 + 2}",
                              formula=f"D{FORMULA_ROW_1904 + 2}*E{FORMULA_ROW_1904 + 2}",
                              cached=o1904_amounts[FORMULA_ROW_1904]),
            note="read as 1900-system serials the dates would fall 1462 days (4 years and a day) early",
        ),
    }


# --------------------------------------------------------------------------------------------
def main():
    orders = make_orders()
    opps = make_opportunities()
    acts, merges = make_activities()
    targets = make_targets()
    en = make_targets_en()
    long_rows, team_month = targets_long_rows(targets)

    tmp = tempfile.mkdtemp(prefix="kpish-workbooks-")
    profile = os.path.join(tmp, "lo-profile")
    try:
        # a. the CRM export: openpyxl, then LibreOffice twice
        plain = os.path.join(HERE, "crm_export_zh.xlsx")
        save(crm_workbook(orders, opps, acts, merges, targets, formulas=False), plain)

        out = soffice_convert(plain, "xlsx:Calc MS Excel 2007 XML", os.path.join(tmp, "lo"), profile)
        shutil.move(out, os.path.join(HERE, "crm_export_zh_libreoffice.xlsx"))
        pin_zip(os.path.join(HERE, "crm_export_zh_libreoffice.xlsx"))

        fsrc = os.path.join(tmp, "crm_export_zh_formulas.xlsx")
        save(crm_workbook(orders, opps, acts, merges, targets, formulas=True), fsrc)
        out = soffice_convert(fsrc, "xlsx:Calc MS Excel 2007 XML", os.path.join(tmp, "lof"), profile)
        shutil.move(out, os.path.join(HERE, "crm_export_zh_formulas.xlsx"))
        pin_zip(os.path.join(HERE, "crm_export_zh_formulas.xlsx"))

        # b. long targets
        wb = new_workbook()
        ws = wb.create_sheet("目标")
        header(ws, 1, ["范围", "对象", "期间", "目标金额"])
        for r, row in enumerate(long_rows, 2):
            for c, v in enumerate(row, 1):
                if v != "":
                    ws.cell(r, c, v)
            ws.cell(r, 3).number_format = "@"
        save(wb, os.path.join(HERE, "targets_long.xlsx"))

        # c. English wide targets
        wb = new_workbook()
        ws = wb.create_sheet("Targets")
        header(ws, 1, ["Rep", "Team"] + MONTHS_EN + ["Total"])
        for r, t in enumerate(en, 2):
            for c, v in enumerate([t["rep"], t["team"]] + t["months"] + [t["total"]], 1):
                ws.cell(r, c, v)
        save(wb, os.path.join(HERE, "targets_wide_en.xlsx"))

        # d. ISO-month wide CSV of team targets
        with open(os.path.join(HERE, "targets_wide_iso.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(",".join(["团队"] + [f"2026-{m:02d}" for m in range(1, 13)]) + "\n")
            for team in TEAMS:
                f.write(",".join([team] + [str(v) for v in team_month[team]]) + "\n")

        # e. 1904 date system, hand-written
        write_orders_1904(os.path.join(HERE, "orders_1904.xlsx"))

        with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected(orders, opps, acts, merges, targets, long_rows, team_month, en,
                               ORDERS_1904), f, ensure_ascii=False, indent=2)
            f.write("\n")

        # bad workbooks
        os.makedirs(BAD, exist_ok=True)
        write_unrecognised(os.path.join(BAD, "workbook_unrecognised.xlsx"))
        with open(plain, "rb") as f:
            data = f.read()
        with open(os.path.join(BAD, "workbook_truncated.xlsx"), "wb") as f:
            f.write(data[: int(len(data) * 0.55)])
        write_encrypted(plain, os.path.join(BAD, "workbook_encrypted.xlsx"))
        write_excel97(tmp, profile, os.path.join(BAD, "orders_excel97.xls"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("wrote", HERE, "and", BAD)


if __name__ == "__main__":
    main()
