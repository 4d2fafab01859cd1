/// The two public detections pumpwatch starts from, exactly as published.
public enum SeedQueries {
    /// The LogScale (CQL) SMS-pumping detection: DNS lookups of SMS-provider APIs and bursts of
    /// outbound connections from script processes, joined with `union`, scored and sorted.
    public static let logScale = #"""
        // Branch 1: High-frequency DNS lookups to SMS provider API domains (primary signal)
        (#event_simpleName = "DnsRequest"
        | DomainName = /(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)/
        | groupBy(
        [aid, ComputerName, DomainName],
        function=[
        count(as=EventCount),
        dc(ContextProcessId, as=UniqueProcesses),
        collect(FileName, limit=10),
        min(ContextTimeStamp, as=FirstSeen),
        max(ContextTimeStamp, as=LastSeen)
        ]
        )
        | where EventCount > 50
        | eval DetectionBranch = "DNSLookup-SMSProvider"
        | eval RiskScore = if(EventCount > 1000, "Critical", if(EventCount > 500, "High", "Medium")))
        | union [
        // Branch 2: High-volume outbound TCP connections from application processes
        #event_simpleName = "NetworkConnectIP4"
        | RemotePort in [443, 80, 8443]
        | TargetProcessName = /(?i)\.(exe|py|rb|js|jar|sh|php)$/
        | groupBy(
        [aid, ComputerName, RemoteAddressIP4, TargetProcessName],
        function=[
        count(as=EventCount),
        dc(RemotePort, as=UniquePorts),
        min(ContextTimeStamp, as=FirstSeen),
        max(ContextTimeStamp, as=LastSeen)
        ]
        )
        | where EventCount > 200
        | eval DetectionBranch = "NetworkConnect-HighVolumeHTTPS"
        | eval RiskScore = if(EventCount > 2000, "Critical", if(EventCount > 1000, "High", "Medium"))
        ]
        | sort(EventCount, order=desc)
        """#

    /// Elastic's "SNS Direct-to-Phone Messaging Spike" ES|QL hunting query.
    public static let snsDirectToPhone = #"""
        from logs-aws.cloudtrail-*
        | WHERE @timestamp > now() - 7 day
        | EVAL target_time_window = DATE_TRUNC(10 seconds, @timestamp)
        | WHERE
            event.dataset == "aws.cloudtrail" AND
            event.provider == "sns.amazonaws.com" AND
            event.action == "Publish" AND
            event.outcome == "success" AND
            aws.cloudtrail.request_parameters LIKE "*phoneNumber*"
        | DISSECT user_agent.original "%{user_agent_name} %{?user_agent_remainder}"
        | STATS sms_message_count = COUNT(*) by target_time_window, cloud.account.id, aws.cloudtrail.user_identity.arn, cloud.region, source.address, user_agent_name
        | WHERE sms_message_count > 30
        """#
}
