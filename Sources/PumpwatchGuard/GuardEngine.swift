import PumpwatchDetect

/// The guard's work, without locking.
///
/// It gathers the facts of a check, runs every signal, decides, and updates the state. `Guard`
/// wraps it for concurrent use; the replay drives the same code.
struct GuardEngine: Sendable {
    private(set) var policy: GuardPolicy
    private(set) var baseline: GuardBaseline?
    var tables: StateTables
    var stats = StatsCounter()
    let hasher: KeyHasher
    var sequence: UInt64 = 0
    /// Per country key: what is normal there.
    private var norms: [CountryNorms] = []
    /// Baseline conversion by prefix (`value * 32 + digits`).
    private var prefixConversion: [UInt64: Double] = [:]

    init(policy: GuardPolicy, baseline: GuardBaseline?, seed: UInt64) {
        self.policy = policy
        self.baseline = baseline
        hasher = KeyHasher(seed: seed)
        tables = StateTables(limits: policy.limits)
        compile()
    }

    /// Replaces the policy and baseline, keeping every counter (tables shrink if the new limits are lower).
    mutating func reload(policy: GuardPolicy, baseline: GuardBaseline?) {
        self.policy = policy
        self.baseline = baseline
        tables.resize(policy.limits)
        compile()
    }

    private mutating func compile() {
        norms = Array(repeating: CountryNorms(), count: CountryKey.count)
        for i in 0..<CountryKey.count {
            let key = CountryKey(raw: UInt16(i))
            let text = key.text
            var n = CountryNorms()
            n.expectedConversion = policy.conversion.expected
            let b = baseline?.countries[text]
            if let baseline {
                n.seen = b != nil
                if let b {
                    if baseline.hasVerifications, let c = b.conversion { n.expectedConversion = c }
                    n.hourlySends = Double(b.hourlySendsP95)
                    n.dailySends = Double(b.dailySendsMax)
                    n.dailyVerified = Double(b.dailyVerifiedMax ?? 0)
                }
            }
            let price = policy.prices.price(of: key)
            n.dailyBudget = policy.spendBudget.budget(country: text, baselineDailySpend: b.map { Double($0.dailySendsMax) * price }, hasBaseline: baseline != nil)
            norms[i] = n
        }
        prefixConversion = [:]
        if let baseline, baseline.hasVerifications, baseline.prefixDigits == policy.conversion.prefixDigits {
            for (text, p) in baseline.prefixes {
                guard let c = p.conversion, let v = UInt64(text.drop(while: { $0 == "+" })) else { continue }
                prefixConversion[v &* 32 &+ UInt64(text.count - 1)] = c
            }
        }
    }

    static func seconds(_ millis: Int64) -> UInt32 {
        UInt32(clamping: max(0, millis / 1000))
    }

    /// The id given to a request that brought none.
    private mutating func nextID() -> String {
        sequence &+= 1
        let v = KeyHasher.mix(hasher.seed ^ sequence)
        return "chk_" + String(v >> 4, radix: 16)
    }

    // MARK: - Check

