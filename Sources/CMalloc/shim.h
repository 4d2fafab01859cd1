// glibc's malloc tuning (mallopt). Used only where Swift imports Glibc.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
