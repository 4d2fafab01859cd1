// The skim (`RecordSkim` in Swift calls it): checks one record in a single pass and notes what a
// reader needs to tell that no consumer wants it, without scanning it for fields.
#ifndef PUMPWATCH_RECORD_SKIM_H
#define PUMPWATCH_RECORD_SKIM_H
#include <stdint.h>
#include <string.h>
#include "shim.h"
#include "record_scan.h"

/// What `pw_skim_record` looks for in a record.
typedef struct {
    /// Top-level member names whose string contents are reported (`nameCount` of them, at most 4).
    const uint8_t *names[4];
    int32_t nameLengths[4];
    int32_t nameCount;
    /// Texts noticed as the whole content of a string, member names included (at most 8).
    const uint8_t *texts[8];
    int32_t textLengths[8];
    int32_t textCount;
    /// Masks over `texts`: the skim stops as soon as every text of one mask was seen (at most 8).
    uint32_t stopMasks[8];
    int32_t stopMaskCount;
    /// The first (up to) eight bytes of each name and text, little-endian, zero-padded
    /// (`pw_skim_prepare` fills them).
    uint64_t nameHeads[4];
    uint64_t textHeads[8];
} pw_skim_spec;

static inline uint64_t pw__skim_head(const uint8_t *text, int32_t length) {
    uint64_t head = 0;
    for (int32_t k = 0; k < length && k < 8; k++) head |= (uint64_t)text[k] << (8 * k);
    return head;
}

/// Fills the heads of `spec`'s names and texts.
static inline void pw_skim_prepare(pw_skim_spec *spec) {
    for (int32_t k = 0; k < spec->nameCount; k++) spec->nameHeads[k] = pw__skim_head(spec->names[k], spec->nameLengths[k]);
    for (int32_t k = 0; k < spec->textCount; k++) spec->textHeads[k] = pw__skim_head(spec->texts[k], spec->textLengths[k]);
}

/// True when `p[s..<s+length]` (within `p[0..<n]`) is `text`, whose head is `head`.
static inline int pw__skim_equal(const uint8_t *p, int64_t s, int64_t length, int64_t n, const uint8_t *text, uint64_t head) {
    if (s + 8 <= n) {
        uint64_t word;
        memcpy(&word, p + s, 8);
        if (length < 8) return (word & ((1ull << (8 * length)) - 1)) == head;
        if (word != head) return 0;
        return length == 8 || memcmp(p + s + 8, text + 8, (size_t)(length - 8)) == 0;
    }
    return memcmp(p + s, text, (size_t)length) == 0;
}

/// The deepest nesting `pw_skim_record` follows, the record's own object included.
#define PW_SKIM_MAX_DEPTH 32

/// Skips JSON whitespace; a line feed ends the record instead when `lines` is set.
static inline int64_t pw__skim_space(const uint8_t *p, int64_t i, int64_t n, int lines) {
    while (i < n) {
        uint8_t c = p[i];
        if (c == ' ' || c == '\r' || c == '\t' || (c == '\n' && !lines)) i++; else break;
    }
    return i;
}

/// The offset just past the closing quote of the string whose content starts at `i`, or -1 when
/// the content holds a backslash, a control character or a byte outside ASCII, or is not closed.
static inline int64_t pw__skim_string(const uint8_t *p, int64_t i, int64_t n) {
    while (i + 16 <= n) {
        uint32_t stops = pw_string_stops16(p + i);
        if (stops) {
            i += __builtin_ctz(stops);
            return p[i] == '"' ? i + 1 : -1;
        }
        i += 16;
    }
    while (i < n) {
        uint8_t c = p[i];
        if (c == '"') return i + 1;
        if (c == '\\' || c < 0x20 || c >= 0x80) return -1;
        i++;
    }
    return -1;
}

/// Notes the string content `p[s..<e]` (within `p[0..<n]`) among the spec's texts; true when a stop mask is complete.
static inline int pw__skim_text(const uint8_t *p, int64_t s, int64_t e, int64_t n, const pw_skim_spec *spec, uint32_t *seen) {
    int64_t length = e - s;
    int hit = 0;
    for (int32_t k = 0; k < spec->textCount; k++) {
        if (spec->textLengths[k] == length && pw__skim_equal(p, s, length, n, spec->texts[k], spec->textHeads[k])) {
            *seen |= 1u << k;
            hit = 1;
        }
    }
    if (!hit) return 0;
    for (int32_t m = 0; m < spec->stopMaskCount; m++) {
        if ((*seen & spec->stopMasks[m]) == spec->stopMasks[m]) return 1;
    }
    return 0;
}

