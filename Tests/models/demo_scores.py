"""The example models scored by their own libraries on a demo bank, with the features
computed in SQL by examples/models/train.py:  python demo_scores.py DEMO_DB OUT_CSV
Writes customer_id, churn_risk (XGBoost predict), fund_propensity (LightGBM predict)."""
import csv, os, sys
import numpy as np
import xgboost as xgb
import lightgbm as lgb
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/models"))
import train

keys, X, _, _ = train.features(sys.argv[1])
here = os.path.dirname(train.__file__)
churn = xgb.Booster(model_file=os.path.join(here, "churn_xgb.json"))
idx = [train.cols.index(f) for f in train.CHURN_FEATURES]
c = churn.predict(xgb.DMatrix(X[:, idx], feature_names=train.CHURN_FEATURES, missing=np.nan))
fund = lgb.Booster(model_file=os.path.join(here, "fund_lgb.txt"))
f = fund.predict(X[:, [train.cols.index(n) for n in train.FUND_FEATURES]])
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    for k, a, b in zip(keys, c, f):
        w.writerow([k, repr(float(a)), repr(float(b))])
