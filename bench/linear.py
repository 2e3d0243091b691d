"""Costs that must grow linearly with the input (issue 25), and many runs at once on one file.

    python3 bench/linear.py [DB]         (default: a fresh 10,000-customer demo bank)

1. `seg repl` fed N definitions on a pipe, then one count (N = 1,000, 2,000, 5,000).
2. `seg run` of `count all by bucket(aum, [E edges])` written inline (E = 500, 2,000, 4,000).
3. Eight processes at once on one SQLite file (tag builds, list saves, readers), four
   rounds: how many failed, and `PRAGMA integrity_check` after each round.

Each time is the median of BENCH_RUNS (default 3) whole processes of the debug build
(`SEG=PATH` to time another binary, such as an older one, the same way).
"""
import os, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
runs = int(os.environ.get("BENCH_RUNS", "3"))
seg = os.environ.get("SEG") or os.path.join(root, ".build/debug/seg")
if "SEG" not in os.environ:
    subprocess.run(["swift", "build", "--product", "seg"], cwd=root, check=True, stdout=subprocess.DEVNULL)
work = tempfile.mkdtemp()
db = sys.argv[1] if len(sys.argv) > 1 else os.path.join(work, "bank.db")
if not os.path.exists(db):
    subprocess.run([seg, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def median(argv, stdin=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with open(stdin) if stdin else open(os.devnull) as f:
            subprocess.run(argv, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)

for n in (1000, 2000, 5000):
    path = os.path.join(work, "defs%d.txt" % n)
    with open(path, "w") as f:
        f.writelines("define d%d = aum + %d\n" % (i, i) for i in range(1, n + 1))
        f.write("count d1 > 0\n")
    print("repl, %5d definitions and a count: %6.2f s" % (n, median([seg, "repl", "--db", db], path)))

for e in (500, 2000, 4000):
    path = os.path.join(work, "bucket%d.seg" % e)
    with open(path, "w") as f:
        f.write("count all by bucket(aum, [%s])\n" % ", ".join(str(i * 1000) for i in range(1, e + 1)))
    print("bucket of %4d edges, count by it:    %6.2f s" % (e, median([seg, "run", path, "--db", db])))

scripts = {
    "defs.seg": "define rich = aum >= 500k\ndefine busy = count(transactions within 30 days) >= 2\n",
    "tags.seg": "define rich = aum >= 500k\ndefine busy = count(transactions within 30 days) >= 2\nbuild tags\ncount rich and busy\n",
    "save.seg": "define busy = count(transactions within 30 days) >= 2\nsegment vip where aum >= 100k and busy\nexport vip to list vip\n",
    "read.seg": "define busy = count(transactions within 30 days) >= 2\ncount busy\ncount aum >= 500k and busy\n",
}
for name, text in scripts.items():
    with open(os.path.join(work, name), "w") as f:
        f.write(text)
copy = os.path.join(work, "soak.db")
subprocess.run(["cp", db, copy], check=True)
failed = started = 0
for r in range(4):
    argvs = [[seg, "tags", "build", "defs.seg"]] + [[seg, "run", s] for s in ("tags.seg", "tags.seg", "save.seg", "save.seg", "save.seg", "read.seg", "read.seg")]
    procs = [subprocess.Popen(a + ["--db", copy], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for a in argvs]
    started += len(procs)
    failed += sum(1 for p in procs if p.wait() != 0)
    check = subprocess.run(["sqlite3", copy, "PRAGMA integrity_check"], capture_output=True, text=True).stdout.split("\n")[0]
    print("round %d: integrity_check %s" % (r + 1, check or "(no answer)"))
print("%d of %d processes failed" % (failed, started))