/// Checks one record without building anything and notes a few things about it, for a reader that
/// can then skip records no consumer wants.
///
/// Returns 1 when `p[0..<n]` is one JSON object (with optional surrounding whitespace) of plain
/// ASCII with no backslash, nesting at most `PW_SKIM_MAX_DEPTH` deep, every byte of it checked as
/// JSON; with `lines` set, the record is the line at `p` instead, ending at the first line feed
/// (or at `n`), and `*end` is set to that line feed's offset. `starts`/`ends` then hold the content bounds of the named top-level members (-1 when
/// absent) and `*seen` has bit k set when some string's whole content is text k. Returns 0 when the
/// record needs the full scanner (invalid JSON, a byte outside ASCII, a backslash, deeper nesting,
/// a named member repeated or not a string), and 2 when it stopped early because every text of a
/// stop mask was seen (the record was not checked to its end).
static inline int pw_skim_record(
    const uint8_t *p, int64_t n, int lines, const pw_skim_spec *spec, int32_t *starts, int32_t *ends, uint32_t *seen,
    int64_t *end) {
    *end = n;
    *seen = 0;
    for (int32_t k = 0; k < spec->nameCount; k++) { starts[k] = -1; ends[k] = -1; }
    if (n > 0x7FFFFFFF) return 0;
    // Bit d of `objects` is set when the container at depth d is an object.
    uint64_t objects = 0;
    int depth = 0;
    int64_t i = pw__skim_space(p, 0, n, lines);
    if (i >= n || p[i] != '{') return 0;
    // The named member whose value comes next, or -1.
    int named = -1;
    int expectingValue = 1;
    for (;;) {
        if (expectingValue) {
            uint8_t c = i < n ? p[i] : 0;
            if (c == '{' || c == '[') {
                if (depth >= PW_SKIM_MAX_DEPTH || named >= 0) return 0;
                int isObject = c == '{';
                if (isObject) objects |= 1ull << depth; else objects &= ~(1ull << depth);
                depth++;
                i = pw__skim_space(p, i + 1, n, lines);
                uint8_t d = i < n ? p[i] : 0;
                if (d == (isObject ? '}' : ']')) {
                    i++;
                    depth--;
                    expectingValue = 0;
                } else if (isObject) {
                    goto member;
                }
                continue;
            }
            if (c == '"') {
                int64_t e = pw__skim_string(p, i + 1, n);
                if (e < 0) return 0;
                if (spec->textCount && pw__skim_text(p, i + 1, e - 1, n, spec, seen)) return 2;
                if (named >= 0) {
                    starts[named] = (int32_t)(i + 1);
                    ends[named] = (int32_t)(e - 1);
                    named = -1;
                }
                i = e;
            } else {
                if (named >= 0) return 0;
                if (c == '-' || (c >= '0' && c <= '9')) {
                    i = pw__number_end(p, i, n);
                    if (i < 0) return 0;
                } else if (c == 't') {
                    if (i + 4 > n || memcmp(p + i, "true", 4) != 0) return 0;
                    i += 4;
                } else if (c == 'f') {
                    if (i + 5 > n || memcmp(p + i, "false", 5) != 0) return 0;
                    i += 5;
                } else if (c == 'n') {
                    if (i + 4 > n || memcmp(p + i, "null", 4) != 0) return 0;
                    i += 4;
                } else {
                    return 0;
                }
            }
            expectingValue = 0;
            continue;
        }
        // After a complete value inside the container at depth - 1 (or the record itself).
        if (depth == 0) {
            i = pw__skim_space(p, i, n, lines);
            if (i < n && !(lines && p[i] == '\n')) return 0;
            *end = i;
            return 1;
        }
        i = pw__skim_space(p, i, n, lines);
        {
            uint8_t c = i < n ? p[i] : 0;
            int inObject = (int)((objects >> (depth - 1)) & 1);
            if (c == ',') {
                i = pw__skim_space(p, i + 1, n, lines);
                if (inObject) goto member;
                expectingValue = 1;
                continue;
            }
            if (c == (inObject ? '}' : ']')) {
                i++;
                depth--;
                continue;
            }
            return 0;
        }
    member:
        // A member name at `i`, its colon, and the space before its value.
        {
            if (i >= n || p[i] != '"') return 0;
            int64_t e = pw__skim_string(p, i + 1, n);
            if (e < 0) return 0;
            if (spec->textCount && pw__skim_text(p, i + 1, e - 1, n, spec, seen)) return 2;
            if (depth == 1) {
                int64_t length = e - 1 - (i + 1);
                for (int32_t k = 0; k < spec->nameCount; k++) {
                    if (spec->nameLengths[k] == length && pw__skim_equal(p, i + 1, length, n, spec->names[k], spec->nameHeads[k])) {
                        if (starts[k] >= 0) return 0;
                        named = k;
                        break;
                    }
                }
            }
            i = pw__skim_space(p, e, n, lines);
            if (i >= n || p[i] != ':') return 0;
            i = pw__skim_space(p, i + 1, n, lines);
            expectingValue = 1;
        }
    }
}

#endif
