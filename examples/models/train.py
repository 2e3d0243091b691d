"""Trains the example models on the demo bank (`seg demo`: 10,000 customers, seed 42, as of
2026-11-01), with features computed in SQL exactly as the Seg defines in
examples/models/features.seg compute them, so the names and values match.

    python examples/models/train.py DEMO_DB      (requirements.txt pins the libraries)

Writes churn_xgb.json (XGBoost, churned_next_90d) and fund_lgb.txt (LightGBM: bought a fund
in the last 90 days, trained on features that exclude fund purchases).
"""
import sqlite3, sys, os
import numpy as np
import xgboost as xgb
import lightgbm as lgb

here = os.path.dirname(os.path.abspath(__file__))
AS_OF = "2026-11-01"
FEATURES = """
SELECT c.customer_id, c.age, c.aum, c.annual_income, c.credit_score, c.mobile_banking, c.deposit_balance, c.wealth_balance,
  (SELECT COUNT(*) FROM app_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'login'
     AND date(e.event_time) > date(:as_of, '-30 days') AND date(e.event_time) <= :as_of) AS logins_30d,
  (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'withdrawal'
     AND t.txn_date > date(:as_of, '-90 days') AND t.txn_date <= :as_of) AS withdrawals_90d,
  (SELECT COUNT(*) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'payroll'
     AND t.txn_date > date(:as_of, '-90 days') AND t.txn_date <= :as_of) AS payroll_90d,
  c.aum / NULLIF((SELECT SUM(balance_3m_ago) FROM holdings h WHERE h.customer_id = c.customer_id), 0) AS aum_change,
  c.churned_next_90d,
  EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'fund_purchase'
     AND t.txn_date > date(:as_of, '-90 days') AND t.txn_date <= :as_of) AS fund_buyer
FROM customers c ORDER BY c.customer_id
"""
cols = ["age", "aum", "annual_income", "credit_score", "mobile_banking", "deposit_balance", "wealth_balance", "logins_30d", "withdrawals_90d", "payroll_90d", "aum_change"]

def features(path):
    """Feature matrix, churn label and fund label, one row per customer in key order."""
    rows = sqlite3.connect(path).execute(FEATURES, {"as_of": AS_OF}).fetchall()
    X = np.array([[np.nan if v is None else float(v) for v in r[1:12]] for r in rows])
    churn = np.array([r[12] for r in rows])
    fund = np.array([r[13] for r in rows])
    return [r[0] for r in rows], X, churn, fund

CHURN_FEATURES = ["age", "aum", "credit_score", "mobile_banking", "logins_30d", "withdrawals_90d", "aum_change"]
FUND_FEATURES = ["age", "annual_income", "deposit_balance", "wealth_balance", "payroll_90d", "logins_30d"]

if __name__ == "__main__":
    keys, X, churn, fund = features(sys.argv[1])
    churn_features = CHURN_FEATURES
    idx = [cols.index(f) for f in churn_features]
    d = xgb.DMatrix(X[:, idx], label=churn, feature_names=churn_features, missing=np.nan)
    b = xgb.train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.1, "nthread": 1, "seed": 1}, d, 60)
    b.save_model(os.path.join(here, "churn_xgb.json"))

    fund_features = FUND_FEATURES
    idx = [cols.index(f) for f in fund_features]
    m = lgb.train({"objective": "binary", "num_leaves": 15, "learning_rate": 0.1, "verbose": -1, "num_threads": 1, "seed": 1},
                  lgb.Dataset(X[:, idx], fund, feature_name=fund_features), 60)
    m.save_model(os.path.join(here, "fund_lgb.txt"))
    print("churn AUC (train):", __import__("sklearn.metrics").metrics.roc_auc_score(churn, b.predict(d)))
