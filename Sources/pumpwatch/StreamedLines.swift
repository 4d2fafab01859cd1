import Foundation

/// Lines written to standard output in blocks of about 64 KB, as they come.
final class StreamedLines {
    private var buffer = ""

    /// Adds `line` and a newline, writing out the block once it is full.
    func write(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count >= 64 << 10 { flush() }
    }

    /// Writes out what is buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
        buffer.reserveCapacity(80 << 10)
    }
}
