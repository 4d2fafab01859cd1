/// Writes Twilio data: Messages.json pages and Event Streams webhook batches.
///
/// Messages: `twilio/messages-0000.json`, `-0001`, … are the pages of
/// `GET /2010-04-01/Accounts/{sid}/Messages.json?PageSize=1000`, newest message first, linked by
/// `next_page_uri`. Events: `twilio/events-YYYY-MM-DD.json`, each a JSON array of CloudEvents in
/// time order, as a webhook sink that appends each day's batches would keep them.
final class TwilioWriter {
    static let messagesKey = "twilio/messages"
    private let catalog: FileCatalog
    private let store: TimeOrderedLineStore
    private let pageSize: Int
    private var eventKeys: Set<String> = []

    init(catalog: FileCatalog, store: TimeOrderedLineStore, pageSize: Int = 1000) {
        self.catalog = catalog
        self.store = store
        self.pageSize = pageSize
    }

    func append(_ message: TwilioMessage) {
        store.append(message.json, at: message.createdMillis, to: TwilioWriter.messagesKey)
    }

    func append(_ event: TwilioStreamEvent) {
        let key = "twilio/events-\(CivilTime(millis: event.millis).date).json"
        eventKeys.insert(key)
        store.append(event.json, at: event.millis, to: key)
    }

    func finish() throws(SimulationError) {
        try writeMessagePages()
        for key in eventKeys.sorted() {
            let path = catalog.absolute(key)
            try FileSystem.makeDirectories(FileSystem.parent(of: path))
            let out = try BufferedFileWriter(path: path)
            let reader = try store.mergedReader(of: key)
            var first = true
            out.write("[")
            while let (_, line) = try reader.next() {
                out.write(first ? "\n" : ",\n")
                out.write(line)
                first = false
            }
            out.write("\n]\n")
            try out.close()
            store.removeRuns(of: key)
            catalog.record(key, format: .twilioEvents, records: store.count(of: key))
        }
    }

    /// Pages hold `pageSize` messages, newest first: page 0 holds the newest. The merged stream is
    /// oldest first, so pages are filled from the last page back, each reversed in memory.
    private func writeMessagePages() throws(SimulationError) {
        let total = store.count(of: TwilioWriter.messagesKey)
        guard total > 0 else { return }
        let pages = (total + pageSize - 1) / pageSize
        let reader = try store.mergedReader(of: TwilioWriter.messagesKey)
        let listURI = "/2010-04-01/Accounts/\(SimulatedOrganization.twilioAccountSID)/Messages.json"
        var pageToken = SplitMix64(seed: UInt64(total), label: "twilio-page-tokens")
        var tokens: [String] = []
        for _ in 0..<pages { tokens.append("PASM" + pageToken.hex(32)) }
        for page in stride(from: pages - 1, through: 0, by: -1) {
            let start = page * pageSize
            let count = min(pageSize, total - start)
            var lines: [[UInt8]] = []
            lines.reserveCapacity(count)
            for _ in 0..<count {
                guard let (_, line) = try reader.next() else { break }
                lines.append(line)
            }
            let relative = "twilio/messages-\(CivilTime.pad(Int64(page), 4)).json"
            let path = catalog.absolute(relative)
            try FileSystem.makeDirectories(FileSystem.parent(of: path))
            let out = try BufferedFileWriter(path: path)
            func pageURI(_ p: Int) -> String {
                p == 0 ? "\(listURI)?PageSize=\(pageSize)&Page=0" : "\(listURI)?PageSize=\(pageSize)&Page=\(p)&PageToken=\(tokens[p])"
            }
            out.write("{\"end\":\(start + lines.count - 1),\"first_page_uri\":\"\(pageURI(0))\",\"messages\":[")
            for (i, line) in lines.reversed().enumerated() {
                out.write(i == 0 ? "\n" : ",\n")
                out.write(line)
            }
            let next = page + 1 < pages ? "\"\(pageURI(page + 1))\"" : "null"
            let previous = page > 0 ? "\"\(pageURI(page - 1))\"" : "null"
            out.write("\n],\"next_page_uri\":\(next),\"page\":\(page),\"page_size\":\(pageSize),\"previous_page_uri\":\(previous),\"start\":\(start),\"uri\":\"\(pageURI(page))\"}\n")
            try out.close()
            catalog.record(relative, format: .twilioMessages, records: lines.count)
        }
        store.removeRuns(of: TwilioWriter.messagesKey)
    }
}
