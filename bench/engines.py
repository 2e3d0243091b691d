#!/usr/bin/env python3
"""Engines: the same segment and export, and the same model scoring, on SQLite, PostgreSQL
and Spark local[2], over one demo bank; each beside the engine's own shell running the SQL
Seg compiled for it (sqlite3, psql), in the same run. See bench/README.md.

    BENCH_CUSTOMERS=1000000 BENCH_POSTGRES="host=127.0.0.1 port=5432 user=postgres" \
    BENCH_SPARK_PYTHON=/path/to/venv/bin/python python3 bench/engines.py

PostgreSQL gets a database of its own (`seg_bench`, dropped and made again); Spark a
warehouse under a temporary folder. Without BENCH_POSTGRES or BENCH_SPARK_PYTHON that
engine is left out, and the output says so. BENCH_KEEP=DIR keeps the bank, the PostgreSQL
database and the warehouse in DIR between runs and loads nothing that is already there.
"""
import functools, os, shutil, statistics, subprocess, sys, tempfile, time

print = functools.partial(print, flush=True)
KEEP = os.environ.get("BENCH_KEEP")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.path.join(ROOT, ".build", "release", "seg")
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PG = os.environ.get("BENCH_POSTGRES")
SPARK_PYTHON = os.environ.get("BENCH_SPARK_PYTHON")

SEGMENT = """param as_of: date = 2026-11-01
define logins_30d = count(app_events where event_type = "login" within 30 days)
define card_spend_90d = count(transactions where type = "card_spend" within 90 days)
segment activation_target where mobile_banking and logins_30d between 1 and 3
    and card_spend_90d >= 3 and not do_not_disturb
export activation_target to csv "{out}" with customer_id, logins_30d, card_spend_90d
"""

MODEL = """use "{root}/examples/models/features.seg"
param as_of: date = 2026-11-01
model churn_risk = "{root}/examples/models/churn_xgb.json"
segment watch where aum > 200k and churn_risk > 0.3
count watch
"""

STARTUP = """param as_of: date = 2026-11-01
segment nobody where aum < 0
count nobody
"""


def timed(cmd, runs=RUNS, stdin=None, **kw):
    """Median wall time of `runs` runs, after one untimed run (warm caches everywhere)."""
    def one():
        with open(stdin or os.devnull) as f:
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stdin=f, **kw)
            return time.perf_counter() - start
    one()
    return statistics.median(one() for _ in range(runs))


