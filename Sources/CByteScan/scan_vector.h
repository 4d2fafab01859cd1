// The record scanner with AVX-512 (`pw_scan_record_vector`): finds a schema's members through a
// memo of record shapes that keep member names, instead of reading the record member by member.
#ifndef PUMPWATCH_SCAN_VECTOR_H
#define PUMPWATCH_SCAN_VECTOR_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record_scan.h"
#include "shape_table.h"

/// The longest record (in 64-byte blocks) the vector scanner handles; longer ones go to `pw_scan_record`.
#define PW_VSCAN_MAX_BLOCKS 128
#define PW_VSCAN_MAX_SHAPE (PW_VSCAN_MAX_BLOCKS * 64)
/// The most strings a record of `PW_VSCAN_MAX_SHAPE` bytes can hold.
#define PW_VSCAN_MAX_STRINGS (PW_VSCAN_MAX_SHAPE / 2 + 1)
#define PW_VSCAN_BUCKETS 1024
#define PW_VSCAN_ENTRIES 512
#define PW_VSCAN_ARENA (1 << 20)

/// Where one member the schema wants lies in every record of a remembered shape.
typedef struct {
    int32_t slot;
    uint8_t kind;
    /// The flags the scanner gave it in the shape (a string's are worked out from the record).
    uint8_t flags;
    /// A string: the ordinal of its string in the record. Any other value: the ordinal of the last
    /// string closed before its start (-1: none), whose closing quote is at `startClose` in the shape.
    int32_t string;
    int32_t startClose;
    /// Any other value: where it starts and ends in the shape, and the last string closed before its
    /// end (-1: none), whose closing quote is at `endClose` in the shape.
    int32_t start;
    int32_t end;
    int32_t endString;
    int32_t endClose;
} pw_vscan_value;

/// What the scanner keeps about one remembered shape: a record's bytes outside strings (digits 1-9 read as 1), its member names
/// whole, and every other string emptied (`pw_scan_record_vector` explains why).
typedef struct {
    /// Its members' places: `valueCount` of them from `values` on in the state's `values`.
    int32_t values;
    int32_t valueCount;
    /// 1: `pw_scan_record` takes records of this shape; 0: it rejects them; -1: left to it
    /// (whitespace between tokens, where the shape cannot tell member names).
    int8_t verdict;
} pw_vscan_shape;

/// The vector scanner's state, one per reader thread and schema (`pw_vscan_state_create`).
typedef struct {
    /// The shapes met, and what is known of each (by entry number).
    pw_shape_table table;
    pw_vscan_shape *shapes;
    pw_vscan_value *values;
    int32_t valuesCapacity;
    int32_t slotCount;
    /// Per block of the record being read: opening and closing quotes, and how many of each came before.
    uint64_t *opening;
    uint64_t *closing;
    int32_t *openedBefore;
    int32_t *closedBefore;
    /// The shape of the record being read.
    uint8_t *shape;
    /// While learning a shape: where each string opens and closes in it, and the scanner's values.
    int32_t *openAt;
    int32_t *closeAt;
    pw_scanned_value *scratch;
    int32_t valuesUsed;
    /// Lookups and misses in the current window, and records left to `pw_scan_record` after a
    /// window that missed too often.
    int32_t lookups;
    int32_t misses;
    int32_t paused;
    /// Nonzero: a taken record's values are left deferred (`pw_vscan_set_deferring`).
    int32_t defers;
    /// The shape of the record taken last, and its block count: what `pw_vscan_resolve` reads.
    const pw_vscan_shape *current;
    int32_t currentBlocks;
} pw_vscan_state;

/// Set in a value's flags while only its kind is known: `pw_vscan_resolve` works out the rest.
#define PW_FLAG_DEFERRED 0x80

/// With `on`, `pw_scan_record_vector` gives each value of a taken record its kind and
/// `PW_FLAG_DEFERRED`, and leaves its place to `pw_vscan_resolve`: most records a query reads are
/// rejected on two or three members, and the others' places then need not be worked out.
static inline void pw_vscan_set_deferring(pw_vscan_state *m, int on) { m->defers = on; }

