/// A destination for the bytes of one output file, plain or compressed.
protocol ByteSink: AnyObject {
    /// The file's path.
    var path: String { get }
    /// Appends the UTF-8 bytes of `text`.
    func write(_ text: String)
    /// Appends raw bytes.
    func write(bytes: UnsafeRawBufferPointer)
    /// Writes what is buffered and closes the file; reports the first error met since opening.
    func close() throws(SimulationError)
}

extension ByteSink {
    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(bytes: $0) }
    }
}
