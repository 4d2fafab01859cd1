// The on-demand JSON record scanner (`RecordScanner` in Swift calls it): finds the members a
// schema names in one record and checks everything else without building values.
#ifndef PUMPWATCH_RECORD_SCAN_H
#define PUMPWATCH_RECORD_SCAN_H
#include <stdint.h>
#include <string.h>
#include "shim.h"

/// One member name known at one level (`ScanSchema.Entry`, laid out alike).
typedef struct {
    int32_t keyOffset;
    int32_t keyLength;
    int32_t slot;
    /// The level of the member's own members, or -1 when they are not looked into.
    int32_t child;
    uint64_t head;
    uint64_t tail;
} pw_schema_entry;

/// One object level's hash table (`ScanSchema.Level`).
typedef struct {
    int64_t bucketBase;
    uint64_t shift;
} pw_schema_level;

/// What a member position answered last time (`MemberPredictions.Slot`).
typedef struct {
    uint64_t head;
    uint64_t tail;
    int32_t length;
    /// The entry found plus one; 0: not wanted.
    int32_t entry;
} pw_member_prediction;

/// Where one wanted member's value lies (`ScannedValue`, laid out alike).
typedef struct {
    int32_t start;
    int32_t end;
    uint8_t kind;
    uint8_t flags;
} pw_scanned_value;

enum {
    PW_KIND_ABSENT = 0, PW_KIND_STRING, PW_KIND_NUMBER, PW_KIND_TRUE, PW_KIND_FALSE, PW_KIND_NULL, PW_KIND_OBJECT,
    PW_KIND_ARRAY
};
enum { PW_FLAG_ESCAPED = 1, PW_FLAG_NON_ASCII = 2, PW_FLAG_SURVIVES = 4 };

/// A `ScanSchema`'s tables, as the scanner reads them.
typedef struct {
    const pw_schema_entry *entries;
    const int32_t *buckets;
    const uint8_t *keyBytes;
    const pw_schema_level *levels;
    /// 256 flags: whether some reserved prefix starts with that byte.
    const uint8_t *reservedFirstBytes;
    const uint8_t *reservedBytes;
    /// (offset, length) of each reserved prefix in `reservedBytes`.
    const int32_t *reserved;
    int32_t reservedCount;
    int32_t slotCount;
    /// Member positions remembered per object level (`MemberPredictions.perLevel`).
    int32_t predictionsPerLevel;
    /// The deepest nesting followed while skipping a value (`RecordScanner.maxSkipDepth`).
    int32_t maxSkipDepth;
    /// Nonzero to read objects with `pw__object_wide` (only where `pw_cpu_avx512bw` says so).
    int32_t wide;
} pw_scan_schema;

typedef struct {
    const uint8_t *p;
    int64_t n;
    int64_t pos;
    const pw_scan_schema *schema;
    pw_scanned_value *values;
    pw_member_prediction *predictions;
    /// The value scanned last.
    uint8_t kind;
    uint8_t flags;
    int64_t valueStart;
    int64_t valueEnd;
} pw__scanner;

static inline uint8_t pw__peek(const pw__scanner *s) { return s->pos < s->n ? s->p[s->pos] : 0; }

static inline void pw__space(pw__scanner *s) {
    while (s->pos < s->n) {
        uint8_t c = s->p[s->pos];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') s->pos++; else return;
    }
}

