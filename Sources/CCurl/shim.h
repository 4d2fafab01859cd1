// An HTTP POST through libcurl, loaded with dlopen the first time a request is made: a program
// that never posts does not load libcurl and the dozens of libraries it depends on.
#ifndef PUMPWATCH_CCURL_SHIM_H
#define PUMPWATCH_CCURL_SHIM_H
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// libcurl's ABI, as its curl.h defines it (stable since 7.x).
#define PW_CURLOPT_WRITEDATA 10001
#define PW_CURLOPT_URL 10002
#define PW_CURLOPT_ERRORBUFFER 10010
#define PW_CURLOPT_WRITEFUNCTION 20011
#define PW_CURLOPT_POSTFIELDS 10015
#define PW_CURLOPT_HTTPHEADER 10023
#define PW_CURLOPT_HEADERDATA 10029
#define PW_CURLOPT_NOPROGRESS 43
#define PW_CURLOPT_POST 47
#define PW_CURLOPT_FOLLOWLOCATION 52
#define PW_CURLOPT_XFERINFODATA 10057
#define PW_CURLOPT_HEADERFUNCTION 20079
#define PW_CURLOPT_NOSIGNAL 99
#define PW_CURLOPT_POSTFIELDSIZE_LARGE 30120
#define PW_CURLOPT_TIMEOUT_MS 155
#define PW_CURLOPT_PROTOCOLS 181
#define PW_CURLOPT_XFERINFOFUNCTION 20219
#define PW_CURLINFO_RESPONSE_CODE 0x200002
#define PW_CURLPROTO_HTTP_HTTPS 3
#define PW_CURL_GLOBAL_ALL 3

/// What `pw_http_post` reports when libcurl could not be loaded.
#define PW_HTTP_NO_LIBCURL -1
/// The most bytes of an answer's body kept.
#define PW_HTTP_BODY_LIMIT 4096

typedef struct pw_curl_slist pw_curl_slist;

/// libcurl's entry points, found once.
typedef struct {
    int loaded;
    int (*global_init)(long flags);
    void *(*easy_init)(void);
    int (*easy_setopt)(void *handle, int option, ...);
    int (*easy_perform)(void *handle);
    int (*easy_getinfo)(void *handle, int info, ...);
    void (*easy_cleanup)(void *handle);
    pw_curl_slist *(*slist_append)(pw_curl_slist *list, const char *text);
    void (*slist_free_all)(pw_curl_slist *list);
} pw_curl_api;

/// The one set of entry points (a function's static: Swift emits no file-scope statics of a header).
static inline pw_curl_api *pw__curl_api(void) {
    static pw_curl_api api;
    return &api;
}

static void pw__curl_load(void) {
    pw_curl_api *api = pw__curl_api();
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib"};
    void *lib = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    api->global_init = (int (*)(long))dlsym(lib, "curl_global_init");
    api->easy_init = (void *(*)(void))dlsym(lib, "curl_easy_init");
    api->easy_setopt = (int (*)(void *, int, ...))dlsym(lib, "curl_easy_setopt");
    api->easy_perform = (int (*)(void *))dlsym(lib, "curl_easy_perform");
    api->easy_getinfo = (int (*)(void *, int, ...))dlsym(lib, "curl_easy_getinfo");
    api->easy_cleanup = (void (*)(void *))dlsym(lib, "curl_easy_cleanup");
    api->slist_append = (pw_curl_slist * (*)(pw_curl_slist *, const char *)) dlsym(lib, "curl_slist_append");
    api->slist_free_all = (void (*)(pw_curl_slist *))dlsym(lib, "curl_slist_free_all");
    if (!api->global_init || !api->easy_init || !api->easy_setopt || !api->easy_perform
        || !api->easy_getinfo || !api->easy_cleanup || !api->slist_append || !api->slist_free_all) return;
    if (api->global_init(PW_CURL_GLOBAL_ALL) != 0) return;
    api->loaded = 1;
}

/// True when libcurl can be loaded (loads it the first time).
static inline int pw_http_available(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, pw__curl_load);
    return pw__curl_api()->loaded;
}

/// One request's answer, and a flag that cancels it while it runs.
typedef struct {
    /// 1 once `pw_http_cancel` was called: the request then ends with code 42.
    int cancelled;
    /// The HTTP status of the last answer, 0 when none came.
    long status;
    /// libcurl's result code (0: an answer came), or `PW_HTTP_NO_LIBCURL`.
    int code;
    /// Up to `PW_HTTP_BODY_LIMIT` bytes of the answer's body, and its whole length.
    unsigned char body[PW_HTTP_BODY_LIMIT];
    size_t bodyKept;
    size_t bodyLength;
    /// The last answer's Retry-After header, trimmed ("" when absent).
    char retryAfter[64];
} pw_http_exchange;

