// The skim with AVX-512 (`pw_skim_record_vector`): classifies a record's bytes 64 at a time and
// checks its structure through a memo of record shapes, instead of walking it token by token.
#ifndef PUMPWATCH_SKIM_VECTOR_H
#define PUMPWATCH_SKIM_VECTOR_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record_skim.h"
#include "shape_table.h"

/// The longest record (in 64-byte blocks) and shape the vector skim handles; longer ones go to `pw_skim_record`.
#define PW_VEC_MAX_BLOCKS 64
#define PW_VEC_MAX_SHAPE (PW_VEC_MAX_BLOCKS * 64)
/// The most strings a remembered shape may hold (its member-name bitmap has one bit per string).
#define PW_VEC_MAX_STRINGS 1024
#define PW_VEC_BUCKETS 1024
#define PW_VEC_ENTRIES 512
#define PW_VEC_ARENA (1 << 19)

/// What the skim keeps about one remembered shape: a record's bytes with every string's content
/// removed and digits 1-9 read as 1 (`pw_skim_record_vector` explains why that decides the
/// record's validity).
typedef struct {
    /// Where its bitmap of top-level member names (one bit per string, in order) starts in `bitmaps`.
    int32_t bitmap;
    /// 1: valid JSON as `pw_skim_record` checks it; 0: not; -1: valid, but with whitespace between
    /// tokens, which the vector skim leaves to `pw_skim_record`.
    int8_t verdict;
} pw_vec_shape;

/// The vector skim's state, one per reader thread (`pw_vec_state_create`). Its tables are
/// allocated apart, so that the struct stays small where it is imported.
typedef struct {
    /// The shapes met, and what is known of each (by entry number).
    pw_shape_table table;
    pw_vec_shape *shapes;
    uint64_t *bitmaps;
    /// Per block of the record being checked: opening quotes, closing quotes, colons (then closing
    /// quotes directly followed by a colon), and the strings opened before the block.
    uint64_t *opening;
    uint64_t *closing;
    uint64_t *colons;
    int32_t *openedBefore;
    /// The shape of the record being checked.
    uint8_t *shape;
    int32_t bitmapsUsed;
    /// Lookups and misses in the current window, and records left to hand to `pw_skim_record`
    /// after a window that missed too often.
    int32_t lookups;
    int32_t misses;
    int32_t paused;
} pw_vec_state;

static inline void pw_vec_state_destroy(pw_vec_state *m) {
    if (!m) return;
    pw_shape_table_free(&m->table);
    free(m->shapes);
    free(m->bitmaps);
    free(m->opening);
    free(m->closing);
    free(m->colons);
    free(m->openedBefore);
    free(m->shape);
    free(m);
}

/// A fresh state (NULL when out of memory); free it with `pw_vec_state_destroy`.
static inline pw_vec_state *pw_vec_state_create(void) {
    pw_vec_state *m = (pw_vec_state *)calloc(1, sizeof(pw_vec_state));
    if (!m) return 0;
    int table = pw_shape_table_init(&m->table, PW_VEC_ENTRIES, PW_VEC_BUCKETS, PW_VEC_ARENA);
    m->shapes = (pw_vec_shape *)calloc(PW_VEC_ENTRIES, sizeof(pw_vec_shape));
    m->bitmaps = (uint64_t *)calloc((size_t)PW_VEC_ENTRIES * (PW_VEC_MAX_STRINGS / 64), sizeof(uint64_t));
    m->opening = (uint64_t *)calloc(PW_VEC_MAX_BLOCKS + 1, sizeof(uint64_t));
    m->closing = (uint64_t *)calloc(PW_VEC_MAX_BLOCKS + 1, sizeof(uint64_t));
    m->colons = (uint64_t *)calloc(PW_VEC_MAX_BLOCKS + 1, sizeof(uint64_t));
    m->openedBefore = (int32_t *)calloc(PW_VEC_MAX_BLOCKS + 1, sizeof(int32_t));
    m->shape = (uint8_t *)calloc(PW_VEC_MAX_SHAPE + 128, 1);
    if (!table || !m->shapes || !m->bitmaps || !m->opening || !m->closing || !m->colons || !m->openedBefore
        || !m->shape) {
        pw_vec_state_destroy(m);
        return 0;
    }
    return m;
}

