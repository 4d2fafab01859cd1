import PumpwatchCore

/// Writes CloudTrail records as a trail delivers them to S3, or as NDJSON.
///
/// S3 layout: `cloudtrail/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<random>.json.gz`,
/// each a gzip file holding one `{"Records":[...]}` document. A new file starts with each hour
/// of event time, after `maxRecordsPerFile` records, and whenever records arrive out of order (a
/// trail writes several files per interval, so files overlap in time). NDJSON layout:
/// `cloudtrail/cloudtrail-YYYY-MM-DD.ndjson`, one record per line, in time order.
final class CloudTrailWriter {
    private let catalog: FileCatalog
    private let store: TimeOrderedLineStore
    private let format: CloudTrailOutputFormat
    private let maxRecordsPerFile: Int
    private var names: SplitMix64
    private var current: (sink: GzipFileWriter, relative: String, hour: Int64, records: Int)?
    private var ndjsonKeys: Set<String> = []
    private var failure: SimulationError?

    init(catalog: FileCatalog, store: TimeOrderedLineStore, format: CloudTrailOutputFormat, seed: UInt64, maxRecordsPerFile: Int = 5000) {
        self.catalog = catalog
        self.store = store
        self.format = format
        self.maxRecordsPerFile = maxRecordsPerFile
        names = SplitMix64(seed: seed, label: "cloudtrail-file-names")
    }

    func append(_ event: CloudTrailEvent) {
        let text = JSONWriter.serialize(event.json)
        switch format {
        case .ndjson:
            let key = "cloudtrail/cloudtrail-\(CivilTime(millis: event.millis).date).ndjson"
            ndjsonKeys.insert(key)
            store.append(text, at: event.millis, to: key)
        case .jsonGzip:
            let hour = event.millis / CivilTime.millisPerHour
            if let c = current, c.hour != hour || c.records >= maxRecordsPerFile {
                closeCurrent()
            }
            if current == nil { openFile(hour: hour) }
            guard var c = current else { return }
            c.sink.write(c.records == 0 ? "{\"Records\":[" : ",")
            c.sink.write(text)
            c.records += 1
            current = c
        }
    }

    private func openFile(hour: Int64) {
        let account = SimulatedOrganization.awsAccountID
        let region = SimulatedOrganization.awsRegion
        // Named for a delivery late in the hour, so the file stays in its day's folder.
        let delivered = CivilTime(millis: hour * CivilTime.millisPerHour + Int64(55 + names.below(5)) * CivilTime.millisPerMinute)
        let suffix = names.characters(16, from: SplitMix64.alphanumerics)
        let relative = "cloudtrail/AWSLogs/\(account)/CloudTrail/\(region)/\(delivered.datePath)/\(account)_CloudTrail_\(region)_\(delivered.compactMinute)_\(suffix).json.gz"
        do throws(SimulationError) {
            let path = catalog.absolute(relative)
            try FileSystem.makeDirectories(FileSystem.parent(of: path))
            current = (try GzipFileWriter(path: path), relative, hour, 0)
        } catch {
            if failure == nil { failure = error }
        }
    }

    private func closeCurrent() {
        guard let c = current else { return }
        current = nil
        c.sink.write("]}")
        do throws(SimulationError) {
            try c.sink.close()
            catalog.record(c.relative, format: .cloudtrail, records: c.records)
        } catch {
            if failure == nil { failure = error }
        }
    }

    func finish() throws(SimulationError) {
        closeCurrent()
        if let failure { throw failure }
        for key in ndjsonKeys.sorted() {
            _ = try store.writeMergedLines(of: key, to: catalog.absolute(key))
            catalog.record(key, format: .cloudtrail, records: store.count(of: key))
        }
    }
}
