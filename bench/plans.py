#!/usr/bin/env python3
"""Plan choice: `seg run` against the SQL shapes an expert would write by hand, on a demo bank.

For two questions (two windows with one aggregate each; one window with three aggregates),
each selective, half-selective and unselective, times `seg run` (which picks its plan from
the data) beside the sqlite3 shell running each shape: correlated per-customer subqueries,
and one grouped pass per relation and window (both printed by `seg compile --plan …
--inline`, so they are the same question to the byte). Also times `seg demo` itself.
With BENCH_POSTGRES (a connection string to a database holding the same bank, e.g. made
with `seg demo --from bank.db --db …`) the same on PostgreSQL, with psql running the shapes.
See bench/README.md.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.path.join(ROOT, ".build", "release", "seg")
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

PG = os.environ.get("BENCH_POSTGRES")

QUESTIONS = {
    "two windows, one aggregate each": """segment q where {cheap}count(transactions where channel = "mobile" within 30 days) < 2
  and sum(transactions.amount where type = "withdrawal" within 90 days) > 10k
count q
""",
    "one window, three aggregates": """segment q where {cheap}count(transactions within 180 days) > 20
  and sum(transactions.amount within 180 days) > 50k and max(transactions.amount within 180 days) > 5k
count q
""",
}
VARIANTS = {"selective (aum > 500k)": "aum > 500k and ", "half (aum > 50k)": "aum > 50k and ", "unselective (none)": ""}


def timed(cmd, stdin=None):
    # One untimed run first: every command is measured with a warm page cache (a grouped
    # pass reads the whole table and would otherwise leave the next command cold).
    subprocess.run(cmd, stdin=open(stdin) if stdin else None, capture_output=True, check=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        out = subprocess.run(cmd, stdin=open(stdin) if stdin else None, capture_output=True, text=True, check=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main():
    if not os.environ.get("BENCH_NO_BUILD"):
        subprocess.run(["swift", "build", "-c", "release", "--product", "seg"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="seg-plans-")
    db = os.environ.get("BENCH_DB") or os.path.join(work, "bank.db")
    start = time.perf_counter()
    if not os.path.exists(db):
        subprocess.run([SEG, "demo", "--customers", str(CUSTOMERS), "--db", db], check=True, capture_output=True)
    build = time.perf_counter() - start
    rows = subprocess.run(["sqlite3", db, "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM transactions) + "
                           "(SELECT count(*) FROM holdings) + (SELECT count(*) FROM app_events) + (SELECT count(*) FROM contact_history)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    txns = subprocess.run(["sqlite3", db, "SELECT count(*) FROM transactions"], capture_output=True, text=True, check=True).stdout.strip()
    if os.environ.get("BENCH_DB"):
        print(f"reusing {db}: {int(rows):,} rows; {int(txns):,} transactions\n")
    else:
        print(f"seg demo --customers {CUSTOMERS}: {build:.1f} s, {int(rows):,} rows ({int(rows) / build:,.0f} rows/s); {int(txns):,} transactions\n")
    engines = [("SQLite", db, ["sqlite3", db], "sqlite")]
    if PG:
        engines.append(("PostgreSQL", PG, ["psql", PG, "-Atq", "-f"], "postgres"))
    for engine, target, shell, dialect in engines:
        print(f"{engine}")
        print(f"{'question':33} {'variant':24} {'seg run':>8} {'correlated':>10} {'grouped':>8}  seg/best  seg chose")
        for question, text in QUESTIONS.items():
            for name, cheap in VARIANTS.items():
                script = os.path.join(work, "q.seg")
                with open(script, "w") as f:
                    f.write(text.format(cheap=cheap))
                shapes = {}
                for plan in ["correlated", "grouped"]:
                    sql = subprocess.run([SEG, "compile", script, "--db", target, "--dialect", dialect, "--inline", "--plan", plan,
                                          "--as-of", "2026-11-01"], capture_output=True, text=True, check=True).stdout
                    path = os.path.join(work, f"{plan}.sql")
                    with open(path, "w") as f:
                        f.write(sql)
                    if dialect == "sqlite":
                        shapes[plan], out = timed(shell, stdin=path)
                    else:
                        shapes[plan], out = timed(shell + [path])
                seg, out = timed([SEG, "run", script, "--db", target, "--as-of", "2026-11-01"])
                explain_script = os.path.join(work, "explain.seg")
                with open(explain_script, "w") as f:
                    f.write(text.format(cheap=cheap).replace("count q", "explain q"))
                explain = subprocess.run([SEG, "run", explain_script, "--db", target, "--as-of", "2026-11-01"],
                                         capture_output=True, text=True).stdout
                chose = "grouped" if "aggregates: one grouped pass" in explain else "correlated"
                best = min(shapes.values())
                print(f"{question:33} {name:24} {seg:7.2f}s {shapes['correlated']:9.2f}s {shapes['grouped']:7.2f}s  {seg / best:7.2f}x  {chose:10} ({out.strip()})")
        print()

if __name__ == "__main__":
    main()
