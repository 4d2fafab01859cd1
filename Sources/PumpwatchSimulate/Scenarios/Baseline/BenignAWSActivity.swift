/// The AWS account's ordinary week: customers resetting passwords and signing up (most confirm),
/// a Lambda texting delivery windows through SNS, topic publishes, monitoring, role assumptions,
/// S3 traffic, deployments and an engineer's CLI.
struct BenignAWSActivity {
    let customers: CustomerDirectory
    let perDay: (forgotPasswords: Double, signUps: Double, lambdaTexts: Double, topicPublishes: Double, roleAssumptions: Double, objectReads: Double, deployments: Double) =
        (12, 15, 20, 40, 30, 60, 6)
    let describesPerHour = 4.0

    static let lambdaTexter = AWSPrincipal.assumedRole(
        "order-sms-notifier", session: "order-sms-notifier", ip: "3.236.14.201", userAgent: UserAgents.boto3Lambda, created: "2026-11-01T00:00:00Z")
    static let apiTask = AWSPrincipal.assumedRole(
        "shop-api-task", session: "8f2c4a91d7e34b0c9a61e5f27d3b8c40", ip: "52.4.118.30", userAgent: UserAgents.sdkJS, created: "2026-11-01T00:00:00Z")
    static let monitoring = AWSPrincipal.assumedRole(
        "monitoring-readonly", session: "observability-agent", ip: "44.210.15.88", userAgent: UserAgents.sdkGo, created: "2026-11-01T00:00:00Z")
    static let ciDeploy = AWSPrincipal.iamUser(
        "ci-deploy", ip: "4.175.114.60",
        userAgent: "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#s3.cp")
    static let engineer = AWSPrincipal.iamUser("dev-jchen", ip: "81.2.69.142", userAgent: UserAgents.awsCLIDescribe)

