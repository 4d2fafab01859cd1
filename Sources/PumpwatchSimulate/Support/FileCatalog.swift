import PumpwatchCore

/// The files written so far, for the summary.
final class FileCatalog {
    /// The output folder; paths are recorded relative to it.
    let root: String
    private(set) var files: [WrittenFile] = []

    init(root: String) {
        self.root = root
    }

    /// The absolute path of `relative`.
    func absolute(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    func record(_ relative: String, format: SourceFormat, records: Int) {
        files.append(WrittenFile(path: relative, format: format, records: records, bytes: FileSystem.size(absolute(relative))))
    }
}