static size_t pw__http_write(char *data, size_t size, size_t count, void *user) {
    pw_http_exchange *x = (pw_http_exchange *)user;
    size_t n = size * count;
    size_t room = PW_HTTP_BODY_LIMIT - x->bodyKept;
    size_t keep = n < room ? n : room;
    memcpy(x->body + x->bodyKept, data, keep);
    x->bodyKept += keep;
    x->bodyLength += n;
    return n;
}

static size_t pw__http_header(char *data, size_t size, size_t count, void *user) {
    pw_http_exchange *x = (pw_http_exchange *)user;
    size_t n = size * count;
    // A new status line starts a new answer (after a 100 Continue, say): forget the last one's.
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        x->retryAfter[0] = 0;
        x->bodyKept = 0;
        x->bodyLength = 0;
        return n;
    }
    static const char name[] = "retry-after:";
    size_t nameLength = sizeof name - 1;
    if (n <= nameLength) return n;
    for (size_t i = 0; i < nameLength; i++) {
        if (tolower((unsigned char)data[i]) != name[i]) return n;
    }
    size_t start = nameLength, end = n;
    while (start < end && (data[start] == ' ' || data[start] == '\t')) start++;
    while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' ' || data[end - 1] == '\t')) end--;
    size_t length = end - start < sizeof x->retryAfter - 1 ? end - start : sizeof x->retryAfter - 1;
    memcpy(x->retryAfter, data + start, length);
    x->retryAfter[length] = 0;
    return n;
}

static int pw__http_progress(void *user, int64_t dlTotal, int64_t dlNow, int64_t ulTotal, int64_t ulNow) {
    (void)dlTotal; (void)dlNow; (void)ulTotal; (void)ulNow;
    return __atomic_load_n(&((pw_http_exchange *)user)->cancelled, __ATOMIC_RELAXED) ? 1 : 0;
}

/// Asks the request running with `x` to stop; callable from any thread.
static inline void pw_http_cancel(pw_http_exchange *x) {
    __atomic_store_n(&x->cancelled, 1, __ATOMIC_RELAXED);
}

/// POSTs `bodyLength` bytes to `url` with `headerCount` header lines ("Name: value"), giving up
/// after `timeoutMs`; never follows a redirect, speaks only HTTP and HTTPS, and keeps no cookies.
/// Fills `x` (`pw_http_cancel` stops it from another thread) and returns `x->code`.
static inline int pw_http_post(
    const char *url, const char *const *headers, int headerCount, const void *body, size_t bodyLength, long timeoutMs,
    pw_http_exchange *x) {
    x->status = 0;
    x->bodyKept = 0;
    x->bodyLength = 0;
    x->retryAfter[0] = 0;
    if (!pw_http_available()) return x->code = PW_HTTP_NO_LIBCURL;
    const pw_curl_api *api = pw__curl_api();
    void *curl = api->easy_init();
    if (!curl) return x->code = 2;  // CURLE_FAILED_INIT
    pw_curl_slist *list = 0;
    for (int i = 0; i < headerCount; i++) list = api->slist_append(list, headers[i]);
    // No "Expect: 100-continue" round trip before larger bodies.
    list = api->slist_append(list, "Expect:");
    api->easy_setopt(curl, PW_CURLOPT_URL, url);
    api->easy_setopt(curl, PW_CURLOPT_PROTOCOLS, (long)PW_CURLPROTO_HTTP_HTTPS);
    api->easy_setopt(curl, PW_CURLOPT_POST, 1L);
    api->easy_setopt(curl, PW_CURLOPT_POSTFIELDS, body ? body : (const void *)"");
    api->easy_setopt(curl, PW_CURLOPT_POSTFIELDSIZE_LARGE, (int64_t)bodyLength);
    api->easy_setopt(curl, PW_CURLOPT_HTTPHEADER, list);
    api->easy_setopt(curl, PW_CURLOPT_FOLLOWLOCATION, 0L);
    api->easy_setopt(curl, PW_CURLOPT_NOSIGNAL, 1L);
    api->easy_setopt(curl, PW_CURLOPT_TIMEOUT_MS, timeoutMs > 0 ? timeoutMs : 1L);
    api->easy_setopt(curl, PW_CURLOPT_WRITEFUNCTION, pw__http_write);
    api->easy_setopt(curl, PW_CURLOPT_WRITEDATA, (void *)x);
    api->easy_setopt(curl, PW_CURLOPT_HEADERFUNCTION, pw__http_header);
    api->easy_setopt(curl, PW_CURLOPT_HEADERDATA, (void *)x);
    api->easy_setopt(curl, PW_CURLOPT_NOPROGRESS, 0L);
    api->easy_setopt(curl, PW_CURLOPT_XFERINFOFUNCTION, pw__http_progress);
    api->easy_setopt(curl, PW_CURLOPT_XFERINFODATA, (void *)x);
    x->code = api->easy_perform(curl);
    long status = 0;
    if (api->easy_getinfo(curl, PW_CURLINFO_RESPONSE_CODE, &status) == 0) x->status = status;
    api->easy_cleanup(curl);
    api->slist_free_all(list);
    return x->code;
}

#endif