    func simulateHour(_ context: SimulationContext, _ rng: inout SplitMix64, start: Int64, activity: Double, working: Bool) {
        let k = context.options.scale
        for _ in 0..<rng.poisson(perDay.forgotPasswords / 24 * activity * k) {
            passwordReset(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
        for _ in 0..<rng.poisson(perDay.signUps / 24 * activity * k) {
            signUp(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
        for _ in 0..<rng.poisson(perDay.lambdaTexts / 24 * activity * k) {
            let c = customers.random(&rng)
            SNSPhonePublisher.publish(context, &rng, at: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.lambdaTexter,
                                      to: c.phone, succeeds: rng.chance(0.985), withAttributes: true)
        }
        for _ in 0..<rng.poisson(perDay.topicPublishes / 24 * activity * k) {
            SNSPhonePublisher.publishToTopic(context, &rng, at: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.apiTask, topic: rng.chance(0.9) ? "order-events" : "ops-alerts")
        }
        for _ in 0..<rng.poisson(describesPerHour * k) {
            let name = rng.chance(0.6) ? "DescribeInstances" : "DescribeVolumes"
            let e = CloudTrailEvent(millis: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.monitoring, eventSource: "ec2.amazonaws.com",
                                    eventName: name, readOnly: true, managementEvent: true, tlsHost: "ec2.us-east-1.amazonaws.com", rng: &rng)
            var described = e
            described.requestParameters = .object([("maxResults", .int(1000)), ("filterSet", .object([]))])
            context.emit(.cloudTrail(described))
        }
        for _ in 0..<rng.poisson(perDay.roleAssumptions / 24 * k) {
            roleAssumption(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
        for _ in 0..<rng.poisson(perDay.objectReads / 24 * activity * k) {
            objectAccess(context, &rng, at: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.apiTask, name: "GetObject",
                         key: "catalog/images/\(rng.hex(12)).webp")
        }
        if working {
            for _ in 0..<rng.poisson(perDay.deployments / 9 * k) {
                objectAccess(context, &rng, at: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.ciDeploy, name: "PutObject",
                             key: "releases/shop-web/\(rng.hex(7)).tar.gz")
            }
            for _ in 0..<rng.poisson(1.0 * k) {
                let e = CloudTrailEvent(millis: ActivityCurve.instant(in: start, &rng), principal: BenignAWSActivity.engineer, eventSource: "ec2.amazonaws.com",
                                        eventName: "DescribeInstances", readOnly: true, managementEvent: true, tlsHost: "ec2.us-east-1.amazonaws.com", rng: &rng)
                var described = e
                described.requestParameters = .object([("instancesSet", .object([])), ("filterSet", .object([]))])
                context.emit(.cloudTrail(described))
            }
        }
    }

    /// A customer resets a password; most finish the reset with the texted or mailed code.
    private func passwordReset(_ context: SimulationContext, _ rng: inout SplitMix64, at t: Int64) {
        let c = customers.random(&rng)
        let caller = AWSPrincipal.anonymous(ip: c.ip, userAgent: c.userAgent)
        CognitoUserPool.forgotPassword(context, &rng, at: t, principal: caller, userSub: c.userSub,
                                       outcome: c.recoversBySMS ? .smsSent(c.phone) : .emailSent)
        if rng.chance(0.86) {
            CognitoUserPool.confirmForgotPassword(context, &rng, at: t + Int64(rng.int(in: 45_000...480_000)), principal: caller, userSub: c.userSub)
        }
    }

    /// A new customer signs up and confirms the texted code.
    private func signUp(_ context: SimulationContext, _ rng: inout SplitMix64, at t: Int64) {
        let country = CountryCatalog.customerCountries[rng.weightedIndex(CountryCatalog.customerCountries.map { $0.1 })].0
        let phone = country.randomNumber(&rng)
        let ip = AddressPool.customers.address(rng.below(AddressPool.customers.count))
        let caller = AWSPrincipal.anonymous(ip: ip, userAgent: rng.pick(UserAgents.browsers))
        let sub = rng.uuid()
        CognitoUserPool.signUp(context, &rng, at: t, principal: caller, userSub: sub, outcome: .smsSent(phone))
        var confirmAt = t + Int64(rng.int(in: 40_000...240_000))
        if rng.chance(0.05) {
            CognitoUserPool.resendConfirmationCode(context, &rng, at: t + 120_000, principal: caller, userSub: sub, outcome: .smsSent(phone))
            confirmAt += 150_000
        }
        if rng.chance(0.83) {
            CognitoUserPool.confirmSignUp(context, &rng, at: confirmAt, principal: caller, userSub: sub)
        }
    }

    private func roleAssumption(_ context: SimulationContext, _ rng: inout SplitMix64, at t: Int64) {
        let account = SimulatedOrganization.awsAccountID
        let (service, role, session) = rng.chance(0.5)
            ? ("lambda.amazonaws.com", "order-sms-notifier", "order-sms-notifier")
            : ("ecs-tasks.amazonaws.com", "shop-api-task", rng.hex(32))
        var e = CloudTrailEvent(millis: t, principal: .service(service), eventSource: "sts.amazonaws.com", eventName: "AssumeRole",
                                readOnly: true, managementEvent: true, tlsHost: nil, rng: &rng)
        e.requestParameters = .object([
            ("roleArn", .string("arn:aws:iam::\(account):role/\(role)")),
            ("roleSessionName", .string(session)),
            ("durationSeconds", .int(3600)),
        ])
        let keyID = "ASIA" + rng.characters(16, from: SplitMix64.upperAlphanumerics)
        e.responseElements = .object([
            ("credentials", .object([
                ("accessKeyId", .string(keyID)),
                ("sessionToken", .string("IQoJb3JpZ2luX2VjE" + rng.characters(40, from: SplitMix64.alphanumerics))),
                ("expiration", .string(CivilTime(millis: t + 3_600_000).javaMedium)),
            ])),
            ("assumedRoleUser", .object([
                ("assumedRoleId", .string(StableIdentifier.make(prefix: "AROA", label: "role:" + role, length: 17) + ":" + session)),
                ("arn", .string("arn:aws:sts::\(account):assumed-role/\(role)/\(session)")),
            ])),
        ])
        e.resources = .array([.object([
            ("accountId", .string(account)), ("type", .string("AWS::IAM::Role")), ("ARN", .string("arn:aws:iam::\(account):role/\(role)")),
        ])])
        context.emit(.cloudTrail(e))
    }

    private func objectAccess(_ context: SimulationContext, _ rng: inout SplitMix64, at t: Int64, principal: AWSPrincipal, name: String, key: String) {
        let bucket = name == "PutObject" ? "example-shop-releases" : "example-shop-assets"
        var caller = principal
        if name == "GetObject" { caller = principal.from(principal.sourceIPAddress, userAgent: UserAgents.sdkJSS3) }
        var e = CloudTrailEvent(millis: t, principal: caller, eventSource: "s3.amazonaws.com", eventName: name,
                                readOnly: name == "GetObject", managementEvent: false, tlsHost: "\(bucket).s3.us-east-1.amazonaws.com", rng: &rng)
        e.requestParameters = .object([
            ("bucketName", .string(bucket)), ("Host", .string("\(bucket).s3.us-east-1.amazonaws.com")), ("key", .string(key)),
        ])
        e.responseElements = name == "PutObject"
            ? .object([("x-amz-server-side-encryption", .string("AES256"))])
            : .null
        e.additionalEventData = .object([
            ("SignatureVersion", .string("SigV4")), ("CipherSuite", .string("TLS_AES_128_GCM_SHA256")),
            ("bytesTransferredIn", .int(name == "PutObject" ? Int64(rng.int(in: 2_000_000...9_000_000)) : 0)),
            ("AuthenticationMethod", .string("AuthHeader")),
            ("bytesTransferredOut", .int(name == "GetObject" ? Int64(rng.int(in: 20_000...400_000)) : 0)),
        ])
        e.resources = .array([
            .object([("type", .string("AWS::S3::Object")), ("ARN", .string("arn:aws:s3:::\(bucket)/\(key)"))]),
            .object([("accountId", .string(SimulatedOrganization.awsAccountID)), ("type", .string("AWS::S3::Bucket")), ("ARN", .string("arn:aws:s3:::\(bucket)"))]),
        ])
        context.emit(.cloudTrail(e))
    }
}