/// True when every text and name of `spec` can be looked for by the vector skim: at most 62 bytes
/// (the candidate masks shift by the length plus one within two blocks) and no quote or backslash.
static inline int pw_vec_spec_fits(const pw_skim_spec *spec) {
    for (int32_t k = 0; k < spec->textCount + spec->nameCount; k++) {
        const uint8_t *t = k < spec->textCount ? spec->texts[k] : spec->names[k - spec->textCount];
        int32_t n = k < spec->textCount ? spec->textLengths[k] : spec->nameLengths[k - spec->textCount];
        if (n < 1 || n > 62) return 0;
        for (int32_t i = 0; i < n; i++) if (t[i] == '"' || t[i] == '\\') return 0;
    }
    return 1;
}

#if PW_VEC_AVAILABLE
/// Works out and remembers what `shape` (`length` bytes, the record's strings emptied) says about
/// every record of that shape; returns its entry, or NULL when it cannot be remembered.
static inline const pw_vec_shape *pw__vec_learn(pw_vec_state *m, const uint8_t *shape, int64_t length, uint64_t hash) {
    if (length > PW_VEC_ARENA) return 0;
    if (!pw_shape_table_fits(&m->table, length)) {
        // Full: start afresh.
        pw_shape_table_clear(&m->table);
        m->bitmapsUsed = 0;
    }
    pw_skim_spec none;
    memset(&none, 0, sizeof none);
    int32_t starts[4], ends[4];
    uint32_t seen;
    int64_t end;
    int verdict = pw_skim_record(shape, length, 0, &none, starts, ends, &seen, &end) == 1;
    const int words = PW_VEC_MAX_STRINGS / 64;
    uint64_t *bitmap = m->bitmaps + (int64_t)m->bitmapsUsed * words;
    memset(bitmap, 0, sizeof(uint64_t) * words);
    if (verdict) {
        // Walk the (valid) shape: note which strings are the record's own member names, and
        // whether whitespace separates any tokens.
        int depth = 0, strings = 0;
        for (int64_t i = 0; i < length; i++) {
            uint8_t c = shape[i];
            if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') depth--;
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') verdict = -1;
            else if (c == '"') {
                // An emptied string: its closing quote follows.
                if (strings >= PW_VEC_MAX_STRINGS) return 0;
                if (depth == 1 && i + 2 < length && shape[i + 2] == ':') bitmap[strings >> 6] |= 1ull << (strings & 63);
                strings++;
                i++;
            }
        }
    }
    pw_vec_shape *e = &m->shapes[pw_shape_table_add(&m->table, shape, length, hash)];
    e->bitmap = m->bitmapsUsed * words;
    e->verdict = (int8_t)verdict;
    m->bitmapsUsed++;
    return e;
}

/// The remembered entry for `shape`, or NULL.
PW_VEC_TARGET static inline const pw_vec_shape *pw__vec_find(const pw_vec_state *m, const uint8_t *shape, int64_t length, uint64_t hash) {
    int32_t k = pw_shape_table_find(&m->table, shape, length, hash);
    return k < 0 ? 0 : &m->shapes[k];
}

/// Bits of `masks[j]` and the next block's, shifted down by `s` (1...63).
static inline uint64_t pw__vec_shifted(const uint64_t *masks, int j, int blocks, int s) {
    uint64_t next = j + 1 < blocks ? masks[j + 1] : 0;
    return (masks[j] >> s) | (next << (64 - s));
}

/// The offset of the first closing quote at or after `from`, or -1.
static inline int64_t pw__vec_next_closing(const pw_vec_state *m, int64_t from, int blocks) {
    int j = (int)(from >> 6);
    if (j >= blocks) return -1;
    uint64_t mask = m->closing[j] & (~0ull << (from & 63));
    for (;;) {
        if (mask) return ((int64_t)j << 6) + __builtin_ctzll(mask);
        if (++j >= blocks) return -1;
        mask = m->closing[j];
    }
}

