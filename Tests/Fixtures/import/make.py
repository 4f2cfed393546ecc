#!/usr/bin/env python3
"""Makes the CSV fixtures for the non-order tables.

    python3 make.py     # plain Python 3, no packages

Writes, all UTF-8 without BOM, LF line ends, no quoted fields (so a record is a file line):
  - here: opportunities_mixed.csv, surveys_mixed.csv, activities_mixed.csv, reviews.csv,
    reps.csv, customers.csv, products.csv (good rows with a few bad ones mixed in), and
    expected.json with what Python computes from the rows below;
  - in corpus/bad/import/: one small file per kind of bad row, every data row bad the same way.
The data is written out literally below; nothing is random.
"""
import datetime as dt
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.normpath(os.path.join(HERE, "..", "..", "..", "corpus", "bad", "import"))

STAGES = ["初步接洽", "需求确认", "方案报价", "谈判审核", "赢单", "输单"]
OPEN_STAGES = STAGES[:4]
ACTIVITY_TYPES = {"电话": "call", "拜访": "visit", "上门": "visit", "演示": "demo",
                  "跟进": "follow_up", "微信": "email", "邮件": "email"}
CANONICAL = ["call", "visit", "demo", "follow_up", "email"]
REVIEW_TYPES = ["团队协作", "沟通效果"]


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for row in [header] + rows:
            cells = ["" if v is None else str(v) for v in row]
            assert all("," not in c and '"' not in c and "\n" not in c for c in cells), row
            f.write(",".join(cells) + "\n")


def d(s):
    return dt.date.fromisoformat(s)


def num(x):
    return int(x) if isinstance(x, float) and x.is_integer() else x


def mixed(rows):
    """rows: list of (row, None) for good rows or (row, (column, reason)) for bad rows.
    Returns the plain rows, the good rows and the bad-row list with 1-based file lines."""
    plain, good, bad = [], [], []
    for i, (row, why) in enumerate(rows):
        plain.append(row)
        if why is None:
            good.append(row)
        else:
            col, reason = why
            bad.append(dict(line=i + 2, column=col, reason=reason))
    return plain, good, bad


# --------------------------------------------------------------------------------------------
# Bad files: every data row bad the same way (corpus/bad/import/)
# --------------------------------------------------------------------------------------------
OPP_HEAD = ["商机编号", "客户名称", "销售员", "商机阶段", "创建日期", "成交日期", "商机金额"]
SURVEY_HEAD = ["调查日期", "客户名称", "销售员", "满意度评分", "投诉"]
TLONG_HEAD = ["范围", "对象", "期间", "目标金额"]
TWIDE_HEAD = ["销售员"] + [f"{m}月" for m in range(1, 13)]
ACT_HEAD = ["跟进日期", "销售员", "客户名称", "跟进方式"]

