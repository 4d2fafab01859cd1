import Foundation
import PumpwatchCore

/// Reports malformed records on stderr with their file and line, at most `perFileLimit` a file.
final class MalformedReporter {
    let perFileLimit: Int
    private(set) var total = 0
    private var perFile: [String: Int] = [:]

    init(perFileLimit: Int = 20) {
        self.perFileLimit = perFileLimit
    }

    func report(_ record: MalformedRecord) {
        total += 1
        let n = (perFile[record.origin.file] ?? 0) + 1
        perFile[record.origin.file] = n
        if n <= perFileLimit {
            FileHandle.standardError.write(Data("\(record)\n".utf8))
        }
    }

    /// Prints how many reports were left out, per file, and the total.
    func summarize() {
        for (file, n) in perFile.sorted(by: { $0.key < $1.key }) where n > perFileLimit {
            FileHandle.standardError.write(Data("\(file): \(n - perFileLimit) more malformed records not shown\n".utf8))
        }
        if total > 0 {
            FileHandle.standardError.write(Data("\(total) malformed record\(total == 1 ? "" : "s") skipped\n".utf8))
        }
    }

    /// Prints a fatal input error (strict mode or an unreadable path).
    func fail(_ error: Error) {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
}