    mutating func check(_ request: CheckRequest, at millis: Int64) -> Decision {
        let now = GuardEngine.seconds(millis)
        let id = request.id.flatMap { $0.isEmpty ? nil : $0 } ?? nextID()
        let mode = policy.mode
        guard let destination = DestinationNumber(request.to) else {
            let reason = Reason(signal: "invalid-number", detail: "'\(request.to.prefix(40))' is not an E.164 phone number", value: 0, threshold: nil, score: 100)
            let effective: Verdict = mode == .monitor ? .allow : .block
            stats.record(effective: effective, policy: .block, country: nil, reasons: [reason], at: now)
            return Decision(id: id, decision: effective, policyDecision: .block, riskScore: 100, country: nil, callingCode: nil, reasons: [reason], mode: mode)
        }
        let address = request.ip.flatMap(ClientAddress.init)
        var facts = CheckFacts(now: now)
        facts.destination = destination
        facts.address = address
        facts.price = policy.prices.price(of: destination)
        facts.norms = norms[destination.country.index]

        // Attempts count whatever the decision.
        let number = destination.number
        let numberHash = KeyHasher.mix(number.value)
        let (previous, numberRecord) = tables.numbers.update(number.value, default: NumberRecord()) { r -> (UInt32, NumberRecord) in
            let p = r.lastAttempt
            r.lastAttempt = now
            r.attempts.add(at: now)
            return (p, r)
        }
        facts.previousAttempt = previous
        facts.number = numberRecord
        var ipKey: UInt64 = 0
        if let address {
            ipKey = hasher.key(address.counterValue, tag: KeyHasher.Tag.ip) | 1
            let country = destination.country
            facts.ip = tables.addresses.update(ipKey, default: IPRecord()) { r -> IPRecord in
                r.attempts.add(at: now)
                r.numbers.insert(hash: numberHash, at: now, width: IPRecord.spreadWindow)
                r.countries.insert(country, at: now, width: IPRecord.spreadWindow)
                return r
            }
        }
        let userKey = GuardEngine.identityKey(request.user, hasher, KeyHasher.Tag.user)
        if userKey != 0 { facts.user = tables.users.update(userKey, default: IdentityRecord()) { GuardEngine.attempt(&$0, numberHash, now) } }
        let sessionKey = GuardEngine.identityKey(request.session, hasher, KeyHasher.Tag.session)
        if sessionKey != 0 { facts.session = tables.sessions.update(sessionKey, default: IdentityRecord()) { GuardEngine.attempt(&$0, numberHash, now) } }
        if policy.numberBlock.enabled {
            let window = policy.numberBlock.window
            for width in policy.numberBlock.widths where width.trailingDigits < number.digitCount - 2 {
                let block = number.block(trailingDigits: width.trailingDigits)
                let key = blockKey(block)
                let position = Int(number.value % UInt64(block.size))
                let exact = width.trailingDigits == 2
                let (distinct, verified) = tables.blocks.update(key, default: BlockRecord()) { r -> (Double, Double) in
                    // Position modulo 128: exact for two free digits, and consecutive numbers never collide.
                    r.numbers.insert(bit: position, at: now, width: window)
                    let d = exact ? Double(r.numbers.ones(at: now, width: window)) : r.numbers.estimate(at: now, width: window).rounded()
                    return (d, r.verified.estimate(at: now, width: window))
                }
                if verified * 2 < distinct {
                    facts.blocks.append(BlockSighting(block: block.description, trailingDigits: width.trailingDigits, distinct: distinct, limit: width.limit))
                }
            }
        }
        let prefixKey = self.prefixKey(destination)
        if let record = tables.prefixes.peek(prefixKey.key) {
            facts.prefixRecord = record
            facts.prefix = "+" + String(prefixKey.value)
        }
        facts.prefixBaselineConversion = prefixConversion.isEmpty ? nil : prefixConversion[prefixKey.value &* 32 &+ UInt64(prefixKey.digits)]
        facts.country = tables.countries[destination.country.index]

        // Decide.
        var reasons: [Reason]
        var score: Int
        var verdict: Verdict
        if let allowed = policy.allowList.match(destination: destination, address: address) {
            reasons = [allowed]
            score = 0
            verdict = .allow
        } else {
            let (countryMode, ruleReason) = policy.countryRules.resolve(destination)
            switch countryMode {
            case .block:
                reasons = [ruleReason!]
                score = 100
                verdict = .block
            case .allow:
                reasons = [ruleReason!]
                score = 0
                verdict = .allow
            case .monitor, .filter:
                var list = ReasonList()
                policy.validity.evaluate(facts, into: &list)
                policy.highRisk.evaluate(facts, into: &list)
                policy.numberVelocity.evaluate(facts, into: &list)
                policy.ipVelocity.evaluate(facts, into: &list)
                policy.ipUnverified.evaluate(facts, into: &list)
                policy.ipSpread.evaluate(facts, into: &list)
                policy.identityVelocity.evaluate(facts, into: &list)
                policy.numberBlock.evaluate(facts, into: &list)
                policy.conversion.evaluate(facts, into: &list)
                policy.spendBudget.evaluate(facts, into: &list)
                policy.verifiedHistory.evaluate(facts, into: &list)
                score = list.score(aggregateCap: policy.aggregateCap)
                verdict = policy.cutoffs.verdict(for: score)
                reasons = list.reasons
                if countryMode == .monitor, var rule = ruleReason {
                    rule.detail += verdict >= .monitor ? "; the signals recommend \(verdict.rawValue)" : ""
                    reasons.insert(rule, at: 0)
                    verdict = verdict >= .monitor ? .monitor : .allow
                }
            }
        }
        let effective: Verdict = mode == .monitor ? .allow : verdict

        // What was sent.
        if effective != .block {
            let pendingKey = hasher.key(id, tag: KeyHasher.Tag.request)
            tables.pending.update(pendingKey, default: PendingSend()) { p in
                p = PendingSend(number: number.value, time: now, country: destination.country, ip: ipKey, user: userKey, session: sessionKey)
            }
            tables.numbers.modifyIfPresent(number.value) { r in
                r.pending = pendingKey
                r.unverifiedSends = r.unverifiedSends == .max ? .max : r.unverifiedSends + 1
            }
            if ipKey != 0 { tables.addresses.modifyIfPresent(ipKey) { $0.sent.add(at: now) } }
            if userKey != 0 { tables.users.modifyIfPresent(userKey) { $0.sent.add(at: now) } }
            if sessionKey != 0 { tables.sessions.modifyIfPresent(sessionKey) { $0.sent.add(at: now) } }
            tables.prefixes.update(prefixKey.key, default: ConversionRecord()) { $0.addSent(at: now) }
            let price = facts.price
            tables.countries[destination.country.index].addSent(at: now)
            tables.countries[destination.country.index].addSpend(price, at: now)
        }
        stats.record(effective: effective, policy: verdict, country: destination.country, reasons: reasons, at: now)
        return Decision(
            id: id, decision: effective, policyDecision: verdict, riskScore: score, country: destination.countryText,
            callingCode: destination.callingCode, reasons: reasons, mode: mode)
    }

