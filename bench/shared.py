#!/usr/bin/env python3
"""Conditions computed once per run (Sources/SegCompile/SharedConditions.swift).

For each example script: the time of `seg run` on the whole script, where a segment that
several statements read is computed once into a temporary table, against the sum of the
times of its statements each run alone (what every statement paid before: it evaluated the
segment again). Each statement's output alone must equal its output in the whole run.

    swift build -c release
    python3 bench/shared.py            # builds a 1,000,000-customer demo bank (BENCH_CUSTOMERS)
    BENCH_DB=bank.db python3 bench/shared.py
    BENCH_POSTGRES=postgresql://user@host/db python3 bench/shared.py   # the bank copied there

Exports and explains are left out (they would write files and list versions); everything else
runs. Each measurement is the best of BENCH_RUNS (2) runs after one that warms the page cache.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.environ.get("SEG_BIN") or os.path.join(ROOT, ".build", "release", "seg")
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
# rfm_segments.seg: its ranks are computed once per run (Session.computeRanks), where each
# statement alone ranks every customer again.
SCRIPTS = os.environ.get("BENCH_SCRIPTS", "vip_churn_warning.seg fund_cross_sell.seg dormant_reactivation.seg rfm_segments.seg").split()
STATEMENTS = ("count ", "show ", "profile ", "overlap ", "assert ", "sample ")


def split(path):
    """The script's definitions (every line that is not a statement) and its statements."""
    lines = open(path).read().splitlines()
    head, statements = [], []
    for line in lines:
        if line.startswith("export ") or line.startswith("explain "):
            continue
        (statements if line.startswith(STATEMENTS) else head).append(line)
    return head, statements


def run(db_args, text, cwd):
    with tempfile.NamedTemporaryFile("w", suffix=".seg", dir=cwd, delete=False) as f:
        f.write(text + "\n")
    try:
        best, out = None, None
        # The first run warms the page cache (a 1M-customer bank is over 5 GB); the best of
        # the rest is reported.
        for _ in range(RUNS + 1):
            start = time.perf_counter()
            p = subprocess.run([SEG, "run", f.name, "--as-of", "2026-11-01"] + db_args, cwd=cwd,
                               capture_output=True, text=True)
            t = time.perf_counter() - start
            if p.returncode not in (0, 4):
                sys.exit(f"seg failed on {text!r}: {p.stderr}")
            if out is not None:
                best = t if best is None else min(best, t)
            out = p.stdout
        return best, out
    finally:
        os.unlink(f.name)


def main():
    db = os.environ.get("BENCH_DB")
    if not db:
        n = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
        db = os.path.join(tempfile.gettempdir(), f"seg-bench-{n}.db")
        if not os.path.exists(db):
            start = time.perf_counter()
            subprocess.run([SEG, "demo", "--customers", str(n), "--seed", "1", "--db", db], check=True,
                           stdout=subprocess.DEVNULL)
            print(f"demo bank: {n:,} customers in {time.perf_counter() - start:.0f} s")
    engines = [("SQLite", ["--db", db])]
    if os.environ.get("BENCH_POSTGRES"):
        engines.append(("PostgreSQL", ["--db", os.environ["BENCH_POSTGRES"]]))
    examples = os.path.join(ROOT, "examples")
    print(f"{'engine':<11} {'script':<26} {'stmts':>5} {'whole':>9} {'one by one':>11} {'ratio':>6}")
    for engine, args in engines:
        for name in SCRIPTS:
            head, statements = split(os.path.join(examples, name))
            whole, whole_out = run(args, "\n".join(head + statements), examples)
            alone, alone_out = 0.0, ""
            for s in statements:
                t, out = run(args, "\n".join(head + [s]), examples)
                alone += t
                alone_out += out
            if whole_out != alone_out:
                sys.exit(f"{name}: the whole run's output differs from its statements' alone")
            print(f"{engine:<11} {name:<26} {len(statements):>5} {whole:>8.2f}s {alone:>10.2f}s {whole / alone:>6.2f}")


if __name__ == "__main__":
    main()
