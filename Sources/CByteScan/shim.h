// Byte-class masks over 16 bytes for the JSON scanner, with SSE2 where the target has it (every
// x86-64) and a portable loop elsewhere. Header-only: the functions inline into the Swift caller.
#ifndef PUMPWATCH_CBYTESCAN_H
#define PUMPWATCH_CBYTESCAN_H
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bit i is set when byte i of p[0..<16] ends a plain run of JSON string content: a quote, a
/// backslash, a control character (below 0x20) or a byte outside ASCII (0x80 and above).
static inline uint32_t pw_string_stops16(const uint8_t *p) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    // Signed: bytes 0x80...0xFF are negative, so one comparison finds them and the control characters.
    __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), low));
#else
    uint32_t mask = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) mask |= 1u << i;
    }
    return mask;
#endif
}


#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
/// True when the processor has AVX-512 F and BW and the system saves their registers.
static inline int pw_cpu_avx512bw(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 16) & 1) || !((b >> 30) & 1)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    // SSE, AVX, opmask, the upper halves of ZMM0-15 and ZMM16-31 saved by the system.
    return (lo & 0xE6) == 0xE6;
}
#else
static inline int pw_cpu_avx512bw(void) { return 0; }
#endif

#endif
