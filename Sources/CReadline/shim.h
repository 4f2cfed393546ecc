// GNU readline's headers use FILE without including stdio.h themselves.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Readline is configured through global variables, which Swift 6 will not touch directly from
// Swift code; these accessors set and read them.
static inline void kpish_readline_configure(rl_completion_func_t *completion) {
    rl_readline_name = "kpish";
    rl_attempted_completion_function = completion;
    rl_catch_signals = 0;
}

static inline void kpish_readline_no_filename_completion(void) { rl_attempted_completion_over = 1; }

static inline const char *kpish_readline_line_buffer(void) { return rl_line_buffer; }

// Ctrl-C as a key: when the terminal hands it to readline as a character, it drops the line.
static int kpish_readline_cancel_line(int count, int key) {
    (void)count; (void)key;
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
    return 0;
}

static inline void kpish_readline_bind_ctrl_c(void) { rl_bind_key(3, kpish_readline_cancel_line); }
