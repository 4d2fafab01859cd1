/// Cuts a byte stream into records without holding more than one record in memory.
public protocol RecordSplitter: AnyObject {
    /// The next record or rejected stretch, or `nil` at the end of the input.
    ///
    /// Errors of the underlying stream (a damaged gzip file) are thrown; the records before them
    /// have been yielded already.
    func next() throws(InputError) -> SplitItem?
    /// The 1-based line the splitter has reached, for locating stream errors.
    var currentLine: Int { get }
}