static inline int pw__hex(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
static inline int pw__cont(uint8_t b) { return (b & 0xC0) == 0x80; }

/// Skips one well-formed multi-byte UTF-8 sequence starting with `lead` at `pos`.
static inline int pw__utf8(pw__scanner *s, uint8_t lead) {
    const uint8_t *p = s->p + s->pos;
    int64_t left = s->n - s->pos;
    if (lead >= 0xC2 && lead <= 0xDF) {
        if (left < 2 || !pw__cont(p[1])) return 0;
        s->pos += 2;
        return 1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3) return 0;
        uint8_t b1 = p[1];
        int ok = lead == 0xE0 ? (b1 >= 0xA0 && b1 <= 0xBF) : lead == 0xED ? (b1 >= 0x80 && b1 <= 0x9F) : pw__cont(b1);
        if (!ok || !pw__cont(p[2])) return 0;
        s->pos += 3;
        return 1;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4) return 0;
        uint8_t b1 = p[1];
        int ok = lead == 0xF0 ? (b1 >= 0x90 && b1 <= 0xBF) : lead == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F) : pw__cont(b1);
        if (!ok || !pw__cont(p[2]) || !pw__cont(p[3])) return 0;
        s->pos += 4;
        return 1;
    }
    return 0;
}

/// Skips string content from `pos` (just after the opening quote) to just after the closing
/// quote, checking escapes, control characters and UTF-8; sets `flags` (escaped, non-ASCII).
static inline int pw__string(pw__scanner *s) {
    uint8_t f = 0;
    const uint8_t *p = s->p;
    int64_t n = s->n;
    int64_t i = s->pos;
    for (;;) {
        for (;;) {
            if (i + 16 <= n) {
                uint32_t stops = pw_string_stops16(p + i);
                if (!stops) {
                    i += 16;
                    continue;
                }
                i += __builtin_ctz(stops);
                break;
            }
            while (i < n) {
                uint8_t c = p[i];
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                i++;
            }
            break;
        }
        if (i >= n) {
            s->pos = i;
            s->flags = f;
            return 0;
        }
        uint8_t c = p[i];
        if (c == '"') {
            s->pos = i + 1;
            s->flags = f;
            return 1;
        }
        if (c == '\\') {
            f |= PW_FLAG_ESCAPED;
            if (i + 1 >= n) return 0;
            uint8_t e = p[i + 1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                i += 2;
            } else if (e == 'u') {
                if (i + 6 > n) return 0;
                for (int k = 2; k < 6; k++) if (!pw__hex(p[i + k])) return 0;
                i += 6;
            } else {
                return 0;
            }
            continue;
        }
        if (c < 0x20) return 0;
        f |= PW_FLAG_NON_ASCII;
        s->pos = i;
        if (!pw__utf8(s, c)) return 0;
        i = s->pos;
    }
}

