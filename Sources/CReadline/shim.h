#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Setting readline's global from Swift 6 is a data-race error; the REPL sets it once, here. */
static inline void seg_set_completion(rl_compentry_func_t *generator) {
    rl_completion_entry_function = generator;
}