    private static func attempt(_ r: inout IdentityRecord, _ numberHash: UInt64, _ now: UInt32) -> IdentityRecord {
        r.attempts.add(at: now)
        r.numbers.insert(hash: numberHash, at: now, width: IdentityRecord.spreadWindow)
        return r
    }

    private static func identityKey(_ text: String?, _ hasher: KeyHasher, _ tag: UInt8) -> UInt64 {
        guard let text, !text.isEmpty else { return 0 }
        return hasher.key(text, tag: tag) | 1
    }

    private func blockKey(_ block: NumberBlock) -> UInt64 {
        hasher.key(block.prefix ^ (UInt64(block.prefixDigits) << 52) ^ (UInt64(block.trailingDigits) << 58), tag: KeyHasher.Tag.block)
    }

    /// The destination's prefix: its calling code and the next `prefix_digits` digits.
    private func prefixKey(_ d: DestinationNumber) -> (key: UInt64, value: UInt64, digits: Int) {
        let digits = min(d.number.digitCount - 1, (d.callingCode?.count ?? 3) + policy.conversion.prefixDigits)
        let value = d.number.prefix(digits)
        return (hasher.key(value &* 32 &+ UInt64(digits), tag: KeyHasher.Tag.prefix), value, digits)
    }

    // MARK: - Verification

    mutating func verified(id: String, at millis: Int64) -> VerificationResult {
        var result = verify(pendingKey: hasher.key(id, tag: KeyHasher.Tag.request), number: nil, at: millis)
        if result.matched { result.id = id }
        return result
    }

    mutating func verified(to: String, at millis: Int64) -> VerificationResult {
        guard let number = PhoneNumber(to), let record = tables.numbers.peek(number.value), record.pending != 0 else {
            stats.unmatchedVerifications += 1
            return VerificationResult(matched: false, to: PhoneNumber(to)?.e164)
        }
        return verify(pendingKey: record.pending, number: number.value, at: millis)
    }

    private mutating func verify(pendingKey: UInt64, number: UInt64?, at millis: Int64) -> VerificationResult {
        let now = GuardEngine.seconds(millis)
        guard var p = tables.pending.peek(pendingKey), number.map({ $0 == p.number }) ?? true else {
            stats.unmatchedVerifications += 1
            return VerificationResult(matched: false)
        }
        let to = "+" + String(p.number)
        let elapsed = now >= p.time ? Int(now - p.time) : 0
        if p.verified {
            return VerificationResult(matched: true, to: to, seconds: elapsed, repeated: true)
        }
        guard UInt32(elapsed) <= policy.verificationWindow else {
            stats.unmatchedVerifications += 1
            return VerificationResult(matched: false, to: to, seconds: elapsed)
        }
        p.verified = true
        tables.pending.modifyIfPresent(pendingKey) { $0.verified = true }
        stats.verifications += 1
        credit(p, now: now)
        return VerificationResult(matched: true, to: to, seconds: elapsed)
    }

    /// Counts a verified code in every record its send touched.
    private mutating func credit(_ p: PendingSend, now: UInt32) {
        let sent = p.time
        tables.numbers.modifyIfPresent(p.number) { r in
            r.lastVerified = now
            r.verifications = r.verifications == .max ? .max : r.verifications + 1
            r.unverifiedSends = 0
        }
        if p.ip != 0 {
            tables.addresses.modifyIfPresent(p.ip) { r in
                r.verified.credit(at: sent, now: now)
                r.verifiedCountries.insert(p.country, at: now, width: IPRecord.spreadWindow)
            }
        }
        if p.user != 0 { tables.users.modifyIfPresent(p.user) { $0.verified.credit(at: sent, now: now) } }
        if p.session != 0 { tables.sessions.modifyIfPresent(p.session) { $0.verified.credit(at: sent, now: now) } }
        guard let number = PhoneNumber(value: p.number) else { return }
        let destination = DestinationNumber(number)
        let window = policy.numberBlock.window
        for width in policy.numberBlock.widths where width.trailingDigits < number.digitCount - 2 {
            tables.blocks.modifyIfPresent(blockKey(number.block(trailingDigits: width.trailingDigits))) {
                $0.verified.credit(at: sent, now: now, width: window)
            }
        }
        tables.prefixes.modifyIfPresent(prefixKey(destination).key) { $0.credit(at: sent, now: now) }
        tables.countries[p.country.index].credit(at: sent, now: now)
    }
}
