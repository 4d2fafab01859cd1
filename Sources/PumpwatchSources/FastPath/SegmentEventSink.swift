import PumpwatchCore

/// Receives the events of one part of the input in a parallel read (see `ParallelSourceReader`).
public protocol SegmentEventSink: AnyObject {
    /// One event, with the mask of the filter branches that take it (all bits without a filter).
    func push(_ event: Event, branches: UInt64)
    /// One event given only by the values of the filter's `directFields`: `value(k)` is the value of
    /// the k-th (nil where the event lacks the field), worked out when asked for. Readers use this
    /// when they can produce the values without building the event.
    func push(value: (Int) -> Value?, format: SourceFormat, branches: UInt64)
    /// Like `push(value:format:branches:)`; `texts[k]`, when its base address is not nil, is the
    /// UTF-8 of the k-th field, whose value is then a `.string` of exactly that plain ASCII text (a
    /// sink may read the bytes instead of asking `value`). The bytes are valid during the call only.
    func push(value: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, format: SourceFormat, branches: UInt64)
}

extension SegmentEventSink {
    /// Ignores the texts.
    public func push(value: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, format: SourceFormat, branches: UInt64) {
        push(value: value, format: format, branches: branches)
    }
}