static inline void pw_vscan_state_destroy(pw_vscan_state *m) {
    if (!m) return;
    pw_shape_table_free(&m->table);
    free(m->shapes);
    free(m->values);
    free(m->opening);
    free(m->closing);
    free(m->openedBefore);
    free(m->closedBefore);
    free(m->shape);
    free(m->openAt);
    free(m->closeAt);
    free(m->scratch);
    free(m);
}

/// A fresh state for a schema of `slotCount` slots (NULL when out of memory); free it with
/// `pw_vscan_state_destroy`.
static inline pw_vscan_state *pw_vscan_state_create(int32_t slotCount) {
    pw_vscan_state *m = (pw_vscan_state *)calloc(1, sizeof(pw_vscan_state));
    if (!m) return 0;
    int32_t slots = slotCount > 0 ? slotCount : 1;
    m->slotCount = slotCount;
    m->valuesCapacity = PW_VSCAN_ENTRIES * slots;
    int table = pw_shape_table_init(&m->table, PW_VSCAN_ENTRIES, PW_VSCAN_BUCKETS, PW_VSCAN_ARENA);
    m->shapes = (pw_vscan_shape *)calloc(PW_VSCAN_ENTRIES, sizeof(pw_vscan_shape));
    m->values = (pw_vscan_value *)calloc((size_t)m->valuesCapacity, sizeof(pw_vscan_value));
    m->opening = (uint64_t *)calloc(PW_VSCAN_MAX_BLOCKS + 1, sizeof(uint64_t));
    m->closing = (uint64_t *)calloc(PW_VSCAN_MAX_BLOCKS + 1, sizeof(uint64_t));
    m->openedBefore = (int32_t *)calloc(PW_VSCAN_MAX_BLOCKS + 1, sizeof(int32_t));
    m->closedBefore = (int32_t *)calloc(PW_VSCAN_MAX_BLOCKS + 1, sizeof(int32_t));
    m->shape = (uint8_t *)calloc(PW_VSCAN_MAX_SHAPE + 128, 1);
    m->openAt = (int32_t *)calloc(PW_VSCAN_MAX_STRINGS, sizeof(int32_t));
    m->closeAt = (int32_t *)calloc(PW_VSCAN_MAX_STRINGS, sizeof(int32_t));
    m->scratch = (pw_scanned_value *)calloc((size_t)slots, sizeof(pw_scanned_value));
    if (!table || !m->shapes || !m->values || !m->opening || !m->closing || !m->openedBefore
        || !m->closedBefore || !m->shape || !m->openAt || !m->closeAt || !m->scratch) {
        pw_vscan_state_destroy(m);
        return 0;
    }
    return m;
}

