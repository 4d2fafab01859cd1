// A table of record shapes found by hash, shared by the vector skim (`skim_vector.h`) and the
// vector scanner (`scan_vector.h`), with the instruction checks and byte routines both use.
#ifndef PUMPWATCH_SHAPE_TABLE_H
#define PUMPWATCH_SHAPE_TABLE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "shim.h"

/// Where one remembered shape's bytes are, and their hash.
typedef struct {
    uint64_t hash;
    int32_t offset;
    int32_t length;
} pw_shape_key;

/// Remembered shapes: at most `capacity`, their bytes in one arena of `arenaSize`, found by hash
/// through `bucketCount` buckets (a power of two above `capacity`) probed in turn. An entry's number
/// (from 0) indexes what the caller keeps about the shape.
typedef struct {
    /// Entry number plus one; 0: empty.
    int32_t *buckets;
    pw_shape_key *keys;
    uint8_t *arena;
    int32_t capacity;
    int32_t bucketCount;
    int32_t arenaSize;
    int32_t count;
    int32_t arenaUsed;
} pw_shape_table;

static inline void pw_shape_table_free(pw_shape_table *t) {
    free(t->buckets);
    free(t->keys);
    free(t->arena);
    memset(t, 0, sizeof *t);
}

/// Allocates an empty table; 0 when out of memory (the table is then freed).
static inline int pw_shape_table_init(pw_shape_table *t, int32_t capacity, int32_t bucketCount, int32_t arenaSize) {
    memset(t, 0, sizeof *t);
    t->capacity = capacity;
    t->bucketCount = bucketCount;
    t->arenaSize = arenaSize;
    t->buckets = (int32_t *)calloc((size_t)bucketCount, sizeof(int32_t));
    t->keys = (pw_shape_key *)calloc((size_t)capacity, sizeof(pw_shape_key));
    t->arena = (uint8_t *)malloc((size_t)arenaSize);
    if (!t->buckets || !t->keys || !t->arena) {
        pw_shape_table_free(t);
        return 0;
    }
    return 1;
}

/// True when a shape of `length` bytes can be added without clearing the table.
static inline int pw_shape_table_fits(const pw_shape_table *t, int64_t length) {
    return t->count < t->capacity && t->arenaUsed + length <= t->arenaSize;
}

/// Forgets every shape.
static inline void pw_shape_table_clear(pw_shape_table *t) {
    memset(t->buckets, 0, sizeof(int32_t) * (size_t)t->bucketCount);
    t->count = 0;
    t->arenaUsed = 0;
}

/// Adds a shape the table fits (`pw_shape_table_fits`); its entry number.
static inline int32_t pw_shape_table_add(pw_shape_table *t, const uint8_t *bytes, int64_t length, uint64_t hash) {
    int32_t k = t->count++;
    t->keys[k].hash = hash;
    t->keys[k].offset = t->arenaUsed;
    t->keys[k].length = (int32_t)length;
    memcpy(t->arena + t->arenaUsed, bytes, (size_t)length);
    t->arenaUsed += (int32_t)length;
    int32_t b = (int32_t)(hash >> 54) & (t->bucketCount - 1);
    while (t->buckets[b]) b = (b + 1) & (t->bucketCount - 1);
    t->buckets[b] = k + 1;
    return k;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#define PW_VEC_AVAILABLE 1
#define PW_VEC_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,pclmul,bmi,bmi2,popcnt")))

/// True when the processor and the system support the instructions of the vector skim and scanner
/// (`pw_skim_record_vector`, `pw_scan_record_vector`).
static inline int pw_vec_supported(void) {
    if (!pw_cpu_avx512bw()) return 0;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 1) & 1) || !((c >> 23) & 1)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    // VL, BMI1, BMI2 and VBMI2, besides what `pw_cpu_avx512bw` checks (with PCLMULQDQ and POPCNT above).
    return ((b >> 31) & 1) && ((b >> 3) & 1) && ((b >> 8) & 1) && ((c >> 6) & 1);
}

/// A hash of `p[0..<n]`, 64 bytes at a time (xxh3's accumulation: each 64-bit lane adds the
/// product of its halves, keyed by the block's position); collisions only cost a comparison.
PW_VEC_TARGET static inline uint64_t pw__vec_hash64(const uint8_t *p, int64_t n) {
    const __m512i key = _mm512_set_epi64(
        0x9E3779B97F4A7C15ll, 0xC2B2AE3D27D4EB4Fll, 0x165667B19E3779F9ll, 0x27D4EB2F165667C5ll, 0x85EBCA77C2B2AE63ll,
        0xFF51AFD7ED558CCDll, 0xC4CEB9FE1A85EC53ll, 0x94D049BB133111EBll);
    __m512i acc = _mm512_set1_epi64(n);
    for (int64_t i = 0; i < n; i += 64) {
        int64_t left = n - i;
        __mmask64 mask = left >= 64 ? ~0ull : ((1ull << left) - 1);
        __m512i v = _mm512_maskz_loadu_epi8(mask, p + i);
        __m512i x = _mm512_xor_si512(v, _mm512_add_epi64(key, _mm512_set1_epi64(i)));
        acc = _mm512_add_epi64(acc, _mm512_mul_epu32(x, _mm512_srli_epi64(x, 32)));
        acc = _mm512_add_epi64(acc, _mm512_shuffle_i64x2(v, v, 0x4E));
    }
    uint64_t lanes[8];
    _mm512_storeu_si512((void *)lanes, acc);
    uint64_t h = 0;
    for (int k = 0; k < 8; k++) {
        h = (h ^ lanes[k]) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    return h;
}

/// True when the `n` bytes at `a` and `b` are the same, 64 at a time.
PW_VEC_TARGET static inline int pw__vec_equal(const uint8_t *a, const uint8_t *b, int64_t n) {
    for (int64_t i = 0; i < n; i += 64) {
        int64_t left = n - i;
        __mmask64 mask = left >= 64 ? ~0ull : ((1ull << left) - 1);
        if (_mm512_mask_cmpneq_epi8_mask(mask, _mm512_maskz_loadu_epi8(mask, a + i), _mm512_maskz_loadu_epi8(mask, b + i))) return 0;
    }
    return 1;
}

/// The entry number of the shape `bytes`, or -1.
PW_VEC_TARGET static inline int32_t pw_shape_table_find(const pw_shape_table *t, const uint8_t *bytes, int64_t length, uint64_t hash) {
    int32_t b = (int32_t)(hash >> 54) & (t->bucketCount - 1);
    for (;;) {
        int32_t k = t->buckets[b];
        if (!k) return -1;
        const pw_shape_key *key = &t->keys[k - 1];
        if (key->hash == hash && key->length == length && pw__vec_equal(t->arena + key->offset, bytes, length)) return k - 1;
        b = (b + 1) & (t->bucketCount - 1);
    }
}
#else
#define PW_VEC_AVAILABLE 0
static inline int pw_vec_supported(void) { return 0; }
#endif

#endif
