"""Model scoring benchmark (issue: models): Seg scoring every customer with a 300-tree,
depth-6 XGBoost model — in-process (Swift functions inside SQLite's query) and pushed down
(the model as SQL) — against XGBoost's own predict on one thread, on the same rows.

    python bench/models.py [CUSTOMERS]      (default 1,000,000; needs xgboost, numpy)

To compare scoring and not feature engineering, the features are plain columns of one
table, so Seg and XGBoost read the same numbers. Seg's figure is a whole `seg run` of
`count churn_risk > 0.5` (process start, check, scoring every row in SQLite); XGBoost's
is `predict` on a numpy array already in memory (what a Python user would time).
"""
import os, sqlite3, statistics, subprocess, sys, tempfile, time
import numpy as np
import xgboost as xgb

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
runs = int(os.environ.get("BENCH_RUNS", "3"))
subprocess.run(["swift", "build", "-c", "release", "--product", "seg"], cwd=root, check=True, stdout=subprocess.DEVNULL)
seg = os.path.join(root, ".build/release/seg")
work = tempfile.mkdtemp(prefix="seg-bench-models-")

rng = np.random.default_rng(7)
names = ["age", "aum", "logins_30d", "withdrawals_90d", "aum_change", "credit_score", "tenure"]
X = np.column_stack([
    rng.integers(18, 80, n), rng.lognormal(11, 1.5, n), rng.poisson(6, n), rng.lognormal(8, 2, n),
    rng.normal(1, 0.3, n), rng.integers(350, 850, n), rng.integers(0, 30, n),
]).astype(float)
X[rng.random(n) < 0.05, 4] = np.nan
z = -2 + 0.03 * (X[:, 0] - 45) - 0.2 * X[:, 2] + 1.5 * np.nan_to_num(1 - X[:, 4])
y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
d = xgb.DMatrix(X, label=y, feature_names=names, missing=np.nan)
model = xgb.train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.05, "nthread": 2, "seed": 1}, d, 300)
path = os.path.join(work, "churn.json")
model.save_model(path)

db = os.path.join(work, "bank.db")
con = sqlite3.connect(db)
con.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, %s)" % ", ".join(f"{c} REAL" for c in names))
con.executemany("INSERT INTO customers VALUES (%s)" % ", ".join("?" * (len(names) + 1)),
                ((i + 1, *[None if np.isnan(v) else float(v) for v in row]) for i, row in enumerate(X)))
con.commit()
con.close()
script = os.path.join(work, "score.seg")
with open(script, "w") as f:
    f.write(f'model churn_risk = "{path}"\ncount churn_risk > 0.5\n')

def timed(fn):
    times = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return statistics.median(times)

def seg_run(mode, threads=None):
    env = dict(os.environ, **({"SEG_SCORING_THREADS": str(threads)} if threads else {}))
    out = subprocess.run([seg, "run", script, "--db", db, "--models", mode], check=True, capture_output=True, text=True, env=env).stdout
    return out

booster = xgb.Booster(model_file=path)
booster.set_param({"nthread": 1})
dm = xgb.DMatrix(X, feature_names=names, missing=np.nan)
expected = int((booster.predict(dm) > 0.5).sum())
skip_pushdown = os.environ.get("BENCH_SKIP_PUSHDOWN") == "1"
for mode in ["inprocess"] + ([] if skip_pushdown else ["pushdown"]):
    got = int(seg_run(mode).strip().rsplit(":", 1)[1].replace(",", ""))
    assert got == expected, (mode, got, expected)

def predict_only():
    # A new DMatrix each time: XGBoost caches the predictions of a DMatrix it has seen.
    fresh = xgb.DMatrix(X, feature_names=names, missing=np.nan)
    t = time.perf_counter(); booster.predict(fresh); return time.perf_counter() - t

t_xgb = statistics.median(predict_only() for _ in range(runs))
t_xgb_all = timed(lambda: booster.predict(xgb.DMatrix(X, feature_names=names, missing=np.nan)))
t_in = timed(lambda: seg_run("inprocess"))
t_in1 = timed(lambda: seg_run("inprocess", threads=1))
t_push = None if skip_pushdown else timed(lambda: seg_run("pushdown"))
print(f"Scoring {n:,} customers, 300 trees of depth 6 ({runs} runs, median); counts agree: {expected:,} above 0.5")
print(f"  XGBoost predict, 1 thread (DMatrix built)     {t_xgb:8.2f} s")
print(f"  XGBoost DMatrix + predict, 1 thread           {t_xgb_all:8.2f} s")
print(f"  seg run, in-process scoring, 1 thread         {t_in1:8.2f} s   {t_in1 / t_xgb:5.2f}x XGBoost predict")
print(f"  seg run, in-process scoring, every core       {t_in:8.2f} s   {t_in / t_xgb:5.2f}x XGBoost predict")
if t_push is not None:
    print(f"  seg run --models pushdown (SQL CASE trees)    {t_push:8.2f} s   {t_push / t_in:5.2f}x in-process")
