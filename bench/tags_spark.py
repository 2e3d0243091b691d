#!/usr/bin/env python3
"""The tag store on Spark local[2] (issue 18): questions in one REPL session, on the raw
data and then over a tag table, after the session has started.

    BENCH_SPARK_PYTHON=/path/to/venv/bin/python python3 bench/tags_spark.py

For a demo bank (BENCH_CUSTOMERS, default 200,000; the SQLite bank of bench/tags.py is
reused when it is there), loaded into a Spark warehouse with `seg demo --from`:
  1. a REPL session that only starts (the session's start-up: JVM, Spark, catalog);
  2. the same session asking QUESTIONS on the raw data;
  3. `seg tags build` of the modules they use, into Parquet in the warehouse;
  4. the session again, now reading the tag table.
Per question = (session - start-up) / questions. Answers must agree before and after.
"""
import os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEG = os.path.join(ROOT, ".build", "release", "seg")
HERE = os.path.join(ROOT, "bench", "tags")
PY = os.environ.get("BENCH_SPARK_PYTHON")
N = int(os.environ.get("BENCH_CUSTOMERS", "200000"))
HEAD = ['use "questions.seg"', "use stdlib.rfm"]
QUESTIONS = ["count vip_at_risk", "count logins_30d >= 4", "count payroll and spend_90d > 5000 by city",
             "profile mobile_active by city", "count rfm_champions"]


def timed(cmd, stdin=None, env=None):
    start = time.perf_counter()
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=HERE, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr}")
    return time.perf_counter() - start, p.stdout


def main():
    if not PY:
        sys.exit("BENCH_SPARK_PYTHON: a Python with pyspark (the one .ci/run makes: .build/ci-venv/bin/python)")
    env = dict(os.environ, SEG_PYTHON=PY, SPARK_LOCAL_IP="127.0.0.1")
    db = os.path.join(tempfile.gettempdir(), f"seg-bench-{N}.db")
    if not os.path.exists(db):
        subprocess.run([SEG, "demo", "--customers", str(N), "--seed", "1", "--db", db], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="seg-bench-spark-tags-")
    warehouse = os.path.join(work, "warehouse")
    try:
        load, _ = timed([SEG, "demo", "--from", db, "--engine", "spark", "--warehouse", warehouse], env=env)
        print(f"Spark local[2], {N:,} customers: demo loaded in {load:.0f} s")
        spark = ["--engine", "spark", "--master", "local[2]", "--warehouse", warehouse, "--as-of", "2026-11-01"]
        session = "\n".join(HEAD + QUESTIONS) + "\n"
        startup, _ = timed([SEG, "repl"] + spark, stdin="\n".join(HEAD) + "\n", env=env)
        raw, raw_out = timed([SEG, "repl"] + spark, stdin=session, env=env)
        build, built = timed([SEG, "tags", "build", "questions.seg", "stdlib.rfm"] + spark, env=env)
        print(built.strip().splitlines()[0])
        tagged, tagged_out = timed([SEG, "repl"] + spark, stdin=session, env=env)
        if tagged_out != raw_out:
            sys.exit(f"the answers with tags differ:\n{raw_out}\n----\n{tagged_out}")
        q = len(QUESTIONS)
        print(f"REPL start-up (JVM, Spark, catalog, modules checked)   {startup:7.1f} s")
        print(f"{q} questions on the raw data, after start-up           {raw - startup:7.1f} s   {(raw - startup) / q:5.1f} s a question")
        print(f"tag build                                              {build:7.1f} s")
        print(f"{q} questions over the tag table, after start-up        {tagged - startup:7.1f} s   {(tagged - startup) / q:5.1f} s a question")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
