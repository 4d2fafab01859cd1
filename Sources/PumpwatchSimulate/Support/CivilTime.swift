import PumpwatchCore

/// The calendar fields of an instant (UTC), and the text forms the simulated sources print it in.
struct CivilTime {
    let year: Int64
    let month: Int64
    let day: Int64
    let hour: Int64
    let minute: Int64
    let second: Int64
    let millisecond: Int64
    /// 0 = Sunday.
    let weekday: Int

    static let millisPerSecond: Int64 = 1000
    static let millisPerMinute: Int64 = 60_000
    static let millisPerHour: Int64 = 3_600_000
    static let millisPerDay: Int64 = 86_400_000

    init(millis: Int64) {
        let days = millis >= 0 ? millis / CivilTime.millisPerDay : (millis - CivilTime.millisPerDay + 1) / CivilTime.millisPerDay
        let msOfDay = millis - days * CivilTime.millisPerDay
        let (y, m, d) = Timestamp.civil(fromDays: days)
        year = y
        month = m
        day = d
        hour = msOfDay / CivilTime.millisPerHour
        minute = (msOfDay / CivilTime.millisPerMinute) % 60
        second = (msOfDay / 1000) % 60
        millisecond = msOfDay % 1000
        // 1970-01-01 was a Thursday (4).
        weekday = Int(((days % 7) + 7 + 4) % 7)
    }

    /// Epoch milliseconds of midnight UTC on the first day of this instant's month.
    var startOfMonthMillis: Int64 {
        Timestamp.days(year: year, month: month, day: 1) * CivilTime.millisPerDay
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private var monthName: String { CivilTime.monthNames[Int(month) - 1] }
    private var ymd: String { "\(CivilTime.pad(year, 4))-\(CivilTime.pad(month, 2))-\(CivilTime.pad(day, 2))" }
    private var hms: String { "\(CivilTime.pad(hour, 2)):\(CivilTime.pad(minute, 2)):\(CivilTime.pad(second, 2))" }

    /// `2026-11-22T10:00:00Z`, as CloudTrail writes `eventTime`.
    var isoSeconds: String { "\(ymd)T\(hms)Z" }

    /// `2026-11-22T10:00:00+00:00`, as the AWS CLI prints CloudWatch timestamps.
    var isoWithOffset: String { "\(ymd)T\(hms)+00:00" }

    /// `Sun, 22 Nov 2026 10:00:00 +0000` (RFC 2822), as Twilio's REST API writes dates.
    var rfc2822: String { "\(CivilTime.weekdayNames[weekday]), \(CivilTime.pad(day, 2)) \(monthName) \(year) \(hms) +0000" }

    /// `22/Nov/2026:10:00:00 +0000`, nginx's `$time_local` on a UTC server.
    var accessLog: String { "\(CivilTime.pad(day, 2))/\(monthName)/\(year):\(hms) +0000" }

    /// `2026-11-22 10:00:00.123`, the SNS delivery log's notification timestamp.
    var spaceSeparatedMillis: String { "\(ymd) \(hms).\(CivilTime.pad(millisecond, 3))" }

    /// `20261122T1005Z`, the time in a CloudTrail log file name.
    var compactMinute: String { "\(CivilTime.pad(year, 4))\(CivilTime.pad(month, 2))\(CivilTime.pad(day, 2))T\(CivilTime.pad(hour, 2))\(CivilTime.pad(minute, 2))Z" }

    /// `2026/11/22`, the date folders of CloudTrail's S3 layout.
    var datePath: String { "\(CivilTime.pad(year, 4))/\(CivilTime.pad(month, 2))/\(CivilTime.pad(day, 2))" }

    /// `Nov 22, 2026 11:12:29 AM`, how CloudTrail prints credential expirations.
    var javaMedium: String {
        let h12 = hour % 12 == 0 ? 12 : hour % 12
        return "\(monthName) \(day), \(year) \(h12):\(CivilTime.pad(minute, 2)):\(CivilTime.pad(second, 2)) \(hour < 12 ? "AM" : "PM")"
    }

    /// `2026-11-22`.
    var date: String { ymd }

    /// `2026-11-22-10-05-00`, the time in a Firehose object name.
    var dashed: String { "\(ymd)-\(CivilTime.pad(hour, 2))-\(CivilTime.pad(minute, 2))-\(CivilTime.pad(second, 2))" }

    /// Epoch seconds with a millisecond fraction (`1795341600.123`), as Falcon writes `ContextTimeStamp`.
    static func epochSecondsWithFraction(_ millis: Int64) -> String {
        "\(millis / 1000).\(pad(millis % 1000, 3))"
    }
}
