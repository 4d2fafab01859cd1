import PumpwatchCore

/// Writes SNS SMS delivery status logs as Firehose delivers a CloudWatch Logs subscription to S3.
///
/// Each object `sns-delivery/sns-sms-delivery-1-YYYY-MM-DD-HH-MM-SS-<uuid>.gz` holds one hour of
/// log events as several CloudWatch Logs subscription documents (`messageType`, `owner`,
/// `logGroup`, `logStream`, `subscriptionFilters`, `logEvents`), each compressed as its own gzip
/// member and written back to back, so that the decompressed object is documents with no separator
/// between them. A document holds the events of one log group within one minute, at most 50.
final class SNSDeliveryWriter {
    private struct PendingDocument {
        var logGroup: String
        var logStream: String
        var minute: Int64
        var events: [String] = []
    }

    private let catalog: FileCatalog
    private var rng: SplitMix64
    private var current: (sink: GzipFileWriter, relative: String, hour: Int64, events: Int)?
    private var pending: [String: PendingDocument] = [:]
    private var failure: SimulationError?
    private let maxEventsPerDocument = 50

    init(catalog: FileCatalog, seed: UInt64) {
        self.catalog = catalog
        rng = SplitMix64(seed: seed, label: "sns-delivery-objects")
    }

    func append(_ record: SNSDeliveryRecord) {
        let hour = record.logMillis / CivilTime.millisPerHour
        if let c = current, c.hour != hour { closeCurrent() }
        if current == nil { openObject(firstMillis: record.logMillis) }
        let group = record.logGroup
        let minute = record.logMillis / CivilTime.millisPerMinute
        if let p = pending[group], p.minute != minute || p.events.count >= maxEventsPerDocument {
            flush(group)
        }
        if pending[group] == nil {
            pending[group] = PendingDocument(logGroup: group, logStream: logStream(group: group, millis: record.logMillis), minute: minute)
        }
        let id = rng.digits(56)
        let event = "{\"id\":\"\(id)\",\"timestamp\":\(record.logMillis),\"message\":\(JSONWriter.quote(record.message))}"
        pending[group]?.events.append(event)
    }

    /// SNS writes each day's deliveries to a log stream named by a UUID.
    private func logStream(group: String, millis: Int64) -> String {
        StableIdentifier.uuid(label: "sns-log-stream:\(group):\(CivilTime(millis: millis).date)")
    }

    private func flush(_ group: String) {
        guard let p = pending.removeValue(forKey: group), var c = current else { return }
        var doc = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"\(SimulatedOrganization.awsAccountID)\","
        doc += "\"logGroup\":\(JSONWriter.quote(p.logGroup)),\"logStream\":\(JSONWriter.quote(p.logStream)),"
        doc += "\"subscriptionFilters\":[\(JSONWriter.quote(SimulatedOrganization.snsSubscriptionFilter))],\"logEvents\":["
        doc += p.events.joined(separator: ",")
        doc += "]}"
        c.sink.write(doc)
        c.sink.finishMember()
        c.events += p.events.count
        current = c
    }

    private func openObject(firstMillis: Int64) {
        let t = CivilTime(millis: firstMillis)
        let relative = "sns-delivery/\(SimulatedOrganization.firehoseStream)-1-\(t.dashed)-\(rng.uuid()).gz"
        do throws(SimulationError) {
            let path = catalog.absolute(relative)
            try FileSystem.makeDirectories(FileSystem.parent(of: path))
            current = (try GzipFileWriter(path: path), relative, firstMillis / CivilTime.millisPerHour, 0)
        } catch {
            if failure == nil { failure = error }
        }
    }

    private func closeCurrent() {
        for group in pending.keys.sorted() { flush(group) }
        guard let c = current else { return }
        current = nil
        do throws(SimulationError) {
            try c.sink.close()
            catalog.record(c.relative, format: .snsDelivery, records: c.events)
        } catch {
            if failure == nil { failure = error }
        }
    }

    func finish() throws(SimulationError) {
        closeCurrent()
        if let failure { throw failure }
    }
}
