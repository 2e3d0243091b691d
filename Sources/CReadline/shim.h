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
   sets a flag and runs the REPL's action (stopping a running query). While readline waits
   for a key, the interrupted read returns and seg_getc ends the line, emptied: the REPL
   then drops what was being typed and the pending entry. */
static volatile sig_atomic_t seg_interrupted = 0;
static void (*seg_interrupt_action)(void) = 0;
static void seg_sigint(int sig) {
    (void)sig;
    seg_interrupted = 1;
    if (seg_interrupt_action) seg_interrupt_action();
}
static int seg_getc(FILE *stream) {
    for (;;) {
        if (seg_interrupted) { rl_replace_line("", 0); return '\n'; }
        unsigned char c;
        ssize_t n = read(fileno(stream), &c, 1);
        if (n == 1) return c;
        if (n == 0 || errno != EINTR) return EOF;
    }
}
static inline void seg_install_interrupt(void (*action)(void)) {
    seg_interrupt_action = action;
    rl_catch_signals = 0;
    rl_getc_function = seg_getc;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = seg_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, 0);
}
static inline int seg_take_interrupt(void) { int v = seg_interrupted; seg_interrupted = 0; return v; }

/* History entries are whole REPL entries, possibly of several lines: written with a
   timestamp line each, so that reading the file back keeps them whole. */
static inline void seg_history_setup(void) {
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    history_comment_char = '#';
}

/* The line being edited and the cursor's byte offset in it, for completion by context. */
static inline const char *seg_line_buffer(void) { return rl_line_buffer; }
static inline int seg_point(void) { return rl_point; }