BAD_FILES = {
    "opportunities_unknown_stage.csv": dict(
        table="opportunities", column="商机阶段", reason="unknown stage",
        header=OPP_HEAD, rows=[
            ["SJ2026-101", "上海明达科技有限公司", "王磊", "待定", "2026-03-02", "", "38400"],
            ["SJ2026-102", "广州恒信物流有限公司", "刘洋", "Demo Scheduled", "2026-03-09", "", "25600"],
            ["SJ2026-103", "南京华瑞贸易有限公司", "李娜", "已搁置", "2026-04-13", "", "17600"],
        ]),
    "opportunities_closed_before_created.csv": dict(
        table="opportunities", column="成交日期", reason="成交日期 is earlier than 创建日期",
        header=OPP_HEAD, rows=[
            ["SJ2026-111", "苏州同创电子有限公司", "张伟", "赢单", "2026-05-20", "2026-05-02", "51200"],
            ["SJ2026-112", "深圳智汇科技有限公司", "陈静", "赢单", "2026-06-15", "2026-03-01", "12800"],
            ["SJ2026-113", "宁波海润食品有限公司", "王磊", "赢单", "2026-07-01", "2026-06-30", "9000"],
        ]),
    "surveys_score_7.csv": dict(
        table="surveys", column="满意度评分", reason="satisfaction score 7 is outside 1–5",
        header=SURVEY_HEAD, rows=[
            ["2026-04-08", "上海明达科技有限公司", "王磊", "7", "否"],
            ["2026-04-15", "广州恒信物流有限公司", "刘洋", "7", "是"],
            ["2026-04-22", "杭州云帆网络科技有限公司", "李娜", "7", "否"],
        ]),
    "surveys_complaint_maybe.csv": dict(
        table="surveys", column="投诉", reason="complaint is neither yes nor no",
        header=SURVEY_HEAD, rows=[
            ["2026-05-06", "东莞联丰制造有限公司", "陈静", "4", "maybe"],
            ["2026-05-13", "南京华瑞贸易有限公司", "张伟", "2", "不确定"],
            ["2026-05-20", "佛山美佳家居有限公司", "刘洋", "5", "maybe"],
        ]),
    "targets_negative.csv": dict(
        table="targets", column="目标金额", reason="negative target",
        header=TLONG_HEAD, rows=[
            ["公司", "", "2026", "-9800000"],
            ["团队", "华东一组", "2026-Q1", "-1200000"],
            ["销售员", "王磊", "2026-03", "-150000.5"],
        ]),
    "targets_wide_text_month.csv": dict(
        table="targets", column="(one month per row)", reason="a month's target is text, not a number",
        header=TWIDE_HEAD, rows=[
            ["王磊", "140000", "120000", "待定", "200000", "200000", "220000",
             "180000", "180000", "200000", "220000", "240000", "320000"],
            ["李娜", "112000.5", "96000.5", "144000.5", "160000.5", "待定", "176000.5",
             "144000.5", "144000.5", "160000.5", "176000.5", "192000.5", "256000.5"],
            ["刘洋", "105000", "90000", "135000", "150000", "150000", "165000",
             "135000", "135000", "150000", "165000", "180000", "TBD"],
        ]),
    "activities_unknown_type.csv": dict(
        table="activities", column="跟进方式", reason="unknown activity type",
        header=ACT_HEAD, rows=[
            ["2026-06-03", "王磊", "上海明达科技有限公司", "吃饭"],
            ["2026-06-10", "刘洋", "广州恒信物流有限公司", "golf"],
            ["2026-06-17", "李娜", "无锡博远机械有限公司", "吃饭"],
        ]),
}
BAD_WIDE_TEXT_CELLS = {2: "3月", 3: "5月", 4: "12月"}  # line -> the month holding text


# --------------------------------------------------------------------------------------------
# Mixed files (here)
# --------------------------------------------------------------------------------------------
OPPS = [
    (["SJ2026-001", "上海明达科技有限公司", "王磊", "赢单", "2026-01-12", "2026-02-20", "38400"], None),
    (["SJ2026-002", "广州恒信物流有限公司", "刘洋", "输单", "2026-01-19", "2026-03-02", "25600"], None),
    (["SJ2026-003", "杭州云帆网络科技有限公司", "李娜", "赢单", "2026-02-03", "2026-02-27", "17600.5"], None),
    (["SJ2026-004", "深圳智汇科技有限公司", "陈静", "方案报价", "2026-02-16", "", "51200"], None),
    (["SJ2026-005", "南京华瑞贸易有限公司", "张伟", "待定", "2026-03-02", "", "12800"],
     ("商机阶段", "unknown stage '待定'")),
    (["SJ2026-006", "苏州同创电子有限公司", "张伟", "赢单", "2026-03-09", "2026-04-30", "76800"], None),
    (["SJ2026-007", "", "王磊", "初步接洽", "2026-03-23", "", "8800"], None),
    (["SJ2026-008", "东莞联丰制造有限公司", "刘洋", "需求确认", "2026-04-06", "", "30000"], None),
    (["SJ2026-009", "宁波海润食品有限公司", "李娜", "谈判审核", "2026-04-20", "", "44000"], None),
    (["SJ2026-010", "佛山美佳家居有限公司", "陈静", "赢单", "2026-05-04", "2026-04-15", "18000"],
     ("成交日期", "成交日期 2026-04-15 is earlier than 创建日期 2026-05-04")),
    (["SJ2026-011", "厦门鑫海贸易有限公司", "陈静", "赢单", "2026-05-11", "2026-06-08", "25600"], None),
    (["SJ2026-012", "无锡博远机械有限公司", "王磊", "输单", "2026-05-25", "2026-07-06", "12800"], None),
    (["SJ2026-013", "", "张伟", "初步接洽", "2026-06-08", "", "6000"], None),
    (["SJ2026-014", "合肥天启信息技术有限公司", "李娜", "方案报价", "2026-06-22", "", "35200"], None),
]

