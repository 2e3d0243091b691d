"""The reference figures for Seg's campaign science (Tests/SegTests/CampaignScienceTests.swift).

Computed another way than Seg: each member's outcome, covariate and score by hand-written SQL on
the demo bank's SQLite file, then scikit-uplift (Qini, AUUC, uplift at k), statsmodels (Welch,
power) and numpy (deciles, CUPED). Prints one JSON object.

usage: campaign_reference.py DB
       campaign_reference.py uci bank-full.csv.gz
  (UCI Bank Marketing: every customer held out by the md5 rule with seed "uci" at 30%, the
  response y = "yes", the score balance — many ties —, the measure duration adjusted by age.)
"""
import hashlib
import json
import sqlite3
import sys
import warnings

import numpy as np
from sklift.metrics import qini_auc_score, uplift_at_k, uplift_auc_score
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

warnings.simplefilter("ignore")


def bucket(seed, k):
    return int(hashlib.md5(f"{seed}:{k}".encode()).hexdigest()[:8], 16) % 10000


def upliftFigures(key, score, treated, responded):
    """Deciles by numpy slices (best score first, ties by key), uplift at k, Qini and AUUC by sklift."""
    order = np.lexsort((key, -score))
    n = len(order)
    deciles = []
    for d in range(1, 11):
        part = order[n * (d - 1) // 10: n * d // 10]
        t, h = part[treated[part] == 1], part[treated[part] == 0]
        rt, rh = responded[t].mean(), responded[h].mean()
        low, high = confint_proportions_2indep(responded[t].sum(), len(t), responded[h].sum(), len(h), method="newcomb", compare="diff")
        top = order[: n * d // 10]
        tt, th = top[treated[top] == 1], top[treated[top] == 0]
        qini = responded[tt].sum() - responded[th].sum() * len(tt) / len(th)
        deciles.append({"decile": d, "customers": len(part), "treated": len(t), "held": len(h), "treated_rate": rt, "held_rate": rh,
                        "uplift": rt - rh, "uplift_ci_low": low, "uplift_ci_high": high,
                        "qini": qini})
    # sklift sorts by score with a stable mergesort and reverses it: rows in ascending score,
    # descending key, so its order is Seg's (best score first, ties by key).
    asc = np.lexsort((-key, score))
    for d in range(1, 10):
        deciles[d - 1]["uplift_top"] = uplift_at_k(responded[asc], score[asc], treated[asc], strategy="overall", k=d / 10)
    deciles[9]["uplift_top"] = responded[treated == 1].mean() - responded[treated == 0].mean()
    return {"deciles": deciles, "qini_auc": qini_auc_score(responded, score, treated), "auuc": uplift_auc_score(responded, score, treated)}


def meanFigures(measure, covariate, treated):
    """Welch by statsmodels, CUPED by numpy then statsmodels."""
    def welch(y):
        cm = CompareMeans(DescrStatsW(y[treated == 1]), DescrStatsW(y[treated == 0]))
        low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        t, p, df = cm.ttest_ind(usevar="unequal")
        return {"difference": y[treated == 1].mean() - y[treated == 0].mean(), "ci_low": low, "ci_high": high, "t": t, "df": df, "p_value": p}
    theta = np.cov(measure, covariate, ddof=1)[0, 1] / np.var(covariate, ddof=1)
    adjusted = measure - theta * (covariate - covariate.mean())
    cuped = welch(adjusted)
    se = lambda y: np.sqrt(y[treated == 1].var(ddof=1) / treated.sum() + y[treated == 0].var(ddof=1) / (1 - treated).sum())
    cuped["theta"] = theta
    cuped["variance_reduction"] = 1 - se(adjusted) ** 2 / se(measure) ** 2
    return {"welch": welch(measure), "cuped": cuped}


if sys.argv[1] == "uci":
    import csv
    import gzip
    with gzip.open(sys.argv[2], "rt") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    key = np.arange(1, len(rows) + 1)
    treated = np.array([0 if bucket("uci", k) < 3000 else 1 for k in key])
    responded = np.array([1 if r["y"] == "yes" else 0 for r in rows])
    balance = np.array([float(r["balance"]) for r in rows])
    out = upliftFigures(key, balance, treated, responded)
    out.update(meanFigures(np.array([float(r["duration"]) for r in rows]), np.array([float(r["age"]) for r in rows]), treated))
    print(json.dumps(out, default=float))
    sys.exit(0)

db = sqlite3.connect(sys.argv[1])

# The demo's past campaign: members and groups from the store, contacted 2026-09-01.
rows = db.execute("""
    SELECT m.member_key, m.grp, c.age,
      EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.amount >= 10000 AND t.txn_date >= '2026-09-01' AND t.txn_date < '2026-10-01'),
      (SELECT COUNT(*) FROM app_events e WHERE e.customer_id = c.customer_id AND e.event_type = 'login'
              AND date(e.event_time) > '2026-08-02' AND date(e.event_time) <= '2026-09-01'),
      (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.txn_date >= '2026-09-01' AND t.txn_date < '2026-10-01'),
      (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.txn_date >= '2026-06-03' AND t.txn_date < '2026-09-01'),
      c.mobile_banking
    FROM seg_list_members m JOIN customers c ON c.customer_id = m.member_key
    WHERE m.name = 'q3_deposit_drive' AND m.version = 1
    ORDER BY m.member_key""").fetchall()
key = np.array([r[0] for r in rows])
treated = np.array([1 if r[1] == "treatment" else 0 for r in rows])
age = np.array([r[2] for r in rows])
responded = np.array([int(r[3]) for r in rows])
score = np.array([r[4] + (60 - r[2]) / 10 for r in rows])
measure = np.array([float(r[5]) for r in rows])
covariate = np.array([float(r[6]) for r in rows])
mobile = np.array([int(r[7]) for r in rows])

out = upliftFigures(key, score, treated, responded)
out.update(meanFigures(measure, covariate, treated))

# The truth the generator planted, per segment: a call adds the deposit with chance p, so the
# expected uplift is p times the share who would not have deposited anyway (the holdout's).
truth = {}
for name, mask in (("persuadable", (mobile == 1) & (age < 45)), ("others", ~((mobile == 1) & (age < 45)))):
    t, h = mask & (treated == 1), mask & (treated == 0)
    truth[name] = {"members": int(mask.sum()), "held_rate": responded[h].mean(), "uplift": responded[t].mean() - responded[h].mean(),
                   "se": np.sqrt(responded[t].var() / t.sum() + responded[h].var() / h.sum())}
out["truth"] = truth

# A plan: target `aum >= 200k`, holdout 10% seed "plan", response over the 30 days up to
# 2026-11-01 (a look-back contact on 2026-10-03): members and buckets by the md5 rule.
plan = db.execute("""
    SELECT c.customer_id,
      EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.amount >= 10000 AND t.txn_date >= '2026-10-03' AND t.txn_date < '2026-11-02')
    FROM customers c WHERE c.aum >= 200000 ORDER BY c.customer_id""").fetchall()
held = sum(1 for k, _ in plan if bucket("plan", k) < 1000)
members = len(plan)
rate = sum(r for _, r in plan) / members
power = NormalIndPower()
h = power.solve_power(effect_size=None, nobs1=members - held, alpha=0.05, power=0.8, ratio=held / (members - held))
detectable = np.sin(np.arcsin(np.sqrt(rate)) + h / 2) ** 2 - rate
effect = proportion_effectsize(rate + 0.12, rate)
at_planned = power.power(effect_size=effect, nobs1=members - held, alpha=0.05, ratio=held / (members - held))
# The smallest `holdout P%` (in md5 buckets of 0.01%) whose held-out members reach 80%, by
# statsmodels' own power: every bucket count tried, the first that reaches it.
buckets = sorted(bucket("plan", k) for k, _ in plan)
hi = None
for b in range(1, 5001):
    h = sum(1 for x in buckets if x < b)
    if 0 < h < members and power.power(effect_size=effect, nobs1=members - h, alpha=0.05, ratio=h / (members - h)) >= 0.8:
        hi, needed = b / 10000, h
        break
assert power.power(effect_size=effect, nobs1=members / 2, alpha=0.05, ratio=1) >= 0.8, "the plan's uplift must be detectable"
out["plan"] = {"members": members, "holdout": held, "base_rate": rate, "detectable_uplift": detectable,
               "power_at_planned_holdout": at_planned, "holdout_needed_share": hi, "holdout_needed": needed}
# The same plan on a measure: deposits over the window, CUPED-adjusted by the 90 days before
# the look-back contact; d = uplift / sd (after adjustment), NormalIndPower again.
measured = db.execute("""
    SELECT c.customer_id,
      (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.txn_date >= '2026-10-03' AND t.txn_date < '2026-11-02'),
      (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.customer_id = c.customer_id AND t.type = 'deposit'
              AND t.txn_date >= '2026-07-05' AND t.txn_date < '2026-10-03')
    FROM customers c WHERE c.aum >= 200000 ORDER BY c.customer_id""").fetchall()
y = np.array([float(r[1]) for r in measured])
x = np.array([float(r[2]) for r in measured])
theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
sd = np.std(y - theta * (x - x.mean()), ddof=1)
d = power.solve_power(effect_size=None, nobs1=members - held, alpha=0.01, power=0.9, ratio=held / (members - held))
out["plan_measure"] = {"mean": y.mean(), "sd": np.std(y, ddof=1), "sd_adjusted": sd, "detectable_uplift": d * sd,
                       "power_at_planned_holdout": power.power(effect_size=20000 / sd, nobs1=members - held, alpha=0.01, ratio=held / (members - held))}
print(json.dumps(out, default=float))
