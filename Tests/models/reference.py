"""The Python reference for Seg's model tests: trains small models with the libraries
themselves and writes what they predict, so Seg's scores can be compared row by row.

    python reference.py OUT_DIR [UCI_BANK_FULL_CSV]

Writes, for each model NAME: NAME.json|.txt (the model), NAME.pred.csv (the library's own
predict, one value per row), NAME.contrib.csv (its TreeSHAP contributions, the last column
the bias); and X.csv, the feature rows (empty = missing), with feature names as header.
"""
import csv, gzip, sys, os
import numpy as np
import xgboost as xgb
import lightgbm as lgb
from sklearn.metrics import roc_auc_score, roc_curve

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261122)

def write_rows(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        if header: w.writerow(header)
        for r in rows:
            w.writerow(["" if (isinstance(v, float) and np.isnan(v)) else repr(float(v)) for v in r])

def dataset():
    """Synthetic features with missing values and exact ties, or UCI bank-full's numbers."""
    n = 3000
    X = np.column_stack([
        rng.normal(40, 12, n).round(0),           # age, whole numbers: ties on thresholds
        rng.lognormal(10, 1.5, n),                # aum
        rng.integers(0, 30, n).astype(float),     # logins_30d
        rng.normal(0, 1, n),                      # trend
    ])
    X[rng.random(n) < 0.15, 1] = np.nan
    X[rng.random(n) < 0.10, 3] = np.nan
    X[rng.random(n) < 0.05, 2] = 0.0
    z = -1 + 0.03 * (X[:, 0] - 40) - 0.08 * X[:, 2] + 0.9 * np.nan_to_num(X[:, 3]) + np.where(np.isnan(X[:, 1]), 0.5, 0)
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    return ["age", "aum", "logins_30d", "trend"], X, y

def uci(path):
    cols = ["age", "balance", "day", "duration", "campaign", "pdays", "previous"]
    rows, labels = [], []
    with (gzip.open(path, "rt") if path.endswith(".gz") else open(path)) as f:
        for r in csv.DictReader(f, delimiter=";"):
            rows.append([float(r[c]) for c in cols]); labels.append(1 if r["y"] == "yes" else 0)
    return cols, np.array(rows), np.array(labels)

sets = {"synthetic": dataset()}
if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
    sets["uci"] = uci(sys.argv[2])

for tag, (names, X, y) in sets.items():
    write_rows(f"{out}/{tag}.X.csv", names, X)
    write_rows(f"{out}/{tag}.y.csv", None, y.reshape(-1, 1))
    d = xgb.DMatrix(X, label=y, feature_names=names, missing=np.nan)
    for name, params, rounds in [
        ("xgb_logistic", {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "nthread": 1}, 40),
        ("xgb_regression", {"objective": "reg:squarederror", "max_depth": 3, "eta": 0.2, "nthread": 1}, 30),
    ]:
        b = xgb.train(params, d, rounds)
        b.save_model(f"{out}/{tag}.{name}.json")
        write_rows(f"{out}/{tag}.{name}.pred.csv", None, b.predict(d).reshape(-1, 1))
        write_rows(f"{out}/{tag}.{name}.contrib.csv", None, b.predict(d, pred_contribs=True))
    for name, params, rounds in [
        ("lgb_binary", {"objective": "binary", "num_leaves": 15, "verbose": -1, "num_threads": 1}, 40),
        ("lgb_binary_zero", {"objective": "binary", "num_leaves": 7, "zero_as_missing": True, "verbose": -1, "num_threads": 1}, 20),
        ("lgb_regression", {"objective": "regression", "num_leaves": 7, "verbose": -1, "num_threads": 1}, 30),
    ]:
        m = lgb.train(params, lgb.Dataset(X, y, feature_name=names), rounds)
        m.save_model(f"{out}/{tag}.{name}.txt")
        write_rows(f"{out}/{tag}.{name}.pred.csv", None, m.predict(X).reshape(-1, 1))
        write_rows(f"{out}/{tag}.{name}.contrib.csv", None, m.predict(X, pred_contrib=True))
    # AUC and KS of the XGBoost score, by scikit-learn.
    score = xgb.Booster(model_file=f"{out}/{tag}.xgb_logistic.json").predict(d)
    fpr, tpr, thr = roc_curve(y, score)
    k = int(np.argmax(tpr - fpr))
    write_rows(f"{out}/{tag}.metrics.csv", None, [[roc_auc_score(y, score), tpr[k] - fpr[k], thr[k]]])