SURVEYS = [
    (["2026-02-05", "上海明达科技有限公司", "王磊", "5", "否"], None),
    (["2026-02-12", "广州恒信物流有限公司", "刘洋", "3", "是"], None),
    (["2026-02-19", "杭州云帆网络科技有限公司", "李娜", "4", "否"], None),
    (["2026-03-05", "深圳智汇科技有限公司", "陈静", "2", "是"], None),
    (["2026-03-12", "南京华瑞贸易有限公司", "张伟", "7", "否"], ("满意度评分", "score 7 is outside 1–5")),
    (["2026-03-19", "苏州同创电子有限公司", "张伟", "4", "否"], None),
    (["2026-04-02", "东莞联丰制造有限公司", "刘洋", "5", "否"], None),
    (["2026-04-09", "宁波海润食品有限公司", "李娜", "1", "是"], None),
    (["2026-04-16", "佛山美佳家居有限公司", "陈静", "4", "不确定"], ("投诉", "complaint '不确定' is neither 是 nor 否")),
    (["2026-05-07", "厦门鑫海贸易有限公司", "陈静", "5", "否"], None),
    (["2026-05-14", "无锡博远机械有限公司", "王磊", "3", "否"], None),
    (["2026-05-21", "合肥天启信息技术有限公司", "李娜", "4", "否"], None),
]

ACTIVITIES = [
    (["2026-03-02", "王磊", "上海明达科技有限公司", "电话", "确认需求"], None),
    (["2026-03-03", "刘洋", "广州恒信物流有限公司", "拜访", "见了采购经理"], None),
    (["2026-03-04", "李娜", "杭州云帆网络科技有限公司", "上门", "现场调研"], None),
    (["2026-03-05", "陈静", "深圳智汇科技有限公司", "演示", "演示报表功能"], None),
    (["2026-03-06", "张伟", "南京华瑞贸易有限公司", "跟进", "催合同"], None),
    (["2026-03-09", "王磊", "无锡博远机械有限公司", "吃饭", "请客户吃饭"], ("跟进方式", "unknown activity type '吃饭'")),
    (["2026-03-10", "刘洋", "东莞联丰制造有限公司", "微信", "发了报价单"], None),
    (["2026-03-11", "李娜", "宁波海润食品有限公司", "邮件", "发送方案"], None),
    (["2026-03-12", "张伟", "苏州同创电子有限公司", "电话", "约下次拜访"], None),
    (["2026-03-13", "陈静", "佛山美佳家居有限公司", "电话", ""], None),
    (["2026-03-16", "王磊", "合肥天启信息技术有限公司", "演示", "线上演示"], None),
    (["2026-03-17", "刘洋", "厦门鑫海贸易有限公司", "golf", "打球"], ("跟进方式", "unknown activity type 'golf'")),
    (["2026-03-18", "陈静", "珠海蓝海医疗器械有限公司", "拜访", "初次见面"], None),
    (["2026-03-19", "李娜", "杭州云帆网络科技有限公司", "微信", "确认培训时间"], None),
    (["2026-03-20", "张伟", "南京华瑞贸易有限公司", "跟进", "合同已签"], None),
]

REVIEWS = [
    (["2026-03", "王磊", "李娜", "团队协作", "4"], None),
    (["2026-03", "王磊", "张伟", "沟通效果", "5"], None),
    (["2026-03", "李娜", "王磊", "团队协作", "3"], None),
    (["2026-03", "李娜", "张伟", "沟通效果", "4"], None),
    (["2026-03", "张伟", "王磊", "团队协作", "6"], ("评分", "score 6 is outside 1–5")),
    (["2026-03", "张伟", "李娜", "沟通效果", "2"], None),
    (["2026-03", "刘洋", "陈静", "团队协作", "5"], None),
    (["2026-03", "刘洋", "陈静", "沟通效果", "4"], None),
    (["2026-03", "陈静", "刘洋", "团队协作", "4"], None),
    (["2026-03", "陈静", "刘洋", "领导力", "5"], ("评价类型", "unknown review type '领导力'")),
    (["2026-04", "王磊", "李娜", "团队协作", "5"], None),
    (["2026-04", "李娜", "王磊", "沟通效果", "3"], None),
    (["2026-04", "陈静", "刘洋", "沟通效果", "5"], None),
]

REPS = [
    (["王磊", "华东一组", "华东", "2021-03-01", ""], None),
    (["李娜", "华东一组", "华东", "2022-07-15", ""], None),
    (["张伟", "华东一组", "华东", "2023-02-20", ""], None),
    (["刘洋", "华南一组", "华南", "2020-09-01", ""], None),
    (["", "华南一组", "华南", "2024-05-06", ""], ("销售员", "no rep name")),
    (["陈静", "华南一组", "华南", "2024-04-01", ""], None),
    (["赵敏", "华南一组", "华南", "2022-01-10", "2026-06-30"], None),
    (["孙浩", "华东一组", "华东", "2025-03-03", "2024-12-31"],
     ("离职日期", "离职日期 2024-12-31 is earlier than 入职日期 2025-03-03")),
    (["周婷", "华东一组", "华东", "2023-11-01", "2026-02-28"], None),
]

