/// Writes Falcon events as NDJSON, one file per day (`falcon/falcon-YYYY-MM-DD.ndjson`), in time order.
final class FalconWriter {
    private let catalog: FileCatalog
    private let store: TimeOrderedLineStore
    private var keys: Set<String> = []

    init(catalog: FileCatalog, store: TimeOrderedLineStore) {
        self.catalog = catalog
        self.store = store
    }

    func append(_ event: FalconEvent) {
        let key = "falcon/falcon-\(CivilTime(millis: event.millis).date).ndjson"
        keys.insert(key)
        store.append(event.line, at: event.millis, to: key)
    }

    func finish() throws(SimulationError) {
        for key in keys.sorted() {
            _ = try store.writeMergedLines(of: key, to: catalog.absolute(key))
            catalog.record(key, format: .falcon, records: store.count(of: key))
        }
    }
}
