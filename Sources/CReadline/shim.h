#include <stdio.h>
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Setting readline's globals from Swift 6 is a data-race error; the REPL sets them once, here.
   Quotes delimit file names, which complete as paths. */
static inline void seg_set_completion(rl_compentry_func_t *generator) {
    rl_completion_entry_function = generator;
    rl_completer_quote_characters = "\"'";
}

/* Whether the word being completed is inside quotes (a file path). */
static inline int seg_completing_quoted(void) { return rl_completion_quote_character != 0; }

static inline char *seg_filename_completion(const char *text, int state) {
    return rl_filename_completion_function(text, state);
}

/* Ctrl-C. The handler (installed without SA_RESTART, readline's own signal handling off)
   sets a flag, wakes the key reader through a pipe and runs the REPL's action (stopping a
   running query). The kernel may deliver SIGINT to any thread, so a blocked read() of the
   REPL's thread is not sure to be interrupted: seg_getc waits on the terminal and the pipe
   together (the self-pipe trick), and only reads a key the terminal has. At the prompt an
   interrupt ends the line, emptied: the REPL drops what was being typed, never a key typed
   after it. */
#include <poll.h>
#include <fcntl.h>
static volatile sig_atomic_t seg_interrupted = 0;
static int seg_wake_pipe[2] = {-1, -1};
static void (*seg_interrupt_action)(void) = 0;
static void seg_sigint(int sig) {
    (void)sig;
    int saved = errno;
    seg_interrupted = 1;
    if (seg_wake_pipe[1] >= 0) { ssize_t w = write(seg_wake_pipe[1], "!", 1); (void)w; }
    if (seg_interrupt_action) seg_interrupt_action();
    errno = saved;
}
static void seg_drain_wake(void) {
    char buf[64];
    if (seg_wake_pipe[0] >= 0) while (read(seg_wake_pipe[0], buf, sizeof buf) > 0) {}
}
static int seg_getc(FILE *stream) {
    int fd = fileno(stream);
    for (;;) {
        if (seg_interrupted) { seg_drain_wake(); rl_replace_line("", 0); return '\n'; }
        struct pollfd fds[2] = { { fd, POLLIN, 0 }, { seg_wake_pipe[0], POLLIN, 0 } };
        int ready = poll(fds, seg_wake_pipe[0] >= 0 ? 2 : 1, -1);
        if (ready < 0) { if (errno == EINTR) continue; return EOF; }
        if (seg_interrupted) continue;
        if (fds[1].revents & POLLIN) { seg_drain_wake(); continue; }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        unsigned char c;
        ssize_t n = read(fd, &c, 1);
        if (n == 1) return c;
        if (n == 0 || errno != EINTR) return EOF;
    }
}
static inline void seg_install_interrupt(void (*action)(void)) {
    seg_interrupt_action = action;
    if (seg_wake_pipe[0] < 0 && pipe(seg_wake_pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(seg_wake_pipe[i], F_SETFL, fcntl(seg_wake_pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(seg_wake_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    rl_catch_signals = 0;
    rl_getc_function = seg_getc;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = seg_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, 0);
}
static inline int seg_take_interrupt(void) { int v = seg_interrupted; seg_interrupted = 0; seg_drain_wake(); return v; }

/* History entries are whole REPL entries, possibly of several lines: written with a
   timestamp line each, so that reading the file back keeps them whole. */
static inline void seg_history_setup(void) {
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    history_comment_char = '#';
}

/* An `and …` line continues the definition entered before it: the history keeps the
   definition whole, as one item, instead of the continuation on its own. */
static inline void seg_extend_last_history(const char *whole) {
    if (history_length > 0) {
        HIST_ENTRY *last = remove_history(history_length - 1);
        if (last) free_history_entry(last);
    }
    add_history(whole);
}

/* The line being edited and the cursor's byte offset in it, for completion by context. */
static inline const char *seg_line_buffer(void) { return rl_line_buffer; }
static inline int seg_point(void) { return rl_point; }