CUSTOMERS = [
    (["上海明达科技有限公司", "华东", "重点客户", "科技", "2024-05-10"], None),
    (["杭州云帆网络科技有限公司", "华东", "普通客户", "科技", "2025-01-08"], None),
    (["南京华瑞贸易有限公司", "华东", "普通客户", "贸易", "2025-03-17"], None),
    (["苏州同创电子有限公司", "华东", "重点客户", "制造业", "2023-11-02"], None),
    (["宁波海润食品有限公司", "华东", "普通客户", "食品", "2026-02-30"], ("创建日期", "2026-02-30 is an impossible date")),
    (["无锡博远机械有限公司", "华东", "普通客户", "制造业", "2025-09-22"], None),
    (["合肥天启信息技术有限公司", "华东", "潜在客户", "科技", "2026-04-01"], None),
    (["广州恒信物流有限公司", "华南", "重点客户", "物流", "2024-08-19"], None),
    (["深圳智汇科技有限公司", "华南", "重点客户", "科技", "2024-12-03"], None),
    (["", "华南", "普通客户", "制造业", "2025-06-30"], ("客户名称", "no customer name")),
    (["东莞联丰制造有限公司", "华南", "普通客户", "制造业", "2025-06-30"], None),
    (["佛山美佳家居有限公司", "华南", "普通客户", "零售", "2025-10-14"], None),
    (["厦门鑫海贸易有限公司", "华南", "潜在客户", "贸易", "2026-03-09"], None),
    (["珠海蓝海医疗器械有限公司", "华南", "潜在客户", "医疗", "2026-05-18"], None),
]

PRODUCTS = [
    (["CRM标准版", "软件", "12800"], None),
    (["CRM专业版", "软件", "25600"], None),
    (["数据分析模块", "软件", "8800"], None),
    (["定制开发", "服务", "面议"], ("单价", "'面议' is not a number")),
    (["实施服务", "服务", "5000"], None),
    (["培训服务", "服务", "3000"], None),
    (["旧版升级包", "软件", "-200"], ("单价", "negative price")),
    (["年度维保", "服务", "6000"], None),
]


def mean(xs):
    return round(sum(xs) / len(xs), 4)


