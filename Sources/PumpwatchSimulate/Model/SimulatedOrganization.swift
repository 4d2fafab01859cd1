/// The fictitious company whose telemetry is simulated: "Example Shop", an online store.
///
/// It runs on AWS account 123456789012 (us-east-1) with a Cognito user pool for customer accounts
/// and SNS for order texts; its web shop (`shop.example.com`, nginx in front of an API traced by
/// Application Insights) sends one-time passcodes through Twilio; a Node.js notification server
/// (`NOTIFY-01`) sends order updates through Twilio; CrowdStrike Falcon watches its hosts.
enum SimulatedOrganization {
    static let awsAccountID = "123456789012"
    static let awsRegion = "us-east-1"
    static let userPoolID = "us-east-1_Xb7pQ2mNz"
    static let userPoolClientID = "5f8k2l9m3n4p7q1r6s0t2u4v8w"
    static var userPoolARN: String { "arn:aws:cognito-idp:\(awsRegion):\(awsAccountID):userpool/\(userPoolID)" }

    /// The CloudWatch Logs group of SNS SMS delivery status logs, and its failure twin.
    static var snsDeliveryLogGroup: String { "sns/\(awsRegion)/\(awsAccountID)/DirectPublishToPhoneNumber" }
    static var snsFailureLogGroup: String { snsDeliveryLogGroup + "/Failure" }
    static let snsSubscriptionFilter = "sns-sms-delivery-to-firehose"
    static let firehoseStream = "sns-sms-delivery"

    static let twilioAccountSID = "AC66caa060b7db817dce3e657006cf5647"
    static let twilioMessagingServiceSID = "MG7c3526e6f0d35a9d7cc3e39cc7f7102c"
    static let twilioVerifyServiceSID = "VA70507aa6b1c9cd3090123c2d03df7a2b"
    static let twilioVerifyFriendlyName = "Example Shop mobile sign-in"
    /// The messaging service's sender pool (fictional 555-01xx numbers) and its alphanumeric ID abroad.
    static let otpSenderNumbers = ["+12025550143", "+12025550178", "+13125550121"]
    static let otpAlphanumericSender = "EXSHOP"
    /// The number the notification server sends order updates from.
    static let notificationSender = "+14155550132"
    /// Twilio's REST API addresses as the hosts see them.
    static let twilioAPIAddresses = ["54.172.60.3", "54.244.51.4"]

    static let webHost = "shop.example.com"
    static let appInsightsTenantID = "91ec31cc-a774-d57b-fc94-ba761eb979b0"
    static let appInsightsResourceID = "/subscriptions/fdc4b2bf-0fdc-0366-36a9-8abc3bc216b5/resourcegroups/rg-shop-prod/providers/microsoft.insights/components/shop-api-ai"
    static let appRoleName = "shop-api"
    static let appRoleInstances = ["shop-api-7c9d5f8b6-2xkqp", "shop-api-7c9d5f8b6-m4w8z", "shop-api-7c9d5f8b6-t7rbn"]

    static let falconCID = "1b8163e7b416f782d8be3bfb2a059104"
    static let falconConfigBuild = "1007.3.0019104.1"

    /// The phone number the seed's Atomic tests text (`+15550001234`), and the one of the Twilio test.
    static let atomicTestNumber = CountryCatalog.unitedStates.number(national: "5550001234", mnc: "260")
    static let atomicTwilioTestNumber = CountryCatalog.unitedStates.number(national: "5550005678", mnc: "260")
    /// The sender of the Twilio burst (Twilio's documentation example number).
    static let atomicTwilioSender = "+15017122661"
}
