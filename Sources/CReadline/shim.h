#include <stdio.h>
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
