#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// Makes glibc's malloc hand large blocks back to the system as soon as they are freed.
///
/// glibc raises its mmap threshold after each large block it frees (up to 32 MB by default). From
/// then on, the tables rules keep (dictionaries that double as they grow) are carved from the
/// heap, and the storage each one outgrew stays resident. With a fixed threshold, blocks from
/// 1 MB up stay separate mappings and are unmapped when freed, so peak memory follows what the
/// rules hold. Used by `hunt` and `watch`, whose rules keep large tables; `query` keeps one table
/// per aggregate and gains nothing from it (reading `.gz` input, which frees large buffers all the
/// time, even loses). `MALLOC_MMAP_THRESHOLD_` in the environment still wins.
enum MallocTuning {
    static func returnLargeBlocksWhenFreed() {
        #if canImport(Glibc)
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
