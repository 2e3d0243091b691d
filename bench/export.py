#!/usr/bin/env python3
"""Exports stream: peak memory and speed of exporting millions of rows (LANGUAGE.md §6).

    python3 bench/export.py            # 5,000,000 rows; BENCH_ROWS=N for another size
    SEG_BENCH_POSTGRES="host=127.0.0.1 port=5432 user=postgres" python3 bench/export.py

Builds `seg` in release mode, makes a bank of BENCH_ROWS customers (SQLite, and PostgreSQL
when SEG_BENCH_POSTGRES is set), then, each as a whole process:

1. `seg run` of `export all to csv` (and to jsonl) of four columns, with its peak resident
   memory (the kernel's ru_maxrss of the child);
2. the sqlite3 shell's `.mode csv` on the very SQL `seg compile --inline` printed;
3. on PostgreSQL, the same export through `seg run --db postgresql://…`.

The goal (issue 16): peak RSS at most 150 MB on SQLite and PostgreSQL, and export time at
most the sqlite3 shell's.
"""
import os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = int(os.environ.get("BENCH_ROWS", "5000000"))
PG = os.environ.get("SEG_BENCH_POSTGRES")


def run(cmd, **kw):
    """Runs a whole process; returns (seconds, peak RSS in MB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss / 1024


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "seg"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    seg = os.path.join(ROOT, ".build/release/seg")
    work = tempfile.mkdtemp(prefix="seg-bench-export-")
    db = os.path.join(work, "bank.db")
    bank = f"""
        CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, city TEXT NOT NULL, aum REAL NOT NULL,
                                open_date DATE NOT NULL, phone TEXT NOT NULL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
        INSERT INTO customers SELECT i, CASE i % 5 WHEN 0 THEN '上海' WHEN 1 THEN '北京' WHEN 2 THEN '深圳'
                                        WHEN 3 THEN '广州' ELSE '杭州' END,
               (i * 7919 % 100000000) / 100.0, date('2010-01-01', '+' || (i % 5000) || ' days'),
               '138' || substr('00000000' || i, -8) FROM n;
        """
    t0 = time.perf_counter()
    subprocess.run(["sqlite3", db], input=bank, text=True, check=True)
    print(f"bank: {ROWS:,} customers in SQLite ({time.perf_counter() - t0:.1f} s)")

    script = os.path.join(work, "export.seg")
    with open(script, "w") as f:
        f.write('export all to csv "out.csv" with customer_id, city, aum, open_date\n')
    jscript = os.path.join(work, "export_jsonl.seg")
    with open(jscript, "w") as f:
        f.write('export all to jsonl "out.jsonl" with customer_id, city, aum, open_date\n')
    sql = subprocess.run([seg, "compile", script, "--db", db, "--inline"], capture_output=True, text=True, check=True).stdout
    query = "\n".join(l for l in sql.splitlines() if not l.startswith("--")).strip().rstrip(";")
    shell = os.path.join(work, "shell.sql")
    with open(shell, "w") as f:
        f.write(f".headers on\n.mode csv\n.output {os.path.join(work, 'shell.csv')}\n{query};\n")

    rows = []
    s, m = run([seg, "run", script, "--db", db], cwd=work, stdout=subprocess.DEVNULL)
    rows.append(("seg run, export to csv (SQLite)", s, m))
    s, m = run([seg, "run", jscript, "--db", db], cwd=work, stdout=subprocess.DEVNULL)
    rows.append(("seg run, export to jsonl (SQLite)", s, m))
    s2, m2 = run(["sqlite3", db, f".read {shell}"], cwd=work, stdout=subprocess.DEVNULL)
    rows.append(("sqlite3 shell .mode csv, same SQL", s2, m2))
    lines = sum(1 for _ in open(os.path.join(work, "out.csv"), "rb")) - 1
    assert lines == ROWS, f"{lines} rows exported, expected {ROWS}"

    if PG:
        name = f"seg_bench_export_{os.getpid()}"
        subprocess.run(["psql", PG + " dbname=postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        try:
            pgdb = PG + f" dbname={name}"
            subprocess.run(["psql", pgdb, "-q"], check=True, text=True, input=f"""
                CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, city TEXT NOT NULL, aum DOUBLE PRECISION NOT NULL,
                                        open_date DATE NOT NULL, phone TEXT NOT NULL);
                INSERT INTO customers SELECT i, (ARRAY['上海','北京','深圳','广州','杭州'])[i % 5 + 1],
                       (i::bigint * 7919 % 100000000) / 100.0, DATE '2010-01-01' + (i % 5000), '138' || lpad(i::text, 8, '0')
                FROM generate_series(1, {ROWS}) i;
                ANALYZE customers;
                """)
            s, m = run([seg, "run", script, "--db", pgdb], cwd=work, stdout=subprocess.DEVNULL)
            rows.append(("seg run, export to csv (PostgreSQL)", s, m))
            s3, m3 = run(["psql", pgdb, "-qc", f"\\copy ({query.replace('?1', '1')}) TO '{os.path.join(work, 'psql.csv')}' CSV HEADER"],
                         cwd=work, stdout=subprocess.DEVNULL)
            rows.append(("psql \\copy, same query", s3, m3))
        finally:
            subprocess.run(["psql", PG + " dbname=postgres", "-qc", f"DROP DATABASE {name}"])

    print(f"\nexport of {ROWS:,} rows, 4 columns: wall time and peak resident memory")
    for label, s, m in rows:
        print(f"   {label:<42} {s:7.2f} s   {m:7.1f} MB")
    print(f"   ratio seg csv / sqlite3 shell              {rows[0][1] / rows[2][1]:.2f}x")


if __name__ == "__main__":
    main()
