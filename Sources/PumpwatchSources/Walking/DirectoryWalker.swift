#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files under the input paths: files as given, directories walked recursively.
///
/// Entries of a directory come in byte order of their names, so runs are deterministic. Nothing
/// is skipped silently: hidden files are listed, and paths that cannot be read (missing, no
/// permission, symlink loops, sockets and devices) come back as `WalkEntry.problem` instead of
/// stopping the walk. Symbolic links are followed; a link back to a directory being walked is a loop.
public struct DirectoryWalker: Sendable {
    public init() {}

    /// Every entry under `paths`, in order.
    public func entries(under paths: [String]) -> [WalkEntry] {
        var out: [WalkEntry] = []
        for path in paths { walk(path, ancestors: [], into: &out) }
        return out
    }

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private func walk(_ path: String, ancestors: [FileID], into out: inout [WalkEntry]) {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ELOOP {
                out.append(.problem(path: path, reason: "symbolic link loop"))
            } else {
                out.append(.problem(path: path, reason: String(cString: strerror(code))))
            }
            return
        }
        let kind = st.st_mode & S_IFMT
        if kind == S_IFREG {
            out.append(.file(path: path, size: Int64(st.st_size)))
            return
        }
        guard kind == S_IFDIR else {
            out.append(.problem(path: path, reason: "not a regular file or directory"))
            return
        }
        let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        if ancestors.contains(id) {
            out.append(.problem(path: path, reason: "symbolic link loop: directory already being walked"))
            return
        }
        guard let dir = opendir(path) else {
            out.append(.problem(path: path, reason: "cannot list directory: \(String(cString: strerror(errno)))"))
            return
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(dir)
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let base = path.hasSuffix("/") ? path : path + "/"
        let inner = ancestors + [id]
        for name in names { walk(base + name, ancestors: inner, into: &out) }
    }
}