/// `pw_skim_record`, 64 bytes at a time: the same answers (1, 2 or 0, with the same members, texts
/// seen and end), or -1 when this record is left to `pw_skim_record` (longer than
/// `PW_VEC_MAX_SHAPE`, whitespace between tokens, a shape that cannot be remembered, or a pause
/// after too many new shapes).
///
/// A record of plain ASCII without backslashes has strings that run from each quote to the next.
/// Emptying them (`"abc"` becomes `""`) and reading digits 1-9 as 1 keeps everything JSON's grammar
/// looks at: the structure, every byte outside strings, and which digits are zeros; string
/// content without quotes, backslashes or control characters is always valid. So a record is valid
/// exactly when its shape is, and records of one shape (most records of one kind of event) are
/// checked once. Whole-string texts and the record's own member names are then found from the
/// quote masks: a string of length L is an opening quote with a closing quote L + 1 bytes on.
PW_VEC_TARGET static int pw_skim_record_vector(
    const uint8_t *p, int64_t n, int lines, const pw_skim_spec *spec, pw_vec_state *m, int32_t *starts, int32_t *ends,
    uint32_t *seen, int64_t *end) {
    if (m->paused > 0) {
        m->paused--;
        return -1;
    }
    *seen = 0;
    for (int32_t k = 0; k < spec->nameCount; k++) { starts[k] = -1; ends[k] = -1; }
    const __m512i quote = _mm512_set1_epi8('"'), backslash = _mm512_set1_epi8('\\'), space = _mm512_set1_epi8(0x20);
    const __m512i newline = _mm512_set1_epi8('\n'), colon = _mm512_set1_epi8(':');
    const __m512i one = _mm512_set1_epi8('1'), nine = _mm512_set1_epi8('9');
    const __m128i ones = _mm_set1_epi8((char)0xFF);
    uint64_t inString = 0;
    int64_t length = n, shapeLength = 0;
    int blocks = 0, opened = 0;
    for (int j = 0;; j++) {
        int64_t offset = (int64_t)j << 6;
        if (offset >= n) break;
        if (j >= PW_VEC_MAX_BLOCKS) return -1;
        int64_t left = n - offset;
        uint64_t valid = left >= 64 ? ~0ull : ((1ull << left) - 1);
        __m512i v = _mm512_maskz_loadu_epi8(valid, p + offset);
        int last = left <= 64;
        if (lines) {
            uint64_t feeds = _mm512_cmpeq_epi8_mask(v, newline) & valid;
            if (feeds) {
                int k = __builtin_ctzll(feeds);
                valid &= (1ull << k) - 1;
                length = offset + k;
                last = 1;
            }
        }
        uint64_t quotes = _mm512_cmpeq_epi8_mask(v, quote) & valid;
        // A backslash or a byte outside ASCII (its top bit set): the record is left to the full scanner.
        if ((_mm512_cmpeq_epi8_mask(v, backslash) | _mm512_movepi8_mask(v)) & valid) return 0;
        uint64_t controls = _mm512_cmplt_epu8_mask(v, space) & valid;
        // Bit i: byte i is inside a string (its opening quote included, its closing quote not).
        uint64_t within = (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)quotes), ones, 0)) ^ inString;
        inString = (uint64_t)((int64_t)within >> 63);
        // A control character inside a string makes the record invalid: the full path reports it.
        if (controls & within) return 0;
        m->opening[j] = quotes & within;
        m->closing[j] = quotes & ~within;
        m->colons[j] = _mm512_cmpeq_epi8_mask(v, colon) & ~within & valid;
        m->openedBefore[j] = opened;
        opened += __builtin_popcountll(m->opening[j]);
        uint64_t keep = (~within | quotes) & valid;
        __mmask64 digits = _mm512_cmpge_epu8_mask(v, one) & _mm512_cmple_epu8_mask(v, nine);
        __m512i read = _mm512_mask_blend_epi8(digits, v, one);
        _mm512_storeu_si512((void *)(m->shape + shapeLength), _mm512_maskz_compress_epi8(keep, read));
        shapeLength += __builtin_popcountll(keep);
        blocks = j + 1;
        if (last) break;
    }
    // A string still open at the end: invalid.
    if (inString) return 0;
    *end = length;
    // Texts: strings whose content is exactly a text. A record whose texts complete a stop mask is
    // read the normal way whatever else holds, so this comes before the shape is looked up.
    for (int32_t k = 0; k < spec->textCount; k++) {
        int32_t size = spec->textLengths[k];
        for (int j = 0; j < blocks; j++) {
            uint64_t candidates = m->opening[j] & pw__vec_shifted(m->closing, j, blocks, size + 1);
            while (candidates) {
                int64_t at = ((int64_t)j << 6) + __builtin_ctzll(candidates) + 1;
                candidates &= candidates - 1;
                if (pw__skim_equal(p, at, size, n, spec->texts[k], spec->textHeads[k])) {
                    *seen |= 1u << k;
                    goto nextText;
                }
            }
        }
    nextText:;
    }
    for (int32_t s = 0; s < spec->stopMaskCount; s++) {
        if ((*seen & spec->stopMasks[s]) == spec->stopMasks[s]) return 2;
    }
    uint64_t hash = pw__vec_hash64(m->shape, shapeLength);
    const pw_vec_shape *shape = pw__vec_find(m, m->shape, shapeLength, hash);
    m->lookups++;
    if (!shape) {
        m->misses++;
        shape = pw__vec_learn(m, m->shape, shapeLength, hash);
    } else if (shape->verdict < 0) {
        m->misses++;
    }
    if (m->lookups >= 4096) {
        if (m->misses * 4 > m->lookups) m->paused = 15 * 4096;
        m->lookups = 0;
        m->misses = 0;
    }
    if (!shape || shape->verdict < 0) return -1;
    if (shape->verdict == 0) return 0;
    // The record's own members among the named ones: names (a closing quote directly followed by a
    // colon: no whitespace in this shape) at the top level, by the shape's bitmap.
    for (int j = 0; j < blocks; j++) {
        uint64_t next = j + 1 < blocks ? m->colons[j + 1] : 0;
        m->colons[j] = m->closing[j] & ((m->colons[j] >> 1) | (next << 63));
    }
    const uint64_t *bitmap = m->bitmaps + shape->bitmap;
    for (int32_t k = 0; k < spec->nameCount; k++) {
        int32_t size = spec->nameLengths[k];
        for (int j = 0; j < blocks; j++) {
            uint64_t candidates = m->opening[j] & pw__vec_shifted(m->colons, j, blocks, size + 1);
            while (candidates) {
                int bit = __builtin_ctzll(candidates);
                candidates &= candidates - 1;
                int64_t at = ((int64_t)j << 6) + bit + 1;
                if (!pw__skim_equal(p, at, size, n, spec->names[k], spec->nameHeads[k])) continue;
                int ordinal = m->openedBefore[j] + __builtin_popcountll(m->opening[j] & ((1ull << bit) - 1));
                if (!((bitmap[ordinal >> 6] >> (ordinal & 63)) & 1)) continue;
                if (starts[k] >= 0) return 0;
                // The value follows the colon directly (no whitespace in this shape); it must be a string.
                int64_t value = at + size + 2;
                if (value >= length || p[value] != '"') return 0;
                int64_t close = pw__vec_next_closing(m, value + 1, blocks);
                if (close < 0) return 0;
                starts[k] = (int32_t)(value + 1);
                ends[k] = (int32_t)close;
            }
        }
    }
    return 1;
}
#else
static inline int pw_skim_record_vector(
    const uint8_t *p, int64_t n, int lines, const pw_skim_spec *spec, pw_vec_state *m, int32_t *starts, int32_t *ends,
    uint32_t *seen, int64_t *end) {
    return -1;
}
#endif

#endif