/// The index of the last of `count` ascending offsets below `limit`, or -1.
static inline int32_t pw__vscan_last_below(const int32_t *offsets, int32_t count, int64_t limit) {
    int32_t lo = 0, hi = count;
    while (lo < hi) {
        int32_t mid = (lo + hi) >> 1;
        if (offsets[mid] < limit) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
}

/// Works out and remembers where the schema's members lie in every record of `shape` (`length`
/// bytes); returns its entry, or NULL when it cannot be remembered.
static inline const pw_vscan_shape *pw__vscan_learn(
    pw_vscan_state *m, const pw_scan_schema *schema, const uint8_t *shape, int64_t length, uint64_t hash) {
    if (length > PW_VSCAN_ARENA) return 0;
    if (!pw_shape_table_fits(&m->table, length) || m->valuesUsed + schema->slotCount > m->valuesCapacity) {
        // Full: start afresh.
        pw_shape_table_clear(&m->table);
        m->valuesUsed = 0;
    }
    // Where the strings are, and whether whitespace separates tokens (the shape has no backslash).
    int32_t strings = 0;
    int verdict = 1;
    for (int64_t i = 0; i < length; i++) {
        uint8_t c = shape[i];
        if (c == '"') {
            const uint8_t *close = (const uint8_t *)memchr(shape + i + 1, '"', (size_t)(length - i - 1));
            if (!close) break;
            m->openAt[strings] = (int32_t)i;
            m->closeAt[strings] = (int32_t)(close - shape);
            strings++;
            i = close - shape;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            verdict = -1;
        }
    }
    pw_vscan_shape *e = &m->shapes[m->table.count];
    e->values = m->valuesUsed;
    e->valueCount = 0;
    if (verdict == 1) {
        verdict = pw_scan_record(shape, length, schema, m->scratch, 0) ? 1 : 0;
    }
    if (verdict == 1) {
        for (int32_t slot = 0; slot < schema->slotCount; slot++) {
            const pw_scanned_value *found = &m->scratch[slot];
            if (found->kind == PW_KIND_ABSENT) continue;
            pw_vscan_value *v = &m->values[m->valuesUsed + e->valueCount];
            memset(v, 0, sizeof *v);
            v->slot = slot;
            v->kind = found->kind;
            v->flags = found->flags;
            if (found->kind == PW_KIND_STRING) {
                // The string whose opening quote is just before the value.
                int32_t k = pw__vscan_last_below(m->openAt, strings, found->start);
                if (k < 0 || m->openAt[k] != found->start - 1) return 0;
                v->string = k;
            } else {
                v->start = found->start;
                v->end = found->end;
                v->string = pw__vscan_last_below(m->closeAt, strings, found->start);
                v->startClose = v->string >= 0 ? m->closeAt[v->string] : 0;
                v->endString = pw__vscan_last_below(m->closeAt, strings, found->end);
                v->endClose = v->endString >= 0 ? m->closeAt[v->endString] : 0;
            }
            e->valueCount++;
        }
    }
    e->verdict = (int8_t)verdict;
    m->valuesUsed += e->valueCount;
    pw_shape_table_add(&m->table, shape, length, hash);
    return e;
}

#if PW_VEC_AVAILABLE
/// The remembered entry for `shape`, or NULL.
PW_VEC_TARGET static inline const pw_vscan_shape *pw__vscan_find(const pw_vscan_state *m, const uint8_t *shape, int64_t length, uint64_t hash) {
    int32_t k = pw_shape_table_find(&m->table, shape, length, hash);
    return k < 0 ? 0 : &m->shapes[k];
}

/// The offset of the `ordinal`-th set bit of the record's `masks` (`before[j]` of them in blocks
/// before j). The block is the last one with at most `ordinal` bits before it: `before` never
/// decreases, so that is the count of later blocks with at most `ordinal` before them, taken 16
/// blocks at a time without a branch that depends on the data (a search from where the member was
/// in the last record of its shape mispredicts too often to pay).
PW_VEC_TARGET __attribute__((always_inline)) static inline int64_t pw__vscan_select(const uint64_t *masks, const int32_t *before, int blocks, int32_t ordinal) {
    int j = 0;
    const __m512i limit = _mm512_set1_epi32(ordinal);
    for (int b = 1; b < blocks; b += 16) {
        __mmask16 valid = blocks - b >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (blocks - b)) - 1);
        __m512i x = _mm512_maskz_loadu_epi32(valid, before + b);
        j += __builtin_popcount((unsigned)_mm512_mask_cmple_epi32_mask(valid, x, limit));
    }
    uint64_t bit = _pdep_u64(1ull << (ordinal - before[j]), masks[j]);
    return ((int64_t)j << 6) + __builtin_ctzll(bit);
}

/// Works out where the shape's value `v` lies in the record just read (`blocks` long), into `out`.
PW_VEC_TARGET __attribute__((always_inline)) static inline void pw__vscan_place(
    const pw_vscan_state *m, const pw_vscan_value *v, int blocks, pw_scanned_value *out) {
    out->kind = v->kind;
    if (v->kind == PW_KIND_STRING) {
        int64_t open = pw__vscan_select(m->opening, m->openedBefore, blocks, v->string);
        int64_t close = pw__vscan_select(m->closing, m->closedBefore, blocks, v->string);
        out->start = (int32_t)(open + 1);
        out->end = (int32_t)close;
        out->flags = close > open + 1 ? PW_FLAG_SURVIVES : 0;
        return;
    }
    int64_t start = v->start, end = v->end;
    if (v->string >= 0) start += pw__vscan_select(m->closing, m->closedBefore, blocks, v->string) - v->startClose;
    if (v->endString >= 0) end += pw__vscan_select(m->closing, m->closedBefore, blocks, v->endString) - v->endClose;
    out->start = (int32_t)start;
    out->end = (int32_t)end;
    uint8_t flags = v->flags;
    if ((v->kind == PW_KIND_OBJECT || v->kind == PW_KIND_ARRAY) && end - start > v->end - v->start) flags |= PW_FLAG_SURVIVES;
    out->flags = flags;
}

