import PumpwatchCore

/// One Twilio Event Streams CloudEvent (message status or Verify), as a webhook sink receives it.
struct TwilioStreamEvent {
    var millis: Int64
    var type: String
    var source: String
    var id: String
    var dataschema: String
    var data: JSONValue

    var json: String {
        JSONWriter.serialize(.object([
            ("specversion", .string("1.0")),
            ("type", .string(type)),
            ("source", .string(source)),
            ("id", .string(id)),
            ("dataschema", .string(dataschema)),
            ("datacontenttype", .string("application/json")),
            ("time", .string(Timestamp.iso8601(millis: millis))),
            ("data", data),
        ]))
    }
}
