"""Forecast accuracy: kpish against statsforecast on the same rolling-origin back-tests.

Usage: forecast.py WORKDIR DEMO_DB KPISH_BENCH

1. Writes the series as series,period,value CSV (WORKDIR/series.csv): US retail sales (FRED
   RSAFS), Perrin Freres champagne, Superstore monthly sales by region and by category, and the
   demo company's monthly revenue by region (full months before the as-of month).
2. Runs `kpish-bench forecast` on it (kpish's forecaster, in process, timed there).
3. Runs statsforecast's AutoETS, AutoTheta and SeasonalNaive (season 12) on the same origins:
   one call over every (series, origin) training set, timed after a warm-up call that pays
   numba's compilation.
4. Prints sMAPE (%) and MASE per series and overall (the mean over series), the share of actuals
   inside each method's 80% and 95% intervals, and the time taken.

Origins: the last H values are forecast from n − H, n − H − 3, ... (at most four origins) while at
least 24 values remain before the origin. H = 6. MASE divides each origin's mean absolute error by
the in-sample mean absolute difference at lag 12 of that origin's training values.
"""
import csv
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, AutoTheta, SeasonalNaive

HORIZON = 6
SEASON = 12
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "real")


def origins(n):
    return sorted(n - HORIZON - 3 * k for k in range(4) if n - HORIZON - 3 * k >= 24)


def month_key(year, month):
    return f"{year:04d}-{month:02d}"


def fill_months(sums):
    """Every month from the first to the last, 0 where nothing was sold."""
    keys = sorted(sums)
    year, month = map(int, keys[0].split("-"))
    last = keys[-1]
    out = []
    while True:
        key = month_key(year, month)
        out.append((key, sums.get(key, 0.0)))
        if key == last:
            return out
        month += 1
        if month > 12:
            year, month = year + 1, 1


