#!/usr/bin/env python3
"""Seg benchmarks: what they measure and how to run them is in bench/README.md.

Runs each measured command several times and reports the median wall time, beside the
obvious alternative measured in the same run (the sqlite3 shell running the very SQL
Seg compiled), with the ratio.
"""
import gzip, os, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# SEG_BIN: measure another build (an earlier commit's, to compare before and after a change).
SEG = os.environ.get("SEG_BIN") or os.path.join(ROOT, ".build", "release", "seg")
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "uci-bank-marketing", "bank-full.csv.gz")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def median_time(cmd, stdin=None, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdin=open(stdin) if stdin else None, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def thousand_line_script(path):
    """1,000 lines: params, defines, segments over them, and counts, like a large campaign file."""
    fields = ["age", "balance", "duration", "campaign", "pdays", "previous", "day"]
    lines = ["-- generated: 1,000 lines", "param floor: number = 100"]
    i = 0
    while len(lines) < 1000:
        f = fields[i % len(fields)]
        lines.append(f"define d{i} = {f} * 2 + floor - {i % 17}")
        lines.append(f"segment s{i} where d{i} > {i * 3} and job in [\"admin.\", \"technician\", \"services\"] and not (education is missing)")
        lines.append(f"segment t{i} = s{i} or (balance between {i} and {i + 5000} and marital != \"single\")")
        lines.append(f"count t{i}")
        i += 1
    with open(path, "w") as out:
        out.write("\n".join(lines[:1000]) + "\n")


def load_bank(path):
    """bank-full.csv (45,211 customers) into SQLite, `unknown` as missing."""
    db = sqlite3.connect(path)
    db.execute("""CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, age INTEGER, job TEXT, marital TEXT,
        education TEXT, "default" TEXT, balance INTEGER, housing TEXT, loan TEXT, contact TEXT, day INTEGER,
        month TEXT, duration INTEGER, campaign INTEGER, pdays INTEGER, previous INTEGER, poutcome TEXT, y TEXT)""")
    with gzip.open(DATA, "rt") as f:
        next(f)
        rows = []
        for n, line in enumerate(f, 1):
            v = [x.strip('"') for x in line.strip().split(";")]
            v = [None if x == "unknown" else x for x in v]
            rows.append([n] + v)
    db.executemany(f"INSERT INTO customers VALUES ({','.join('?' * 18)})", rows)
    db.commit()
    db.close()


RUN_SCRIPT = """
segment older where age >= 50
segment rich where balance >= 5k
segment target = (older or rich) and not (job in ["student", "unemployed"]) and loan = "no"
count target
count target by job
count balance / campaign > 500 and contact is not missing
count job contains "-" or education is missing
show target with customer_id, job, balance order by balance desc limit 20
export target to csv "{out}" with customer_id, job, balance
"""


def main():
    if not os.path.exists(DATA):
        sys.exit("bench needs ../shared/data/uci-bank-marketing/bank-full.csv.gz")
    if not os.environ.get("SEG_BIN"):
        subprocess.run(["swift", "build", "-c", "release", "--product", "seg"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="seg-bench-")
    try:
        db = os.path.join(work, "bank.db")
        load_bank(db)
        print(f"machine: {os.cpu_count()} cores; runs per figure: {RUNS} (median)\n")

        big = os.path.join(work, "big.seg")
        thousand_line_script(big)
        check = median_time([SEG, "check", big, "--db", db])
        compile_ = median_time([SEG, "compile", big, "--db", db])
        print("1. parse + check + compile, generated 1,000-line script (333 defines/segments, 250 counts)")
        print(f"   seg check   (parse + check)            {check * 1000:8.1f} ms")
        print(f"   seg compile (parse + check + compile)  {compile_ * 1000:8.1f} ms")

        script = os.path.join(work, "run.seg")
        with open(script, "w") as f:
            f.write(RUN_SCRIPT.format(out=os.path.join(work, "target.csv")))
        sql = os.path.join(work, "run.sql")
        compiled = subprocess.run([SEG, "compile", script, "--db", db, "--inline"], check=True, capture_output=True, text=True).stdout
        with open(sql, "w") as f:
            f.write(".mode csv\n.headers on\n")
            # The export statement's SELECT goes to a file, as seg's export does.
            parts = [p for p in compiled.split("\n\n") if p.strip()]
            for p in parts[:-1]:
                f.write(p + "\n")
            f.write(f".output {os.path.join(work, 'target-shell.csv')}\n{parts[-1]}\n.output stdout\n")
        seg_run = median_time([SEG, "run", script, "--db", db])
        shell = median_time(["sqlite3", db], stdin=sql)
        print("\n2. seg run vs the sqlite3 shell running the same compiled SQL (45,211 customers, 6 statements + export)")
        print(f"   seg run                                {seg_run * 1000:8.1f} ms")
        print(f"   sqlite3 shell, same SQL                {shell * 1000:8.1f} ms")
        print(f"   ratio seg / sqlite3                    {seg_run / shell:8.2f}x")
        seg_start = median_time([SEG, "--version"])
        shell_start = median_time(["sqlite3", db, "SELECT 1"])
        print("\n3. start-up alone: `seg --version` vs `sqlite3 bank.db 'SELECT 1'`")
        print(f"   seg                                    {seg_start * 1000:8.1f} ms")
        print(f"   sqlite3                                {shell_start * 1000:8.1f} ms")
        print(f"   run time after start-up, seg / sqlite3 {(seg_run - seg_start) / (shell - shell_start):8.2f}x")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