def main():
    files = {}

    # opportunities
    plain, good, bad = mixed(OPPS)
    write_csv(os.path.join(HERE, "opportunities_mixed.csv"), OPP_HEAD, plain)
    won = [r for r in good if r[3] == "赢单"]
    lost = [r for r in good if r[3] == "输单"]
    days = [(d(r[5]) - d(r[4])).days for r in won]
    files["opportunities_mixed.csv"] = dict(
        table="opportunities", header=OPP_HEAD, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            count_by_stage={s: sum(1 for r in good if r[3] == s) for s in STAGES},
            open_deals=sum(1 for r in good if r[3] in OPEN_STAGES),
            open_deals_without_customer=sum(1 for r in good if r[3] in OPEN_STAGES and not r[1]),
            won_amount=num(sum(float(r[6]) for r in won)),
            lost_amount=num(sum(float(r[6]) for r in lost)),
            won_days_to_close=days,
            won_average_days_to_close=mean(days),
            win_rate_of_closed=round(len(won) / (len(won) + len(lost)), 4),
        ))

    # surveys
    plain, good, bad = mixed(SURVEYS)
    write_csv(os.path.join(HERE, "surveys_mixed.csv"), SURVEY_HEAD, plain)
    scores = [int(r[3]) for r in good]
    reps = sorted({r[2] for r in good})
    files["surveys_mixed.csv"] = dict(
        table="surveys", header=SURVEY_HEAD, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            average_score=mean(scores),
            score_counts={str(s): scores.count(s) for s in range(1, 6)},
            complaint_count=sum(1 for r in good if r[4] == "是"),
            no_complaint_count=sum(1 for r in good if r[4] == "否"),
            average_score_by_rep={p: mean([int(r[3]) for r in good if r[2] == p]) for p in reps},
        ))

    # activities
    plain, good, bad = mixed(ACTIVITIES)
    write_csv(os.path.join(HERE, "activities_mixed.csv"), ACT_HEAD + ["备注"], plain)
    assert set(ACTIVITY_TYPES) <= {r[3] for r in good}
    files["activities_mixed.csv"] = dict(
        table="activities", header=ACT_HEAD + ["备注"], data_rows=len(plain), good_rows=len(good),
        bad_rows=bad,
        figures=dict(
            count_by_type={c: sum(1 for r in good if ACTIVITY_TYPES[r[3]] == c) for c in CANONICAL},
            count_by_word={w: sum(1 for r in good if r[3] == w) for w in ACTIVITY_TYPES},
            synonyms=ACTIVITY_TYPES,
            empty_notes=sum(1 for r in good if not r[4]),
        ))

    # reviews
    head = ["考核月份", "被评人", "评价人", "评价类型", "评分"]
    plain, good, bad = mixed(REVIEWS)
    write_csv(os.path.join(HERE, "reviews.csv"), head, plain)
    people = sorted({r[1] for r in good})
    files["reviews.csv"] = dict(
        table="reviews", header=head, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            count_by_type={t: sum(1 for r in good if r[3] == t) for t in REVIEW_TYPES},
            average_score=mean([int(r[4]) for r in good]),
            average_score_by_type={t: mean([int(r[4]) for r in good if r[3] == t]) for t in REVIEW_TYPES},
            average_score_by_person={p: mean([int(r[4]) for r in good if r[1] == p]) for p in people},
            count_by_month={m: sum(1 for r in good if r[0] == m) for m in sorted({r[0] for r in good})},
        ))

    # reps
    head = ["销售员", "团队", "区域", "入职日期", "离职日期"]
    plain, good, bad = mixed(REPS)
    write_csv(os.path.join(HERE, "reps.csv"), head, plain)
    files["reps.csv"] = dict(
        table="reps", header=head, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            count_by_team={t: sum(1 for r in good if r[1] == t) for t in ("华东一组", "华南一组")},
            without_leave_date=sorted(r[0] for r in good if not r[4]),
            with_leave_date={r[0]: r[4] for r in good if r[4]},
        ))

    # customers
    head = ["客户名称", "区域", "客户类型", "行业", "创建日期"]
    plain, good, bad = mixed(CUSTOMERS)
    write_csv(os.path.join(HERE, "customers.csv"), head, plain)
    files["customers.csv"] = dict(
        table="customers", header=head, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            count_by_region={g: sum(1 for r in good if r[1] == g) for g in ("华东", "华南")},
            count_by_type={t: sum(1 for r in good if r[2] == t) for t in ("重点客户", "普通客户", "潜在客户")},
            count_by_industry={i: sum(1 for r in good if r[3] == i) for i in sorted({r[3] for r in good})},
            created_in_2026=sum(1 for r in good if r[4].startswith("2026")),
        ))

    # products
    head = ["产品名称", "类别", "单价"]
    plain, good, bad = mixed(PRODUCTS)
    write_csv(os.path.join(HERE, "products.csv"), head, plain)
    files["products.csv"] = dict(
        table="products", header=head, data_rows=len(plain), good_rows=len(good), bad_rows=bad,
        figures=dict(
            count_by_category={c: sum(1 for r in good if r[1] == c) for c in ("软件", "服务")},
            average_price=mean([float(r[2]) for r in good]),
            prices={r[0]: int(r[2]) for r in good},
        ))

    # bad files
    bad_files = {}
    for name, spec in BAD_FILES.items():
        write_csv(os.path.join(BAD, name), spec["header"], spec["rows"])
        lines = list(range(2, 2 + len(spec["rows"])))
        entry = dict(table=spec["table"], header=spec["header"], data_rows=len(spec["rows"]),
                     good_rows=0, bad_lines=lines, column=spec["column"], reason=spec["reason"])
        if name == "targets_wide_text_month.csv":
            entry["text_cells"] = {str(k): v for k, v in BAD_WIDE_TEXT_CELLS.items()}
            for line, month in BAD_WIDE_TEXT_CELLS.items():
                row = spec["rows"][line - 2]
                col = TWIDE_HEAD.index(month)
                assert not row[col].replace(".", "").isdigit(), (line, month)
                assert sum(1 for v in row[1:] if not v.replace(".", "").isdigit()) == 1
        bad_files[name] = entry

    out = {
        "about": "Computed by make.py from the rows it wrote. Lines are 1-based file lines, the "
                 "header is line 1. Figures are over the good rows only. Activity words map to "
                 "call/visit/demo/follow_up/email as in 'synonyms'.",
    }
    out.update(files)
    out["corpus/bad/import"] = bad_files
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", HERE, "and", BAD)


if __name__ == "__main__":
    main()
