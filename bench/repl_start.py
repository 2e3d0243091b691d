"""Start-to-prompt: how long `seg repl` takes to show its prompt on a terminal, against the
sqlite3 shell's, on the same database (a pseudo-terminal, as a person would start them).

    python3 bench/repl_start.py [DB]     (default: a fresh 10,000-customer demo bank)

Each figure is the median of BENCH_RUNS (default 21) starts of the release build.
"""
import os, pty, select, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
runs = int(os.environ.get("BENCH_RUNS", "21"))
subprocess.run(["swift", "build", "-c", "release", "--product", "seg"], cwd=root, check=True, stdout=subprocess.DEVNULL)
seg = os.path.join(root, ".build/release/seg")
db = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.mkdtemp(), "bank.db")
if not os.path.exists(db):
    subprocess.run([seg, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def to_prompt(argv, prompt, home):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = home
        os.execv(argv[0], argv)
    out = b""
    while prompt not in out:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("no prompt from %s" % argv[0])
        out += os.read(fd, 65536)
    elapsed = time.perf_counter() - start
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed

home = tempfile.mkdtemp()
sqlite = subprocess.run(["which", "sqlite3"], capture_output=True, text=True).stdout.strip()
seg_t = statistics.median(to_prompt([seg, "repl", "--db", db], b"seg> ", home) for _ in range(runs))
sql_t = statistics.median(to_prompt([sqlite, db], b"sqlite> ", home) for _ in range(runs))
print(f"start to prompt, median of {runs} ({os.path.basename(db)})")
print(f"  seg repl      {seg_t * 1000:6.1f} ms")
print(f"  sqlite3       {sql_t * 1000:6.1f} ms")
print(f"  ratio         {seg_t / sql_t:6.2f}x")
