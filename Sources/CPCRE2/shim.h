// PCRE2 is compiled for one code-unit width; kpish matches UTF-8 text.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
