#!/usr/bin/env python3
"""The reference for Seg's time rules (LANGUAGE.md §4), computed in plain Python.

Writes, to the folder given:
  time_rules.sql  customers with a timestamp field and events at every hour of boundary
                  days (portable SQL: SQLite and PostgreSQL load it unchanged);
  time_rules_numeric.sql  for SQLite, the same events stored as Julian days and as Unix
                  seconds (SQLite keeps any value in any column);
  events.csv, customers.csv  the same rows for Spark;
  time_rules.seg  one `count` per condition;
  expected.json   {as_of: {condition: count}} for each as_of date.

Rules checked: a timestamp counts by its date (comparisons, between, in, days_since,
months_since, year, month, first/last, windows); every read of a dated relation stops at
as_of, windowed or not; `within N days` is as_of - N < date <= as_of, `within N months`
clamps to the month's end; `between` is inclusive, `before` strict.
"""
import datetime as dt
import json
import sys
from pathlib import Path

D = dt.date
AS_OFS = [D(2026, 3, 31), D(2026, 2, 28), D(2026, 1, 31)]
# Days around every boundary the rules have: window starts, month ends, the year's end,
# each as_of and the days after it.
DAYS = sorted({D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 1),
               D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 30),
               D(2026, 3, 31), D(2026, 4, 1)})
CUSTOMERS = 40
EPOCH = dt.datetime(1970, 1, 1)


def events():
    """(event_id, customer_id, datetime, amount): every hour of every boundary day, at :00:00
    and :59:59, spread over the customers so each has a different mix."""
    out, n = [], 0
    for d in DAYS:
        for h in range(24):
            for m, s in ((0, 0), (59, 59)):
                n += 1
                t = dt.datetime(d.year, d.month, d.day, h, m, s)
                out.append((n, (n * 7 + h) % CUSTOMERS + 1, t, float(n % 13) * 10.5))
    return out


def customers():
    """(customer_id, signup datetime): each on a boundary day at some hour."""
    return [(c, dt.datetime.combine(DAYS[c % len(DAYS)], dt.time((c * 5) % 24, (c * 17) % 60, c % 60)))
            for c in range(1, CUSTOMERS + 1)]


