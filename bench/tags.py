#!/usr/bin/env python3
"""The tag store (issue 18): questions an analyst asks, before and after `seg tags build`.

For a demo bank (BENCH_CUSTOMERS, default 200,000; BENCH_DB to use one), in one run:
  1. each question's SQL (`seg compile --inline`, before any tag table) run by the sqlite3
     shell, and by DuckDB on the same data when the `duckdb` module is importable
     (BENCH_PYTHON: a Python that has it) — the obvious alternatives;
  2. `seg run` of each question on the raw data;
  3. `seg tags build` of the modules the questions use, timed, beside the sqlite3 shell
     running the build's own queries by hand (`seg tags build --sql`);
  4. `seg run` of each question again, now reading the tag table;
  5. a REPL session of 20 questions over tagged definitions, piped to `seg repl`.
Each figure is the best of BENCH_RUNS (3) warm runs. Outputs must match before and after.

    swift build -c release && python3 bench/tags.py
"""
import os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.environ.get("SEG_BIN") or os.path.join(ROOT, ".build", "release", "seg")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
HERE = os.path.join(ROOT, "bench", "tags")

QUESTIONS = [
    ("attribute count (aum >= 50万)", "count aum >= 50万"),
    ("VIP at risk (two windows, selective)", "count vip_at_risk"),
    ("logins in 30 days >= 4, all customers", "count logins_30d >= 4"),
    ("payroll in 60 d and card spend in 90 d, by city", "count payroll and spend_90d > 5000 by city"),
    ("profile by city vs all", "profile mobile_active by city"),
    ("RFM champions (stdlib.rfm)", "count rfm_champions"),
]
HEAD = 'use "questions.seg"\nuse stdlib.rfm\n'
REPL = [
    "count mobile_active", "count payroll", "count card_active", "count fund_holder and payroll",
    "count mobile_active by city", "count payroll by risk_level", "count rfm_champions", "count rfm_at_risk by city",
    "count all by rfm_group", "overlap mobile_active, payroll, card_active", "profile rfm_champions by city",
    "count logins_30d >= 4 and spend_90d > 1000", "count vip_at_risk", "count vip_at_risk by city",
    "count digital_only and not branch_only", "count wealth_holder and r_score >= 4", "count f_score = 5 by city",
    "profile payroll by risk_level", "count m_score >= 4 and aum >= 10万", "count rfm_hibernating and mobile_active",
]


def best(cmd, stdin=None, cwd=HERE):
    times, out = [], None
    for _ in range(RUNS + 1):  # the first warms the page cache
        start = time.perf_counter()
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=cwd)
        times.append(time.perf_counter() - start)
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed: {p.stderr}")
        out = p.stdout
    return min(times[1:]), out


def script(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".seg", dir=HERE, delete=False)
    f.write(HEAD + text + "\n")
    f.close()
    return f.name