/// Skips JSON whitespace from `i`; the offset of the first other byte (or `n`).
static inline int64_t pw__space_at(const uint8_t *p, int64_t i, int64_t n) {
    while (i < n) {
        uint8_t c = p[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') i++; else break;
    }
    return i;
}

/// `pw__string` on offsets: the offset just past the closing quote of the string whose content
/// starts at `i`, or -1 when it is not valid; `*flags` gets the escaped and non-ASCII flags. Plain
/// content is skipped here, 16 bytes at a time; escapes and UTF-8 go through `pw__string`.
static inline int64_t pw__string_at(const uint8_t *p, int64_t i, int64_t n, uint8_t *flags) {
    while (i + 16 <= n) {
        uint32_t stops = pw_string_stops16(p + i);
        if (stops) {
            i += __builtin_ctz(stops);
            if (p[i] == '"') {
                *flags = 0;
                return i + 1;
            }
            break;
        }
        i += 16;
    }
    pw__scanner t = {p, n, i, 0, 0, 0, PW_KIND_ABSENT, 0, 0, 0};
    if (!pw__string(&t)) return -1;
    *flags = t.flags;
    return t.pos;
}

/// The offset just past a number with JSON's grammar starting at `i`, or -1:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
static inline int64_t pw__number_end(const uint8_t *p, int64_t i, int64_t n) {
#define PW__D(k) ((k) < n && p[k] >= '0' && p[k] <= '9')
    if (i < n && p[i] == '-') i++;
    if (!PW__D(i)) return -1;
    if (p[i] == '0') i++; else while (PW__D(i)) i++;
    if (i < n && p[i] == '.') {
        i++;
        if (!PW__D(i)) return -1;
        while (PW__D(i)) i++;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-')) i++;
        if (!PW__D(i)) return -1;
        while (PW__D(i)) i++;
    }
#undef PW__D
    return i;
}

/// Skips a number at `pos`.
static inline int pw__number(pw__scanner *s) {
    int64_t end = pw__number_end(s->p, s->pos, s->n);
    if (end < 0) return 0;
    s->pos = end;
    return 1;
}

static inline int pw__literal(pw__scanner *s, const char *text, int64_t count) {
    if (s->pos + count > s->n || memcmp(s->p + s->pos, text, (size_t)count) != 0) return 0;
    s->pos += count;
    return 1;
}

/// Skips `"name"` and the colon after it, with the whitespace around.
static inline int pw__member_name(pw__scanner *s) {
    if (pw__peek(s) != '"') return 0;
    s->pos++;
    if (!pw__string(s)) return 0;
    pw__space(s);
    if (pw__peek(s) != ':') return 0;
    s->pos++;
    pw__space(s);
    return 1;
}

/// Skips one element or member value inside a container; a nested container is left for the
/// caller to open (`*opening` set) so the nesting stays iterative.
static inline int pw__element(pw__scanner *s, int *survives, int *opening) {
    uint8_t c = pw__peek(s);
    switch (c) {
    case '"': {
        s->pos++;
        int64_t start = s->pos;
        if (!pw__string(s)) return 0;
        if (s->pos - 1 > start) *survives = 1;
        return 1;
    }
    case '{': case '[':
        *opening = 1;
        return 1;
    case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        if (!pw__number(s)) return 0;
        *survives = 1;
        return 1;
    case 't':
        if (!pw__literal(s, "true", 4)) return 0;
        *survives = 1;
        return 1;
    case 'f':
        if (!pw__literal(s, "false", 5)) return 0;
        *survives = 1;
        return 1;
    case 'n':
        return pw__literal(s, "null", 4);
    default:
        return 0;
    }
}

/// Skips an object or array, iteratively, up to `maxSkipDepth` levels; sets `flags` to whether
/// any scalar in it survives empty-value removal.
static inline int pw__container(pw__scanner *s) {
    uint64_t objects = 0;
    int depth = 0;
    int survives = 0;
    int opening = 1;
    for (;;) {
        if (opening) {
            uint8_t c = pw__peek(s);
            if (depth >= s->schema->maxSkipDepth) return 0;
            int isObject = c == '{';
            if (isObject) objects |= 1ull << depth; else objects &= ~(1ull << depth);
            depth++;
            s->pos++;
            pw__space(s);
            uint8_t close = pw__peek(s);
            if (close == (isObject ? '}' : ']')) {
                s->pos++;
                depth--;
                opening = 0;
            } else {
                if (isObject && !pw__member_name(s)) return 0;
                opening = 0;
                if (!pw__element(s, &survives, &opening)) return 0;
                if (opening) continue;
            }
        }
        if (depth == 0) {
            s->flags = survives ? PW_FLAG_SURVIVES : 0;
            return 1;
        }
        pw__space(s);
        uint8_t c = pw__peek(s);
        int inObject = (int)((objects >> (depth - 1)) & 1);
        if (c == ',') {
            s->pos++;
            pw__space(s);
            if (inObject && !pw__member_name(s)) return 0;
            if (!pw__element(s, &survives, &opening)) return 0;
            continue;
        }
        if (c == (inObject ? '}' : ']')) {
            s->pos++;
            depth--;
            continue;
        }
        return 0;
    }
}

/// Skips one value at `pos`, checking it; sets `kind`, `flags`, `valueStart` and `valueEnd`.
static inline int pw__value(pw__scanner *s) {
    uint8_t c = pw__peek(s);
    s->valueStart = s->pos;
    switch (c) {
    case '"':
        s->pos++;
        s->valueStart = s->pos;
        if (!pw__string(s)) return 0;
        s->valueEnd = s->pos - 1;
        s->kind = PW_KIND_STRING;
        if (s->valueEnd > s->valueStart) s->flags |= PW_FLAG_SURVIVES;
        return 1;
    case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        if (!pw__number(s)) return 0;
        s->kind = PW_KIND_NUMBER;
        s->flags = PW_FLAG_SURVIVES;
        break;
    case 't':
        if (!pw__literal(s, "true", 4)) return 0;
        s->kind = PW_KIND_TRUE;
        s->flags = PW_FLAG_SURVIVES;
        break;
    case 'f':
        if (!pw__literal(s, "false", 5)) return 0;
        s->kind = PW_KIND_FALSE;
        s->flags = PW_FLAG_SURVIVES;
        break;
    case 'n':
        if (!pw__literal(s, "null", 4)) return 0;
        s->kind = PW_KIND_NULL;
        s->flags = 0;
        break;
    case '{': case '[':
        if (!pw__container(s)) return 0;
        s->kind = c == '{' ? PW_KIND_OBJECT : PW_KIND_ARRAY;
        break;
    default:
        return 0;
    }
    s->valueEnd = s->pos;
    return 1;
}

/// A member name's first (up to) eight bytes and its last eight bytes (0 when shorter)
/// (`ScanSchema.words`); `canReadAhead`: eight readable bytes follow `p` even for a short name.
static inline void pw__words(const uint8_t *p, int64_t length, int canReadAhead, uint64_t *head, uint64_t *tail) {
    if (length >= 8) {
        memcpy(head, p, 8);
        memcpy(tail, p + length - 8, 8);
        return;
    }
    *tail = 0;
    if (canReadAhead) {
        uint64_t w;
        memcpy(&w, p, 8);
        *head = length == 0 ? 0 : w & (~0ull >> (64 - 8 * length));
        return;
    }
    uint64_t h = 0;
    for (int64_t k = 0; k < length; k++) h |= (uint64_t)p[k] << (8 * k);
    *head = h;
}

/// True when the bytes between the first and last eight of two names `length` (over 16) bytes long are equal.
static inline int pw__middle_equal(const uint8_t *a, const uint8_t *b, int64_t length) {
    for (int64_t k = 8; k + 8 < length; k += 8) {
        uint64_t x, y;
        memcpy(&x, a + k, 8);
        memcpy(&y, b + k, 8);
        if (x != y) return 0;
    }
    return 1;
}

/// The entry number (plus one; 0 when there is none) of the name with these words at `level`
/// (the hash is `ScanSchema.hash`).
static inline int32_t pw__probe(const pw_scan_schema *schema, int level, uint64_t head, uint64_t tail, const uint8_t *p, int64_t length) {
    pw_schema_level l = schema->levels[level];
    int64_t mask = ((int64_t)1 << (64 - l.shift)) - 1;
    uint64_t h = ((head ^ ((tail << 29) | (tail >> 35))) ^ (uint64_t)length * 0x100000001B3ull) * 0x9E3779B97F4A7C15ull;
    int64_t b = (int64_t)(h >> l.shift);
    for (;;) {
        int32_t e = schema->buckets[l.bucketBase + b];
        if (e == 0) return 0;
        const pw_schema_entry *entry = &schema->entries[e - 1];
        if (entry->keyLength == length && entry->head == head && entry->tail == tail
            && (length <= 16 || pw__middle_equal(schema->keyBytes + entry->keyOffset, p, length))) {
            return e;
        }
        b = (b + 1) & mask;
    }
}

/// True when the top-level member name at `p` starts with one of the reserved prefixes.
static inline int pw__reserved(const pw_scan_schema *schema, const uint8_t *p, int64_t length) {
    if (length <= 0 || !schema->reservedFirstBytes[p[0]]) return 0;
    for (int32_t k = 0; k < schema->reservedCount; k++) {
        int64_t offset = schema->reserved[2 * k], count = schema->reserved[2 * k + 1];
        if (count > length || p[count - 1] != schema->reservedBytes[offset + count - 1]) continue;
        if (memcmp(schema->reservedBytes + offset, p, (size_t)count) == 0) return 1;
    }
    return 0;
}

/// The entry for the `ordinal`-th member name of an object at `level` (`ScanSchema.lookup`),
/// trying the answer remembered for that position first; NULL when not wanted. For a name not
/// wanted at the top level, `*reserved` tells whether it starts with a reserved prefix
/// (`pw__reserved`), remembered with the position's answer (`entry` -2) for names of up to 16
/// bytes, which the remembered words identify exactly.
static inline const pw_schema_entry *pw__lookup(
    pw__scanner *s, int level, int ordinal, const uint8_t *p, int64_t length, int canReadAhead, int *reserved) {
    const pw_scan_schema *schema = s->schema;
    uint64_t head, tail;
    pw__words(p, length, canReadAhead, &head, &tail);
    *reserved = 0;
    if (!s->predictions || ordinal >= schema->predictionsPerLevel) {
        int32_t e = pw__probe(schema, level, head, tail, p, length);
        if (e > 0) return &schema->entries[e - 1];
        *reserved = level == 0 && schema->reservedCount > 0 && pw__reserved(schema, p, length);
        return 0;
    }
    pw_member_prediction *slot = s->predictions + (level * schema->predictionsPerLevel + ordinal);
    if (slot->length == length && slot->head == head && slot->tail == tail) {
        if (slot->entry > 0) {
            const pw_schema_entry *entry = &schema->entries[slot->entry - 1];
            if (length <= 16 || pw__middle_equal(schema->keyBytes + entry->keyOffset, p, length)) return entry;
        } else if (length <= 16) {
            *reserved = slot->entry == -2;
            return 0;
        }
    }
    int32_t e = pw__probe(schema, level, head, tail, p, length);
    if (e == 0) *reserved = level == 0 && schema->reservedCount > 0 && pw__reserved(schema, p, length);
    slot->head = head;
    slot->tail = tail;
    slot->length = (int32_t)length;
    slot->entry = e > 0 ? e : (*reserved ? -2 : 0);
    return e > 0 ? &schema->entries[e - 1] : 0;
}

#define PW_OBJECT pw__object
#define PW_OBJECT_WIDE 0
#include "record_scan_object.h"
#undef PW_OBJECT
#undef PW_OBJECT_WIDE

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define PW_SCAN_HAS_WIDE 1
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw"))), apply_to = function)
#define PW_OBJECT pw__object_wide
#define PW_OBJECT_WIDE 1
#include "record_scan_object.h"
#undef PW_OBJECT
#undef PW_OBJECT_WIDE
#pragma clang attribute pop
#else
#define PW_SCAN_HAS_WIDE 0
#endif

/// Scans `p[0..<n]`, one JSON object with optional surrounding whitespace, filling `values`
/// (`schema->slotCount` of them) for the members found; 0 when the record needs the full path
/// (see `RecordScanner`). `predictions` (nullable) is the reader's own `MemberPredictions`.
static inline int pw_scan_record(
    const uint8_t *p, int64_t n, const pw_scan_schema *schema, pw_scanned_value *values, pw_member_prediction *predictions) {
    for (int32_t i = 0; i < schema->slotCount; i++) {
        values[i].start = 0;
        values[i].end = 0;
        values[i].kind = PW_KIND_ABSENT;
        values[i].flags = 0;
    }
    if (n > 0x7FFFFFFF) return 0;
    pw__scanner s = {p, n, 0, schema, values, predictions, PW_KIND_ABSENT, 0, 0, 0};
    pw__space(&s);
    if (pw__peek(&s) != '{') return 0;
#if PW_SCAN_HAS_WIDE
    if (!(schema->wide ? pw__object_wide(&s, 0) : pw__object(&s, 0))) return 0;
#else
    if (!pw__object(&s, 0)) return 0;
#endif
    pw__space(&s);
    return s.pos == s.n;
}

#endif