def months_back(d, n):
    """d minus n calendar months, clamped to the month's last day."""
    y, m = d.year, d.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    last = (D(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return D(y, m, min(d.day, last))


def months_between(to, frm):
    return (to.year - frm.year) * 12 + to.month - frm.month - (1 if to.day < frm.day else 0)


def conditions():
    """(Seg condition, predicate(customer row, its events as of, as_of))."""
    out = []
    for d in DAYS:
        iso = d.isoformat()
        out += [
            (f"signup = {iso}", lambda c, e, a, d=d: c.date() == d),
            (f"signup < {iso}", lambda c, e, a, d=d: c.date() < d),
            (f"signup > {iso}", lambda c, e, a, d=d: c.date() > d),
            (f"signup <= {iso}", lambda c, e, a, d=d: c.date() <= d),
            (f"signup >= {iso}", lambda c, e, a, d=d: c.date() >= d),
            (f"any(events where event_time = {iso})", lambda c, e, a, d=d: any(t.date() == d for t, _ in e)),
            (f"count(events where event_time > {iso}) >= 3", lambda c, e, a, d=d: sum(t.date() > d for t, _ in e) >= 3),
            (f"last(events.event_time) = {iso}", lambda c, e, a, d=d: bool(e) and max(t for t, _ in e).date() == d),
            (f"first(events.event_time) = {iso}", lambda c, e, a, d=d: bool(e) and min(t for t, _ in e).date() == d),
            (f"count(events before {iso}) >= 2", lambda c, e, a, d=d: sum(t.date() < d for t, _ in e) >= 2),
        ]
    out += [
        ("signup between 2026-01-31 and 2026-03-01", lambda c, e, a: D(2026, 1, 31) <= c.date() <= D(2026, 3, 1)),
        ("signup in [2026-02-28, 2026-03-31]", lambda c, e, a: c.date() in (D(2026, 2, 28), D(2026, 3, 31))),
        ("signup not in [2026-02-28, 2026-03-31]", lambda c, e, a: c.date() not in (D(2026, 2, 28), D(2026, 3, 31))),
        ("year(signup) = 2025", lambda c, e, a: c.year == 2025),
        ("month(signup) = 2", lambda c, e, a: c.month == 2),
        ("days_since(signup) = 0", lambda c, e, a: (a - c.date()).days == 0),
        ("days_since(signup) = 1", lambda c, e, a: (a - c.date()).days == 1),
        ("days_since(signup) >= 30", lambda c, e, a: (a - c.date()).days >= 30),
        ("days_since(signup) < 0", lambda c, e, a: (a - c.date()).days < 0),
        ("months_since(signup) >= 1", lambda c, e, a: months_between(a, c.date()) >= 1),
        ("months_since(signup) = 0", lambda c, e, a: months_between(a, c.date()) == 0),
        ("days_since(last(events.event_time)) = 0", lambda c, e, a: bool(e) and (a - max(t for t, _ in e).date()).days == 0),
        ("days_since(last(events.event_time)) = 1", lambda c, e, a: bool(e) and (a - max(t for t, _ in e).date()).days == 1),
        ("days_since(last(events.event_time)) < 0", lambda c, e, a: bool(e) and (a - max(t for t, _ in e).date()).days < 0),
        ("year(last(events.event_time)) = 2026", lambda c, e, a: bool(e) and max(t for t, _ in e).year == 2026),
        ("month(first(events.event_time)) = 12", lambda c, e, a: bool(e) and min(t for t, _ in e).month == 12),
        ('bucket(signup, [2026-01-01, 2026-03-01]) = "2026-01-01 to 2026-03-01"',
         lambda c, e, a: D(2026, 1, 1) <= c.date() < D(2026, 3, 1)),
        ('bucket(signup, [2026-01-01, 2026-03-01]) = "<2026-01-01"', lambda c, e, a: c.date() < D(2026, 1, 1)),
        ('bucket(last(events.event_time), [2026-02-28, 2026-03-31]) = ">=2026-03-31"',
         lambda c, e, a: bool(e) and max(t for t, _ in e).date() >= D(2026, 3, 31)),
        ('bucket(last(events.event_time), [2026-02-28, 2026-03-31]) = "2026-02-28 to 2026-03-31"',
         lambda c, e, a: bool(e) and D(2026, 2, 28) <= max(t for t, _ in e).date() < D(2026, 3, 31)),
    ]
    for k in (10, 20, 30, 40, 50):
        out.append((f"count(events) >= {k}", lambda c, e, a, k=k: len(e) >= k))
        out.append((f"sum(events.amount) >= {k * 40}", lambda c, e, a, k=k: sum(x for _, x in e) >= k * 40))
    for n in (1, 2, 30, 31, 59, 60):
        out.append((f"count(events within {n} days) >= 1",
                    lambda c, e, a, n=n: any(a - dt.timedelta(days=n) < t.date() <= a for t, _ in e)))
        out.append((f"count(events within {n} days) >= 4",
                    lambda c, e, a, n=n: sum(a - dt.timedelta(days=n) < t.date() <= a for t, _ in e) >= 4))
    for n in (1, 2):
        out.append((f"count(events within {n} months) >= 1",
                    lambda c, e, a, n=n: any(months_back(a, n) < t.date() <= a for t, _ in e)))
        out.append((f"count(events within {n} months) >= 6",
                    lambda c, e, a, n=n: sum(months_back(a, n) < t.date() <= a for t, _ in e) >= 6))
    out += [
        ("count(events within 1 weeks) >= 2", lambda c, e, a: sum(a - dt.timedelta(days=7) < t.date() <= a for t, _ in e) >= 2),
        ("count(events between 2026-02-28 and 2026-03-01) >= 1",
         lambda c, e, a: any(D(2026, 2, 28) <= t.date() <= D(2026, 3, 1) for t, _ in e)),
        ("count(events between 2026-03-31 and 2026-04-01) >= 1",
         lambda c, e, a: any(D(2026, 3, 31) <= t.date() <= D(2026, 4, 1) for t, _ in e)),
        ("max(events.amount within 2 days) >= 100", lambda c, e, a: max([x for t, x in e if a - dt.timedelta(days=2) < t.date() <= a], default=-1) >= 100),
        ("distinct_count(events.amount) >= 8", lambda c, e, a: len({x for _, x in e}) >= 8),
        ("avg(events.amount) > 60", lambda c, e, a: bool(e) and sum(x for _, x in e) / len(e) > 60),
        ("not any(events)", lambda c, e, a: not e),
    ]
    return out


def main(folder):
    out = Path(folder)
    ev, cs = events(), customers()

    def ts(t):
        return t.strftime("%Y-%m-%d %H:%M:%S")

    def unix(t):
        return int((t - EPOCH).total_seconds())

    sql = ["CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, signup TIMESTAMP NOT NULL);"]
    sql += [f"INSERT INTO customers VALUES ({c}, '{ts(t)}');" for c, t in cs]
    sql.append("CREATE TABLE events (event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, event_time TIMESTAMP NOT NULL, amount DOUBLE PRECISION NOT NULL);")
    sql += [f"INSERT INTO events VALUES ({n}, {c}, '{ts(t)}', {x});" for n, c, t, x in ev]
    (out / "time_rules.sql").write_text("\n".join(sql) + "\n")
    # SQLite only: the same events as Julian day numbers and as Unix seconds, in columns
    # declared as dates (SQLite keeps a number in any column).
    sql = []
    for table, value in (("events_julian", lambda t: repr(unix(t) / 86400 + 2440587.5)), ("events_unix", lambda t: str(unix(t)))):
        sql.append(f"CREATE TABLE {table} (event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, event_time DATETIME NOT NULL, amount REAL NOT NULL);")
        sql += [f"INSERT INTO {table} VALUES ({n}, {c}, {value(t)}, {x});" for n, c, t, x in ev]
    (out / "time_rules_numeric.sql").write_text("\n".join(sql) + "\n")
    (out / "customers.csv").write_text("customer_id,signup\n" + "".join(f"{c},{ts(t)}\n" for c, t in cs))
    (out / "events.csv").write_text("event_id,customer_id,event_time,amount\n" + "".join(f"{n},{c},{ts(t)},{x}\n" for n, c, t, x in ev))

    conds = conditions()
    (out / "time_rules.seg").write_text("".join(f"count {text}\n" for text, _ in conds))
    expected = {}
    for a in AS_OFS:
        counts = {}
        for text, pred in conds:
            k = 0
            for c, signup in cs:
                seen = [(t, x) for _, cc, t, x in ev if cc == c and t.date() <= a]
                k += bool(pred(signup, seen, a))
            counts[text] = k
        expected[a.isoformat()] = counts
    (out / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