/// Works out the place of a value `pw_scan_record_vector` deferred (`PW_FLAG_DEFERRED`), in place;
/// valid until the state reads another record.
PW_VEC_TARGET static inline void pw_vscan_resolve(const pw_vscan_state *m, pw_scanned_value *value) {
    const pw_vscan_value *v = &m->values[m->current->values + value->start];
    pw__vscan_place(m, v, m->currentBlocks, value);
}

/// Places every value of the record read last that is still deferred (`count` slots in `values`).
PW_VEC_TARGET static inline void pw_vscan_resolve_all(const pw_vscan_state *m, pw_scanned_value *values, int32_t count) {
    for (int32_t i = 0; i < count; i++) {
        if (values[i].flags & PW_FLAG_DEFERRED) pw_vscan_resolve(m, &values[i]);
    }
}

/// `pw_scan_record` through shapes: the same answer (1 or 0) and the same values, with the record's
/// length in `*end`, or -1 when the record is left to `pw_scan_record` (longer than
/// `PW_VSCAN_MAX_SHAPE`, a backslash, a control character or a byte outside ASCII, a space between tokens, a shape
/// that cannot be remembered, or a pause after too many new shapes). With `lines`, the record is
/// the line at `p` (up to its line feed or `n`): a record rejected before its end is found is then
/// left to `pw_scan_record` too.
///
/// A record of plain ASCII without backslashes has strings that run from each quote to the next.
/// Its shape keeps every byte outside strings (digits 1-9 read as 1) and every string that opens
/// right after `{` or `,`, and empties the others (`"abc"` becomes `""`). Without whitespace between
/// tokens, the strings after `{` or `,` are all the member names (and some array elements), so the
/// shape holds the structure, the names, which digits are zeros and the literals: everything the
/// scanner decides by. String content without quotes, backslashes or control characters is always
/// valid, so the scanner takes a record exactly when it takes its shape, and finds the same
/// members. A string member's value is the n-th string in both, and any other value lies as far
/// after the string closed before it as in the shape. What an emptied string changes is whether a
/// value survives: a string survives when it is not empty, and an object or array when the shape
/// says so or any string in it lost content.
PW_VEC_TARGET static int pw_scan_record_vector(
    const uint8_t *p, int64_t n, int lines, const pw_scan_schema *schema, pw_scanned_value *values, pw_vscan_state *m,
    int64_t *end) {
    *end = -1;
    if (m->paused > 0) {
        m->paused--;
        return -1;
    }
    if (n <= 0 || (!lines && n > PW_VSCAN_MAX_SHAPE) || schema->slotCount > m->slotCount) return -1;
    const __m512i quote = _mm512_set1_epi8('"'), backslash = _mm512_set1_epi8('\\'), space = _mm512_set1_epi8(0x20);
    const __m512i brace = _mm512_set1_epi8('{'), comma = _mm512_set1_epi8(','), newline = _mm512_set1_epi8('\n');
    // `nine`: bytes 1 to 9 less '1' are below it (unsigned), every other byte is not.
    const __m512i one = _mm512_set1_epi8('1'), nine = _mm512_set1_epi8(9);
    const __m128i ones = _mm_set1_epi8((char)0xFF);
    uint64_t inString = 0, afterOpener = 0;
    unsigned char carry = 0;
    int64_t shapeLength = 0;
    int blocks = 0;
    int32_t opened = 0, closed = 0;
    // The state's arrays in locals: the shape's stores (bytes, which may alias anything) would
    // otherwise make the compiler load every pointer again in every block.
    uint64_t *const openingAt = m->opening, *const closingAt = m->closing;
    int32_t *const openedAt = m->openedBefore, *const closedAt = m->closedBefore;
    uint8_t *const shapeAt = m->shape;
    int64_t length = n;
    for (int j = 0;; j++) {
        int64_t offset = (int64_t)j << 6;
        if (offset >= n) break;
        if (j >= PW_VSCAN_MAX_BLOCKS) return -1;
        int64_t left = n - offset;
        uint64_t valid = left >= 64 ? ~0ull : ((1ull << left) - 1);
        __m512i v = _mm512_maskz_loadu_epi8(valid, p + offset);
        int last = left <= 64;
        if (lines) {
            // The record ends at the first line feed.
            uint64_t feeds = _mm512_cmpeq_epi8_mask(v, newline) & valid;
            if (feeds) {
                int k = __builtin_ctzll(feeds);
                valid &= (1ull << k) - 1;
                length = offset + k;
                last = 1;
            }
        }
        // A backslash, a byte outside ASCII or a control character (in a string: invalid; between
        // tokens: whitespace, which the shape cannot tell from names): left to `pw_scan_record`.
        if ((_mm512_cmpeq_epi8_mask(v, backslash) | _mm512_movepi8_mask(v) | _mm512_cmplt_epu8_mask(v, space)) & valid) return -1;
        uint64_t quotes = _mm512_cmpeq_epi8_mask(v, quote) & valid;
        // Bit i: byte i is inside a string (its opening quote included, its closing quote not).
        uint64_t within = (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)quotes), ones, 0)) ^ inString;
        inString = (uint64_t)((int64_t)within >> 63);
        uint64_t opening = quotes & within, closing = quotes & ~within;
        // Strings opened right after `{` or `,` keep their content: adding their opening bit to
        // `within` carries through their run, which clears it in the sum.
        uint64_t openers = (_mm512_cmpeq_epi8_mask(v, brace) | _mm512_cmpeq_epi8_mask(v, comma)) & ~within & valid;
        uint64_t names = opening & ((openers << 1) | afterOpener);
        afterOpener = openers >> 63;
        unsigned long long sum;
        carry = _addcarry_u64(carry, within, names, &sum);
        uint64_t kept = within & ~(uint64_t)sum;
        uint64_t keep = (~within | quotes | kept) & valid;
        __mmask64 digits = _mm512_mask_cmplt_epu8_mask(~within, _mm512_sub_epi8(v, one), nine);
        __m512i read = _mm512_mask_blend_epi8(digits, v, one);
        _mm512_storeu_si512((void *)(shapeAt + shapeLength), _mm512_maskz_compress_epi8(keep, read));
        shapeLength += __builtin_popcountll(keep);
        openingAt[j] = opening;
        closingAt[j] = closing;
        openedAt[j] = opened;
        closedAt[j] = closed;
        opened += __builtin_popcountll(opening);
        closed += __builtin_popcountll(closing);
        blocks = j + 1;
        if (last) break;
    }
    if (length <= 0) return -1;
    *end = length;
    // A string still open at the end: invalid.
    if (inString) return 0;
    uint64_t hash = pw__vec_hash64(m->shape, shapeLength);
    const pw_vscan_shape *shape = pw__vscan_find(m, m->shape, shapeLength, hash);
    m->lookups++;
    if (!shape) {
        m->misses++;
        shape = pw__vscan_learn(m, schema, m->shape, shapeLength, hash);
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
    for (int32_t i = 0; i < schema->slotCount; i++) {
        values[i].start = 0;
        values[i].end = 0;
        values[i].kind = PW_KIND_ABSENT;
        values[i].flags = 0;
    }
    const pw_vscan_value *found = m->values + shape->values;
    if (m->defers) {
        m->current = shape;
        m->currentBlocks = blocks;
        for (int32_t k = 0; k < shape->valueCount; k++) {
            pw_scanned_value *out = &values[found[k].slot];
            out->kind = found[k].kind;
            out->flags = PW_FLAG_DEFERRED;
            // Which of the shape's values it is, for `pw_vscan_resolve`.
            out->start = k;
        }
        return 1;
    }
    for (int32_t k = 0; k < shape->valueCount; k++) pw__vscan_place(m, &found[k], blocks, &values[found[k].slot]);
    return 1;
}
#else
static inline void pw_vscan_resolve(const pw_vscan_state *m, pw_scanned_value *value) {}
static inline void pw_vscan_resolve_all(const pw_vscan_state *m, pw_scanned_value *values, int32_t count) {}
static inline int pw_scan_record_vector(
    const uint8_t *p, int64_t n, int lines, const pw_scan_schema *schema, pw_scanned_value *values, pw_vscan_state *m,
    int64_t *end) {
    *end = -1;
    return -1;
}
#endif

#endif
