#!/usr/bin/env python3
"""A back-dated reference over the demo bank (LANGUAGE.md §4: every read of a dated relation
stops at as_of), in plain Python over the raw rows.

usage: backdated.py BANK.db AS_OF… > expected.json

For each as_of: the number of customers meeting each condition of CONDITIONS (every
aggregate kind, with and without windows, on a date and on a timestamp relation) and the
customers of each stdlib.rfm group, computed from its formula (ntile by rank, LANGUAGE.md §4).
"""
import datetime as dt
import json
import sqlite3
import sys
from collections import defaultdict

D = dt.date.fromisoformat


def within(a, n):
    return lambda d: a - dt.timedelta(days=n) < d <= a


def conditions(a):
    """(Seg condition, predicate(transactions, logins)) where transactions are
    (date, txn_id, type, amount) and logins (date, event_id, event_type), both as of a and
    sorted by (date, id)."""
    w30, w60, w90, w180 = within(a, 30), within(a, 60), within(a, 90), within(a, 180)
    return [
        ("count(transactions) >= 20", lambda t, l: len(t) >= 20),
        ("count(transactions within 30 days) >= 3", lambda t, l: sum(w30(x[0]) for x in t) >= 3),
        ("sum(transactions.amount) > 100000", lambda t, l: sum(x[3] for x in t) > 100000),
        ("sum(transactions.amount within 90 days) > 20000", lambda t, l: sum(x[3] for x in t if w90(x[0])) > 20000),
        ("avg(transactions.amount) > 3000", lambda t, l: bool(t) and sum(x[3] for x in t) / len(t) > 3000),
        ("min(transactions.amount) < 50", lambda t, l: bool(t) and min(x[3] for x in t) < 50),
        ("max(transactions.amount within 60 days) >= 10000", lambda t, l: max([x[3] for x in t if w60(x[0])], default=-1) >= 10000),
        ("distinct_count(transactions.type) >= 4", lambda t, l: len({x[2] for x in t}) >= 4),
        ("first(transactions.type) = \"payroll\"", lambda t, l: bool(t) and t[0][2] == "payroll"),
        ("last(transactions.type) = \"card_spend\"", lambda t, l: bool(t) and t[-1][2] == "card_spend"),
        ("any(transactions where type = \"fund_purchase\")", lambda t, l: any(x[2] == "fund_purchase" for x in t)),
        ("any(transactions where type = \"payroll\" within 60 days)", lambda t, l: any(x[2] == "payroll" and w60(x[0]) for x in t)),
        ("days_since(last(transactions.txn_date)) > 30", lambda t, l: bool(t) and (a - t[-1][0]).days > 30),
        ("days_since(last(transactions.txn_date)) < 0", lambda t, l: bool(t) and (a - t[-1][0]).days < 0),
        ("count(app_logins) >= 10", lambda t, l: len(l) >= 10),
        ("count(app_logins where event_type = \"login\" within 30 days) >= 2", lambda t, l: sum(x[2] == "login" and w30(x[0]) for x in l) >= 2),
        ("days_since(last(app_logins.event_time)) <= 7", lambda t, l: bool(l) and (a - l[-1][0]).days <= 7),
        ("last(app_logins.event_time) = " + a.isoformat(), lambda t, l: bool(l) and l[-1][0] == a),
    ]


def ntile(values, n):
    """LANGUAGE.md §4: 1 + floor(n (r - 1) / N), r = 1 + how many are smaller."""
    present = sorted(v for v in values.values() if v is not None)
    N = len(present)
    out, smaller = {}, {}
    for i, v in enumerate(present):
        smaller.setdefault(v, i)
    for k, v in values.items():
        out[k] = None if v is None else 1 + (n * smaller[v]) // N
    return out


def main(db, dates):
    con = sqlite3.connect(db)
    customers = [r[0] for r in con.execute("SELECT customer_id FROM customers")]
    txns, logins = defaultdict(list), defaultdict(list)
    for c, d, i, ty, amt in con.execute("SELECT customer_id, txn_date, txn_id, type, amount FROM transactions WHERE txn_date IS NOT NULL"):
        txns[c].append((D(d), i, ty, amt))
    for c, t, i, ty in con.execute("SELECT customer_id, event_time, event_id, event_type FROM app_events"):
        logins[c].append((D(t[:10]), i, ty))
    for rows in list(txns.values()) + list(logins.values()):
        rows.sort(key=lambda x: (x[0], x[1]))
    result = {}
    for iso in dates:
        a = D(iso)
        conds = conditions(a)
        counts = {text: 0 for text, _ in conds}
        rec, freq, mon = {}, {}, {}
        for c in customers:
            t = [x for x in txns.get(c, []) if x[0] <= a]
            l = [x for x in logins.get(c, []) if x[0] <= a]
            for text, pred in conds:
                counts[text] += bool(pred(t, l))
            rec[c] = (a - t[-1][0]).days if t else None
            freq[c] = sum(within(a, 180)(x[0]) for x in t)
            mon[c] = sum(x[3] for x in t if x[2] in ("deposit", "payroll", "fund_purchase") and within(a, 180)(x[0]))
        r, f, m = ntile(rec, 5), ntile(freq, 5), ntile(mon, 5)
        groups = defaultdict(int)
        for c in customers:
            if rec[c] is None:
                g = "inactive"
            else:
                rs = 6 - r[c]
                if rs >= 4 and f[c] >= 4 and m[c] >= 4:
                    g = "champions"
                elif rs >= 3 and f[c] >= 3:
                    g = "loyal"
                elif rs >= 4:
                    g = "potential"
                elif f[c] >= 3:
                    g = "at_risk"
                else:
                    g = "hibernating"
            groups[g] += 1
        result[iso] = {"counts": counts, "rfm": dict(groups)}
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
