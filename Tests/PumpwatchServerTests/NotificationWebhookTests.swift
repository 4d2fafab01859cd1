import Crypto
import Foundation
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

/// The webhook body and its signature, checked the way a receiver would.
final class NotificationWebhookTests: XCTestCase {
    let secret = Array(NotificationFixture.secret.utf8)

    /// Receiver-side check, written from the documented scheme with swift-crypto directly.
    static func receiverAccepts(_ header: String, body: [UInt8], secret: [UInt8]) -> Bool {
        var fields: [String: [String]] = [:]
        for part in header.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0]), default: []].append(String(kv[1])) }
        }
        guard let t = fields["t"]?.first else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(t).".utf8) + body, using: SymmetricKey(data: secret))
        let expected = mac.map { String(format: "%02x", $0) }.joined()
        return fields["v1"]?.contains(expected) ?? false
    }

    func testSignatureMatchesTheDocumentedScheme() {
        let body = Array(#"{"id":42,"title":"Repeated OTP sends"}"#.utf8)
        let header = WebhookSigner(secret: secret).signature(of: body, at: 1_795_773_600)
        // The value `openssl dgst -sha256 -hmac SECRET` prints for "1795773600.<body>", as docs/webhooks.md shows.
        XCTAssertEqual(header, "t=1795773600,v1=9b747846a6f4dd38c0904bd894d913ff68535ccd9057a37dfeba262462175c62")
        XCTAssertTrue(Self.receiverAccepts(header, body: body, secret: secret))
        XCTAssertFalse(Self.receiverAccepts(header, body: body + [0x20], secret: secret))
        XCTAssertFalse(Self.receiverAccepts(header, body: body, secret: Array("whsec-some-other-secret-value".utf8)))
    }

    func testVerifyChecksBodySecretAndTimestamp() {
        let signer = WebhookSigner(secret: secret)
        let body = WebhookPayload.json(AlertRecord(id: 7, draft: NotificationFixture.draft(), state: .open, createdAt: 1, updatedAt: 1, occurrences: 1))
        let header = signer.signature(of: body, at: 1_795_773_600)
        XCTAssertTrue(signer.verify(header, body: body, now: 1_795_773_600))
        XCTAssertTrue(signer.verify(header, body: body, now: 1_795_773_600 + 299))
        XCTAssertFalse(signer.verify(header, body: body, now: 1_795_773_600 + 301), "a replay after the tolerance")
        XCTAssertFalse(signer.verify(header, body: Array(body.dropLast()), now: 1_795_773_600))
        XCTAssertFalse(WebhookSigner(secret: Array("whsec-some-other-secret-value".utf8)).verify(header, body: body, now: 1_795_773_600))
        XCTAssertFalse(signer.verify("v1=deadbeef", body: body, now: 1_795_773_600), "no timestamp")
        XCTAssertFalse(signer.verify("t=1795773600,v1=zz", body: body, now: 1_795_773_600))
        // During a secret rotation a receiver may get (or check) more than one v1.
        let other = WebhookSigner(secret: Array("whsec-some-other-secret-value".utf8)).signature(of: body, at: 1_795_773_600)
        let both = "t=1795773600, v1=\(other.split(separator: "=").last!), v1=\(header.split(separator: "=").last!)"
        XCTAssertTrue(signer.verify(both, body: body, now: 1_795_773_600))
    }

    func testPayloadCarriesTheAlert() throws {
        var draft = NotificationFixture.draft()
        draft.title = #"Sends to "premium" range +37477001\xxx"#
        let alert = AlertRecord(
            id: 42, draft: draft, state: .acknowledged, stateChangedBy: "analyst@example.com", createdAt: NotificationFixture.t0,
            updatedAt: NotificationFixture.t0 + 60_000, occurrences: 3)
        let o = try NotificationFixture.object(WebhookPayload.json(alert))
        XCTAssertEqual(o["id"] as? Int, 42)
        XCTAssertEqual(o["key"] as? String, draft.key)
        XCTAssertEqual(o["rule"] as? String, "repeated-destination")
        XCTAssertEqual(o["title"] as? String, draft.title)
        XCTAssertEqual(o["severity"] as? String, "high")
        XCTAssertEqual(o["risk_score"] as? Int, 73)
        XCTAssertEqual(o["state"] as? String, "acknowledged")
        XCTAssertEqual(o["first_seen"] as? String, "2026-11-27T09:51:00.000Z")
        XCTAssertEqual(o["last_seen"] as? String, "2026-11-27T09:59:45.000Z")
        XCTAssertEqual(o["count"] as? Int, 41)
        XCTAssertEqual(o["occurrences"] as? Int, 3)
        let entities = try XCTUnwrap(o["entities"] as? [[Any]])
        XCTAssertEqual(entities.map { $0[0] as? String }, ["destination_prefix", "caller_arn", "source_ip"])
        XCTAssertEqual(entities[1][1] as? String, "arn:aws:iam::111122223333:user/otp-svc")
        let evidence = try XCTUnwrap(o["evidence"] as? [[Any]])
        XCTAssertEqual(evidence[0][1] as? Int, 41)
        XCTAssertEqual(evidence[2][1] as? String, "9m")
        XCTAssertEqual(o["summary"] as? String, draft.summary)
        XCTAssertEqual(o["attack"] as? [String], ["T1496.003"])
        XCTAssertEqual(o["sources"] as? [String], draft.sources)
        XCTAssertEqual(o["created_at"] as? String, "2026-11-27T10:00:00.000Z")
        XCTAssertEqual(o["updated_at"] as? String, "2026-11-27T10:01:00.000Z")
    }

    func testPayloadWithUnknownTimesAndUnreadablePairs() throws {
        var draft = NotificationFixture.draft()
        draft.firstSeen = nil
        draft.lastSeen = nil
        draft.entities = "destination=+37477001234"
        draft.evidence = "[]"
        let o = try NotificationFixture.object(
            WebhookPayload.json(AlertRecord(id: 1, draft: draft, state: .open, createdAt: 0, updatedAt: 0, occurrences: 1)))
        XCTAssertTrue(o["first_seen"] is NSNull)
        XCTAssertTrue(o["last_seen"] is NSNull)
        XCTAssertEqual(o["entities"] as? String, "destination=+37477001234", "text that is not a pair list is passed on as text")
        XCTAssertEqual((o["evidence"] as? [Any])?.count, 0)
    }
}
