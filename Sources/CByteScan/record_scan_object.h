// One object level of the record scanner, included twice by `record_scan.h`: as `pw__object`,
// and where the compiler can target AVX-512 as `pw__object_wide` (`PW_OBJECT_WIDE` set), which
// reads short string members 64 bytes at a time. Not a header of its own: it expects `PW_OBJECT`
// and `PW_OBJECT_WIDE` to be defined.
/// Scans the object at `pos` (at its `{`), looking up member names at `level`.
///
/// Works on a local offset (the scanner's `pos` is synced around the calls that use it), and
/// reads member names and string values inline: most members of a log record are strings. With
/// `PW_OBJECT_WIDE`, a member of a plain name and a plain string value within 64 bytes is read
/// from one AVX-512 mask of its quotes and other special bytes.
static int PW_OBJECT(pw__scanner *s, int level) {
    const uint8_t *p = s->p;
    const int64_t n = s->n;
    int64_t i = pw__space_at(p, s->pos + 1, n);
    int survives = 0;
    int ordinal = 0;
    if (i < n && p[i] == '}') {
        s->pos = i + 1;
        s->kind = PW_KIND_OBJECT;
        s->flags = 0;
        return 1;
    }
    for (;;) {
        if (i >= n || p[i] != '"') return 0;
        int64_t keyStart = i + 1;
        int64_t keyLength = 0;
        // A member `"name":"value"` of plain ASCII within the next 64 bytes, read from one mask.
        int64_t fastStart = -1, fastEnd = -1;
#if PW_OBJECT_WIDE
        if (i + 64 <= n) {
            __m512i w = _mm512_loadu_si512((const void *)(p + i));
            uint64_t quotes = _mm512_cmpeq_epi8_mask(w, _mm512_set1_epi8('"'));
            // Signed: bytes 0x80 and above are negative, so one comparison finds them and the control characters.
            uint64_t stops = quotes | _mm512_cmpeq_epi8_mask(w, _mm512_set1_epi8('\\')) | _mm512_cmplt_epi8_mask(w, _mm512_set1_epi8(0x20));
            uint64_t afterOpening = stops & ~1ull;
            if (afterOpening) {
                int a = __builtin_ctzll(afterOpening);
                if (a <= 60 && ((quotes >> a) & 1) && p[i + a + 1] == ':' && p[i + a + 2] == '"') {
                    uint64_t afterValue = stops >> (a + 3);
                    if (afterValue) {
                        int b = __builtin_ctzll(afterValue) + a + 3;
                        if ((quotes >> b) & 1) {
                            keyLength = a - 1;
                            fastStart = i + a + 3;
                            fastEnd = i + b;
                        }
                    }
                }
            }
        }
#endif
        if (fastStart < 0) {
            uint8_t keyFlags;
            int64_t e = pw__string_at(p, keyStart, n, &keyFlags);
            if (e < 0 || (keyFlags & PW_FLAG_ESCAPED)) return 0;
            keyLength = e - 1 - keyStart;
            i = pw__space_at(p, e, n);
            if (i >= n || p[i] != ':') return 0;
            i = pw__space_at(p, i + 1, n);
        }
        int reserved;
        const pw_schema_entry *entry = pw__lookup(s, level, ordinal, p + keyStart, keyLength, keyStart + 8 <= n, &reserved);
        ordinal++;
        if (reserved) return 0;
        pw_scanned_value *v = entry ? &s->values[entry->slot] : 0;
        if (v && v->kind != PW_KIND_ABSENT) return 0;
        uint8_t flags;
        if (fastStart >= 0) {
            flags = fastEnd > fastStart ? PW_FLAG_SURVIVES : 0;
            if (v) {
                v->start = (int32_t)fastStart;
                v->end = (int32_t)fastEnd;
                v->kind = PW_KIND_STRING;
                v->flags = flags;
            }
            i = fastEnd + 1;
        } else if (i < n && p[i] == '"') {
            int64_t valueEnd = pw__string_at(p, i + 1, n, &flags);
            if (valueEnd < 0) return 0;
            if (valueEnd - 1 > i + 1) flags |= PW_FLAG_SURVIVES;
            if (v) {
                v->start = (int32_t)(i + 1);
                v->end = (int32_t)(valueEnd - 1);
                v->kind = PW_KIND_STRING;
                v->flags = flags;
            }
            i = valueEnd;
        } else {
            s->pos = i;
            if (v && entry->child >= 0 && p[i] == '{') {
                if (!PW_OBJECT(s, entry->child)) return 0;
                v->start = (int32_t)i;
                v->end = (int32_t)s->pos;
                v->kind = PW_KIND_OBJECT;
                v->flags = s->flags;
            } else {
                if (!pw__value(s)) return 0;
                if (v) {
                    v->start = (int32_t)s->valueStart;
                    v->end = (int32_t)s->valueEnd;
                    v->kind = s->kind;
                    v->flags = s->flags;
                }
            }
            flags = s->flags;
            i = s->pos;
        }
        if (flags & PW_FLAG_SURVIVES) survives = 1;
        i = pw__space_at(p, i, n);
        uint8_t c = i < n ? p[i] : 0;
        if (c == ',') {
            i = pw__space_at(p, i + 1, n);
            continue;
        }
        if (c != '}') return 0;
        s->pos = i + 1;
        s->kind = PW_KIND_OBJECT;
        s->flags = survives ? PW_FLAG_SURVIVES : 0;
        return 1;
    }
}