def load_series(demo_db, as_of):
    series = {}
    with open(os.path.join(DATA, "us_retail_sales_monthly.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
        series["us_retail"] = [(r[0][:7], float(r[1])) for r in rows]
    with open(os.path.join(DATA, "champagne_sales_monthly.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
        # Two junk records close the file: an empty one and a repeat of the title.
        series["champagne"] = [(r[0], float(r[1])) for r in rows if len(r) == 2 and r[1].strip()]
    by_region, by_category = defaultdict(lambda: defaultdict(float)), defaultdict(lambda: defaultdict(float))
    with open(os.path.join(DATA, "superstore.csv"), newline="", encoding="cp1252") as f:
        for row in csv.DictReader(f):
            month, _, year = row["Order Date"].split("/")
            key = month_key(int(year), int(month))
            by_region[row["Region"]][key] += float(row["Sales"])
            by_category[row["Category"]][key] += float(row["Sales"])
    for name, sums in sorted(by_region.items()):
        series[f"superstore_region_{name}"] = fill_months(sums)
    for name, sums in sorted(by_category.items()):
        series[f"superstore_category_{name.replace(' ', '_')}"] = fill_months(sums)
    current_month = as_of[:7]
    with sqlite3.connect(demo_db) as db:
        rows = db.execute(
            "SELECT region, substr(date, 1, 7), SUM(amount) FROM orders WHERE substr(date, 1, 7) < ? "
            "GROUP BY 1, 2 ORDER BY 1, 2",
            (current_month,),
        ).fetchall()
    demo = defaultdict(dict)
    for region, month, amount in rows:
        demo[region][month] = amount
    pinyin = {"华东": "east", "华南": "south", "华北": "north", "华中": "central", "西南": "southwest",
              "西北": "northwest", "东北": "northeast"}
    for region, sums in sorted(demo.items()):
        series[f"demo_{pinyin.get(region, region)}"] = fill_months(sums)
    return series


def run_kpish(bench, path, workdir):
    out = os.path.join(workdir, "kpish.csv")
    with open(out, "w") as f:
        result = subprocess.run([bench, "forecast", "--horizon", str(HORIZON), path], stdout=f,
                                stderr=subprocess.PIPE, text=True, check=True)
    elapsed = float(result.stderr.split("time_ms")[1].split()[0]) / 1000
    forecasts = {}
    with open(out, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["series"], int(row["origin"]), int(row["step"]))
            forecasts[key] = tuple(float(row[c]) for c in ("forecast", "low80", "high80", "low95", "high95"))
    return forecasts, elapsed


def training_frame(series):
    frames = []
    for name, values in series.items():
        for origin in origins(len(values)):
            ds = pd.date_range("2000-01-01", periods=origin, freq="MS")
            frames.append(pd.DataFrame({"unique_id": f"{name}@{origin}", "ds": ds,
                                        "y": [v for _, v in values[:origin]]}))
    return pd.concat(frames, ignore_index=True)


def run_statsforecast(series):
    models = [AutoETS(season_length=SEASON), AutoTheta(season_length=SEASON), SeasonalNaive(season_length=SEASON)]
    train = training_frame(series)
    warm = train[train["unique_id"] == train["unique_id"].iloc[0]]
    StatsForecast(models=models, freq="MS", n_jobs=1).forecast(df=warm, h=HORIZON, level=[80, 95])
    start = time.perf_counter()
    result = StatsForecast(models=models, freq="MS", n_jobs=1).forecast(df=train, h=HORIZON, level=[80, 95])
    elapsed = time.perf_counter() - start
    if "unique_id" not in result.columns:
        result = result.reset_index()
    forecasts = {name: {} for name in ("AutoETS", "AutoTheta", "SeasonalNaive")}
    for uid, group in result.groupby("unique_id"):
        name, origin = uid.rsplit("@", 1)
        group = group.sort_values("ds")
        for step, (_, row) in enumerate(group.iterrows(), start=1):
            for model in forecasts:
                forecasts[model][(name, int(origin), step)] = tuple(
                    max(float(row[c]), 0.0) if model != "raw" else float(row[c])
                    for c in (model, f"{model}-lo-80", f"{model}-hi-80", f"{model}-lo-95", f"{model}-hi-95"))
    return forecasts, elapsed


def score(series, forecasts):
    """Per series: sMAPE (%) and MASE; overall means; interval coverage over every point."""
    per_series, inside80, inside95, points = {}, 0, 0, 0
    for name, values in series.items():
        y = [v for _, v in values]
        smapes, mases = [], []
        for origin in origins(len(y)):
            history = y[:origin]
            scale = np.mean([abs(history[i] - history[i - SEASON]) for i in range(SEASON, len(history))])
            errors = []
            for step in range(1, HORIZON + 1):
                actual = y[origin + step - 1]
                f, lo80, hi80, lo95, hi95 = forecasts[(name, origin, step)]
                denominator = abs(actual) + abs(f)
                smapes.append(0.0 if denominator == 0 else 200 * abs(actual - f) / denominator)
                errors.append(abs(actual - f))
                inside80 += lo80 <= actual <= hi80
                inside95 += lo95 <= actual <= hi95
                points += 1
            mases.append(np.mean(errors) / scale)
        per_series[name] = (float(np.mean(smapes)), float(np.mean(mases)))
    overall = (float(np.mean([v[0] for v in per_series.values()])), float(np.mean([v[1] for v in per_series.values()])))
    return per_series, overall, inside80 / points, inside95 / points


def main():
    workdir, demo_db, bench = sys.argv[1], sys.argv[2], sys.argv[3]
    as_of = sys.argv[4] if len(sys.argv) > 4 else "2026-11-22"
    series = load_series(demo_db, as_of)
    path = os.path.join(workdir, "series.csv")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["series", "period", "value"])
        for name, values in series.items():
            for period, value in values:
                writer.writerow([name, period, value])

    kpish, kpish_time = run_kpish(bench, path, workdir)
    others, sf_time = run_statsforecast(series)
    methods = {"kpish": kpish, **others}
    scores = {name: score(series, forecasts) for name, forecasts in methods.items()}

    names = list(methods)
    print(f"\nForecast accuracy, rolling origin (h = {HORIZON}, origins 3 months apart, at most 4, "
          f"at least 24 months of history), sMAPE % / MASE")
    print(f"{'series':<38}{'n':>5}{'origins':>8}" + "".join(f"{m:>22}" for m in names))
    for name, values in series.items():
        cells = "".join(f"{scores[m][0][name][0]:>13.2f} /{scores[m][0][name][1]:>6.3f}" for m in names)
        print(f"{name:<38}{len(values):>5}{len(origins(len(values))):>8}{cells}")
    print(f"{'overall (mean over series)':<51}" + "".join(
        f"{scores[m][1][0]:>13.2f} /{scores[m][1][1]:>6.3f}" for m in names))
    print(f"{'80% interval coverage':<51}" + "".join(f"{scores[m][2] * 100:>20.1f}%" for m in names))
    print(f"{'95% interval coverage':<51}" + "".join(f"{scores[m][3] * 100:>20.1f}%" for m in names))
    print(f"\ntime: kpish {kpish_time:.2f} s (all origins, candidates, back-tests and model search, one core); "
          f"statsforecast {sf_time:.2f} s for the three models together (n_jobs=1, after a numba warm-up)")
    k, ets, snaive = scores["kpish"][1][0], scores["AutoETS"][1][0], scores["SeasonalNaive"][1][0]
    print(f"kpish sMAPE {k:.2f} vs SeasonalNaive {snaive:.2f}: {'beats' if k < snaive else 'does NOT beat'} it; "
          f"vs AutoETS {ets:.2f}: {100 * (k / ets - 1):+.1f}% ({'within' if k <= 1.05 * ets else 'NOT within'} 5%)")
    coverage = scores["kpish"][2]
    print(f"kpish 80% coverage {coverage * 100:.1f}% ({'inside' if 0.7 <= coverage <= 0.9 else 'OUTSIDE'} 70-90%)")


if __name__ == "__main__":
    main()
