extension GrokPatterns {
    /// The built-in patterns by name, after the Elasticsearch and Logstash core set (`grok-patterns`).
    ///
    /// Definitions may refer to each other with `%{NAME}`. Where the originals use lookbehind or
    /// atomic groups, these use `\b` and plain groups, which match the same text in logs.
    public static let library: [String: String] = [
        // Words, spaces and free text
        "USERNAME": #"[a-zA-Z0-9._-]+"#,
        "USER": #"%{USERNAME}"#,
        "EMAILLOCALPART": #"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,62}){0,63}"#,
        "EMAILADDRESS": #"%{EMAILLOCALPART}@%{HOSTNAME}"#,
        "WORD": #"\b\w+\b"#,
        "NOTSPACE": #"\S+"#,
        "SPACE": #"\s*"#,
        "DATA": #".*?"#,
        "GREEDYDATA": #".*"#,
        "QUOTEDSTRING": #"(?:"(?:\\.|[^\\"])*"|'(?:\\.|[^\\'])*'|`(?:\\.|[^\\`])*`)"#,
        "QS": #"%{QUOTEDSTRING}"#,
        "UUID": #"[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"#,
        "URN": #"urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+"#,

        // Numbers
        "INT": #"(?:[+-]?(?:[0-9]+))"#,
        "BASE10NUM": #"(?:[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))"#,
        "NUMBER": #"(?:%{BASE10NUM})"#,
        "BASE16NUM": #"(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))"#,
        "BASE16FLOAT": #"\b(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?)|(?:\.[0-9A-Fa-f]+)))\b"#,
        "POSINT": #"\b(?:[1-9][0-9]*)\b"#,
        "NONNEGINT": #"\b(?:[0-9]+)\b"#,

        // Networking
        "CISCOMAC": #"(?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4})"#,
        "WINDOWSMAC": #"(?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})"#,
        "COMMONMAC": #"(?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})"#,
        "MAC": #"(?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})"#,
        "IPV6": #"((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%[0-9A-Za-z]+)?"#,
        "IPV4": #"\b(?:(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2}))(?![0-9])"#,
        "IP": #"(?:%{IPV6}|%{IPV4})"#,
        "HOSTNAME": #"\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\.?|\b)"#,
        "IPORHOST": #"(?:%{IP}|%{HOSTNAME})"#,
        "HOSTPORT": #"%{IPORHOST}:%{POSINT}"#,

        // Paths and URIs
        "UNIXPATH": #"(?:/[A-Za-z0-9_%!$@:.,+~-]*)+"#,
        "WINPATH": #"(?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+"#,
        "PATH": #"(?:%{UNIXPATH}|%{WINPATH})"#,
        "TTY": #"(?:/dev/(?:pts|tty(?:[pq])?)(?:\w+)?/?(?:[0-9]+))"#,
        "URIPROTO": #"[A-Za-z](?:[A-Za-z0-9+\-.]+)+"#,
        "URIHOST": #"%{IPORHOST}(?::%{POSINT})?"#,
        "URIPATH": #"(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+"#,
        "URIQUERY": #"[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*"#,
        "URIPARAM": #"\?%{URIQUERY}"#,
        "URIPATHPARAM": #"%{URIPATH}(?:\?%{URIQUERY})?"#,
        "URI": #"%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATH}(?:\?%{URIQUERY})?)?"#,

        // Dates and times
        "MONTH": #"\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b"#,
        "MONTHNUM": #"(?:0?[1-9]|1[0-2])"#,
        "MONTHNUM2": #"(?:0[1-9]|1[0-2])"#,
        "MONTHDAY": #"(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])"#,
        "DAY": #"(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"#,
        "YEAR": #"(?:\d\d){1,2}"#,
        "HOUR": #"(?:2[0123]|[01]?[0-9])"#,
        "MINUTE": #"(?:[0-5][0-9])"#,
        "SECOND": #"(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"#,
        "TIME": #"%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])"#,
        "DATE_US": #"%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"#,
        "DATE_EU": #"%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"#,
        "ISO8601_TIMEZONE": #"(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"#,
        "ISO8601_SECOND": #"%{SECOND}"#,
        "TIMESTAMP_ISO8601": #"%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?"#,
        "DATE": #"(?:%{DATE_US}|%{DATE_EU})"#,
        "DATESTAMP": #"%{DATE}[- ]%{TIME}"#,
        "TZ": #"(?:[APMCE][SD]T|UTC)"#,
        "DATESTAMP_RFC822": #"%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}"#,
        "DATESTAMP_RFC2822": #"%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}"#,
        "DATESTAMP_OTHER": #"%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}"#,
        "DATESTAMP_EVENTLOG": #"%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}"#,
        "SYSLOGTIMESTAMP": #"%{MONTH} +%{MONTHDAY} %{TIME}"#,
        "HTTPDATE": #"%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"#,

        // Logs
        "PROG": #"[\x21-\x5a\x5c\x5e-\x7e]+"#,
        "SYSLOGHOST": #"%{IPORHOST}"#,
        "SYSLOGFACILITY": #"<%{NONNEGINT}.%{NONNEGINT}>"#,
        "HTTPDUSER": #"(?:%{EMAILADDRESS}|%{USER})"#,
        "LOGLEVEL": #"(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)"#,
    ]
}
