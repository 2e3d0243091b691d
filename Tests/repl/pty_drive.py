"""Drives `seg repl` on a real pseudo-terminal, as a person at a keyboard would.

    python3 pty_drive.py SCRIPT.json

SCRIPT.json: {"argv": [...], "cwd": "...", "env": {...}, "steps": [[op, arg], ...]} with ops
`send` (text; "\\t" is Tab, "\\u0003" Ctrl-C, "\\u0004" Ctrl-D), `expect` (text that must appear
in the output after the previous expect, within `timeout` seconds, default 10) and `sleep`.
Prints the whole screen transcript; exits 1 naming the first expectation that failed, and
reports each expect's wait in seconds on stderr.
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

spec = json.load(open(sys.argv[1]))
pid, fd = pty.fork()
if pid != 0 and "size" in spec:
    # The terminal's rows and columns, as a window of that size would report them.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", spec["size"][0], spec["size"][1], 0, 0))
if pid == 0:
    os.chdir(spec.get("cwd", "."))
    env = dict(os.environ, TERM="xterm", **spec.get("env", {}))
    os.execvpe(spec["argv"][0], spec["argv"], env)

out = b""
seen = 0

def pump(timeout):
    global out
    r, _, _ = select.select([fd], [], [], timeout)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        out += data
    return True

status = 0
for op, arg, *rest in spec["steps"]:
    if op == "send":
        os.write(fd, arg.encode())
    elif op == "sleep":
        end = time.time() + arg
        while time.time() < end:
            pump(0.05)
    elif op == "expect":
        timeout = rest[0] if rest else 10
        start = time.time()
        want = arg.encode()
        while want not in out[seen:] and time.time() - start < timeout:
            if not pump(0.05):
                break
        if want not in out[seen:]:
            sys.stderr.write("expected %r within %ss\n" % (arg, timeout))
            status = 1
            break
        sys.stderr.write("waited %.3f s for %r\n" % (time.time() - start, arg))
        seen = out.index(want, seen) + len(want)
# Let it finish, then reap it.
end = time.time() + 5
while time.time() < end:
    if not pump(0.05):
        break
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(status)