def main():
    db = os.environ.get("BENCH_DB")
    if not db:
        n = int(os.environ.get("BENCH_CUSTOMERS", "200000"))
        db = os.path.join(tempfile.gettempdir(), f"seg-bench-{n}.db")
        if not os.path.exists(db):
            start = time.perf_counter()
            subprocess.run([SEG, "demo", "--customers", str(n), "--seed", "1", "--db", db], check=True, stdout=subprocess.DEVNULL)
            print(f"demo bank: {n:,} customers in {time.perf_counter() - start:.0f} s, {os.path.getsize(db) / 1e9:.1f} GB")
    # A copy, so the bank itself keeps no tag table.
    work = db + ".tags.db"
    shutil.copyfile(db, work)
    args = ["--db", work, "--as-of", "2026-11-01"]
    files = []
    try:
        rows = []
        for label, q in QUESTIONS:
            path = script(q)
            files.append(path)
            def compiled(dialect):
                sql = subprocess.run([SEG, "compile", path, "--inline", "--dialect", dialect] + args, capture_output=True, text=True,
                                     cwd=HERE, check=True).stdout
                return "\n".join(l for l in sql.splitlines() if not l.startswith("--")).strip().rstrip(";") + ";"
            shell, _ = best(["sqlite3", work], stdin=compiled("sqlite"))
            raw, raw_out = best([SEG, "run", path] + args)
            rows.append([label, path, compiled("postgres"), shell, raw, raw_out])
        # The REPL session's questions, compiled the same way (raw data, no tags).
        session_sqls = []
        for q in REPL:
            path = script(q)
            files.append(path)
            sql = subprocess.run([SEG, "compile", path, "--inline", "--dialect", "postgres"] + args, capture_output=True, text=True,
                                 cwd=HERE, check=True).stdout
            session_sqls.append("\n".join(l for l in sql.splitlines() if not l.startswith("--")).strip().rstrip(";") + ";")
        # DuckDB runs the PostgreSQL dialect's SQL (its own is close to it).
        all_duck = duckdb_times([r[2] for r in rows] + session_sqls, work)
        duck = all_duck[:len(rows)] if all_duck else None
        duck_session = sum(all_duck[len(rows):]) if all_duck else None

        modules = [os.path.join(HERE, "questions.seg"), "stdlib.rfm"]
        build_sql = subprocess.run([SEG, "tags", "build", "--sql"] + modules + args, capture_output=True, text=True, cwd=HERE, check=True).stdout
        by_hand = by_hand_build(build_sql, work)
        start = time.perf_counter()
        built = subprocess.run([SEG, "tags", "build"] + modules + args, capture_output=True, text=True, cwd=HERE, check=True).stdout
        build = time.perf_counter() - start
        print(built.strip())

        print(f"\n{'question':<50} {'sqlite3':>8} {'duckdb':>8} {'seg raw':>8} {'seg tags':>9} {'tags/duck':>9}")
        for i, (label, path, _, shell, raw, raw_out) in enumerate(rows):
            tagged, tagged_out = best([SEG, "run", path] + args)
            if tagged_out != raw_out:
                sys.exit(f"{label}: the answer with tags differs:\n{raw_out}\n{tagged_out}")
            d = duck[i] if duck else None
            print(f"{label:<50} {shell:>7.2f}s {(f'{d:.2f}s' if d else '–'):>8} {raw:>7.2f}s {tagged:>8.3f}s {(f'{tagged / d:.2f}' if d else '–'):>9}")
        print(f"\ntag build {build:.1f} s; the same queries by hand in the sqlite3 shell {by_hand:.1f} s; ratio {build / by_hand:.2f}")

        session = "\n".join(HEAD.strip().splitlines() + REPL) + "\n"
        repl, out = best([SEG, "repl"] + args, stdin=session)
        # The REPL answers from memory; `seg run` of the same questions answers in SQL: the same text.
        whole = script("\n".join(REPL))
        files.append(whole)
        _, run_out = best([SEG, "run", whole] + args)
        if out.strip() != run_out.strip():
            sys.exit(f"the REPL's answers differ from seg run's:\n{out}\n----\n{run_out}")
        print(f"REPL session of {len(REPL)} questions over tagged definitions: {repl:.2f} s (start-up included)"
              + (f"; DuckDB, the same {len(REPL)} questions' SQL on the raw data: {duck_session:.2f} s" if duck_session else ""))
    finally:
        for f in files:
            os.unlink(f)
        os.unlink(work)


def by_hand_build(sql, db):
    """The build's layer queries, each as CREATE TABLE … AS, run by the sqlite3 shell."""
    layers = [l.strip() for l in re.split(r"^-- layer \d+:.*$", sql, flags=re.M) if l.strip()]
    text = "".join(f"{q}\nCREATE UNIQUE INDEX seg_tags_layer{i + 1}_key ON seg_tags_layer{i + 1} (customer_id);\n"
                   for i, q in enumerate(layers))
    copy = db + ".hand.db"
    shutil.copyfile(db, copy)
    try:
        start = time.perf_counter()
        subprocess.run(["sqlite3", copy], input=text, text=True, check=True, capture_output=True)
        return time.perf_counter() - start
    finally:
        os.unlink(copy)


def duckdb_times(sqls, db):
    """Each question's PostgreSQL SQL in DuckDB over the same tables, loaded from CSV the sqlite3 shell writes."""
    python = os.environ.get("BENCH_PYTHON", sys.executable)
    probe = subprocess.run([python, "-c", "import duckdb"], capture_output=True)
    if probe.returncode != 0:
        print("DuckDB: no `duckdb` module (set BENCH_PYTHON to a Python that has it); its column is left empty")
        return None
    code = r'''
import duckdb, sqlite3, sys, time, json, os, subprocess, tempfile
db, sqls, runs = sys.argv[1], json.loads(sys.stdin.read()), int(sys.argv[2])
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
tmp = tempfile.mkdtemp()
for (table,) in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'seg_%'"):
    path = os.path.join(tmp, table + ".csv")
    subprocess.run(["sqlite3", "-header", "-csv", db, f'SELECT * FROM "{table}"'], stdout=open(path, "w"), check=True)
    con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_csv_auto(?, header = true)', [path])
    os.unlink(path)
out = []
for q in sqls:
    ts = []
    for _ in range(runs + 1):
        s = time.perf_counter(); con.execute(q).fetchall(); ts.append(time.perf_counter() - s)
    out.append(min(ts[1:]))
print(json.dumps(out))
'''
    import json
    p = subprocess.run([python, "-c", code, db, str(RUNS)], input=json.dumps(sqls), capture_output=True, text=True)
    if p.returncode != 0:
        print("DuckDB could not run the SQLite SQL:", p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "")
        return None
    return json.loads(p.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