def once(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def compiled(script, db_args, dialect):
    """The SQL Seg runs, with values inline, one statement per blank-line-separated block."""
    text = subprocess.run([SEG, "compile", script, "--dialect", dialect, "--inline"] + db_args,
                          check=True, capture_output=True, text=True).stdout
    blocks = ["\n".join(l for l in b.splitlines() if not l.startswith("--")) for b in text.split("\n\n")]
    return [b for b in blocks if b.strip()]


def rows(path):
    with open(path) as f:
        return sum(1 for _ in f) - 1


def main():
    if KEEP:
        os.makedirs(KEEP, exist_ok=True)
        return run(KEEP)
    work = tempfile.mkdtemp(prefix="seg-bench-engines-")
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work):
    db = os.path.join(work, "bank.db")
    fresh = not os.path.exists(db)
    if fresh:
        build = once([SEG, "demo", "--customers", str(CUSTOMERS), "--db", db], stderr=subprocess.DEVNULL)
        print(f"demo bank: {CUSTOMERS:,} customers, built in SQLite in {build:.0f} s\n")
    scripts = {}
    for name, text in [("segment", SEGMENT), ("model", MODEL), ("startup", STARTUP)]:
        path = os.path.join(work, f"{name}.seg")
        with open(path, "w") as f:
            f.write(text.format(root=ROOT, out=os.path.join(work, f"{name}.csv")))
        scripts[name] = path

    # SQLite: seg run (models in-process), and the sqlite3 shell running Seg's SQL.
    seg_sqlite = timed([SEG, "run", scripts["segment"], "--db", db])
    exported = rows(os.path.join(work, "segment.csv"))
    sql = compiled(scripts["segment"], ["--db", db], "sqlite")[-1]
    shell = os.path.join(work, "segment.sql")
    with open(shell, "w") as f:
        f.write(".headers on\n.mode csv\n.output " + os.path.join(work, "shell.csv") + "\n" + sql.strip().rstrip(";") + ";\n")
    sqlite_shell = timed(["sqlite3", db], stdin=shell)
    assert rows(os.path.join(work, "shell.csv")) == exported, "sqlite3 and seg disagree"
    model_sqlite = timed([SEG, "run", scripts["model"], "--db", db])
    model_sqlite_pushdown = timed([SEG, "run", scripts["model"], "--db", db, "--models", "pushdown"], runs=1)
    print(f"SQLite       segment + export ({exported:,} rows): seg run {seg_sqlite:6.2f} s   sqlite3 shell {sqlite_shell:6.2f} s   ratio {seg_sqlite / sqlite_shell:.2f}")
    print(f"SQLite       model scoring: in-process {model_sqlite:6.2f} s   pushdown {model_sqlite_pushdown:6.2f} s")

    if PG:
        base = PG + " dbname=postgres"
        conn = PG + " dbname=seg_bench"
        load = None
        if fresh or subprocess.run(["psql", conn, "-Atc", "SELECT count(*) FROM customers"], capture_output=True, text=True).stdout.strip() != str(CUSTOMERS):
            subprocess.run(["psql", base, "-qc", "DROP DATABASE IF EXISTS seg_bench"], check=True, stderr=subprocess.DEVNULL)
            subprocess.run(["psql", base, "-qc", "CREATE DATABASE seg_bench"], check=True)
            load = once([SEG, "demo", "--from", db, "--db", conn])
            print(f"PostgreSQL   demo copied in {load:.0f} s (seg demo --from)")
        seg_pg = timed([SEG, "run", scripts["segment"], "--db", conn])
        assert rows(os.path.join(work, "segment.csv")) == exported, "PostgreSQL and SQLite disagree"
        sql = compiled(scripts["segment"], ["--db", conn], "postgres")[-1]
        copy = sql.strip().rstrip(";").replace("\n", " ")
        out = os.path.join(work, "psql.csv")
        psql = timed(["psql", conn, "-qc", f"\\copy ({copy}) TO '{out}' WITH (FORMAT csv, HEADER)"])
        assert rows(out) == exported, "psql and seg disagree"
        model_pg = timed([SEG, "run", scripts["model"], "--db", conn])
        print(f"PostgreSQL   segment + export: seg run {seg_pg:6.2f} s   psql \\copy {psql:6.2f} s   ratio {seg_pg / psql:.2f}")
        print(f"PostgreSQL   model scoring (pushdown): {model_pg:6.2f} s   = {model_pg / model_sqlite:.1f}x SQLite in-process")
    else:
        print("PostgreSQL   left out: BENCH_POSTGRES is not set")

    if SPARK_PYTHON:
        env = dict(os.environ, SEG_PYTHON=SPARK_PYTHON, SPARK_LOCAL_IP="127.0.0.1")
        warehouse = os.path.join(work, "warehouse")
        spark = ["--engine", "spark", "--master", "local[2]", "--warehouse", warehouse]
        if fresh or not os.path.isdir(os.path.join(warehouse, "customers")):
            shutil.rmtree(warehouse, ignore_errors=True)
            load = once([SEG, "demo", "--from", db, "--engine", "spark", "--warehouse", warehouse], env=env)
            print(f"Spark        demo loaded in {load:.0f} s (seg demo --from, CSV to Parquet)")
        startup = timed([SEG, "run", scripts["startup"]] + spark, env=env, runs=1)
        seg_spark = timed([SEG, "run", scripts["segment"]] + spark, env=env, runs=1)
        assert rows(os.path.join(work, "segment.csv")) == exported, "Spark and SQLite disagree"
        model_spark = timed([SEG, "run", scripts["model"]] + spark, env=env, runs=1)
        print(f"Spark        start-up and catalog (a trivial count): {startup:6.2f} s")
        print(f"Spark        segment + export: seg run {seg_spark:6.2f} s   ({seg_spark - startup:6.2f} s after start-up)")
        print(f"Spark        model scoring (pushdown): {model_spark:6.2f} s   ({model_spark - startup:6.2f} s after start-up)")
    else:
        print("Spark        left out: BENCH_SPARK_PYTHON is not set")


if __name__ == "__main__":
    main()
