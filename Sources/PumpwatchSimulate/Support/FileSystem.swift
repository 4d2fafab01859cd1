#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations the simulator needs, on POSIX calls (no Foundation).
enum FileSystem {
    /// The text of the last C error.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(SimulationError) {
        if path.isEmpty || isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if !isDirectory(prefix) {
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw .io(path: prefix, reason: "cannot create the folder: \(lastError())")
                }
            }
            prefix += "/"
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// The size of a file in bytes, or 0 when it cannot be read.
    static func size(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }

    /// The names in a folder, without `.` and `..`; empty when it cannot be read.
    static func entries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func move(_ from: String, to: String) throws(SimulationError) {
        if rename(from, to) != 0 {
            throw .io(path: to, reason: "cannot move \(from) here: \(lastError())")
        }
    }

    static func removeFile(_ path: String) {
        unlink(path)
    }

    static func removeEmptyDirectory(_ path: String) {
        rmdir(path)
    }

    /// The folder part of a path (`a/b/c.txt` → `a/b`).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
