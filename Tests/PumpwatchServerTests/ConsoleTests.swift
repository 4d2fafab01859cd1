import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchCore
import PumpwatchStore
import XCTest

@testable import PumpwatchServer

final class ConsoleTests: XCTestCase {
    /// The headers a browser on the console's own page sends with a form post.
    static let sameOrigin: HTTPFields = [.origin: "http://localhost", .contentType: "application/x-www-form-urlencoded"]

    /// Signs in with `token` through the login form; the session cookie as the browser sends it back.
    private static func signIn(_ client: some TestClientProtocol, token: String = AlertFixture.oncallToken) async throws -> String {
        try await client.execute(
            uri: "/console/login", method: .post, headers: ConsoleTests.sameOrigin, body: ByteBuffer(string: "token=\(token)")
        ) { response in
            XCTAssertEqual(response.status, .seeOther)
            XCTAssertEqual(response.headers[.location], "/")
            let setCookie = try XCTUnwrap(response.headers[.setCookie])
            return String(setCookie.prefix { $0 != ";" })
        }
    }

    private static func cookieHeaders(_ cookie: String, origin: String? = "http://localhost") -> HTTPFields {
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        if let origin { headers[.origin] = origin }
        return headers
    }

    func testBrowsersWithoutASessionAreSentToTheLoginForm() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/console/login")
            }
            try await client.execute(uri: "/console/alerts/1/acknowledge", method: .post, headers: ConsoleTests.sameOrigin) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/console/login")
            }
            try await client.execute(uri: "/console/login", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains("<form method=\"post\" action=\"/console/login\""))
                XCTAssertTrue(page.contains("name=\"token\" type=\"password\""))
                XCTAssertTrue(response.headers[HTTPFields.Element.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            }
        }
        let untouched = try await store.alert(id: 1)
        XCTAssertEqual(untouched?.state, .open)
    }

    func testLoginRefusesAWrongTokenAndSetsASignedCookieForARightOne() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/console/login", method: .post, headers: ConsoleTests.sameOrigin, body: ByteBuffer(string: "token=pw-guess-0000")
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertNil(response.headers[.setCookie])
                XCTAssertTrue(String(buffer: response.body).contains("not accepted"))
            }
            try await client.execute(uri: "/console/login", method: .post, headers: ConsoleTests.sameOrigin, body: ByteBuffer(string: "token=")) {
                XCTAssertEqual($0.status, .badRequest)
                XCTAssertNil($0.headers[.setCookie])
            }
            // A login form posted from another site is refused before the token is looked at.
            try await client.execute(
                uri: "/console/login", method: .post, headers: [.origin: "https://evil.example", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(AlertFixture.oncallToken)")
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertNil(response.headers[.setCookie])
            }
            try await client.execute(
                uri: "/console/login", method: .post, headers: ConsoleTests.sameOrigin,
                body: ByteBuffer(string: "token=\(AlertFixture.oncallToken)")
            ) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/")
                let setCookie = try XCTUnwrap(response.headers[.setCookie])
                XCTAssertTrue(setCookie.hasPrefix("pumpwatch_session=v1."), setCookie)
                for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
                    XCTAssertTrue(setCookie.contains(attribute), "\(attribute) missing from \(setCookie)")
                }
                XCTAssertFalse(setCookie.contains("Secure"), "a plain-HTTP console cannot use a Secure cookie")
                XCTAssertFalse(setCookie.contains(AlertFixture.oncallToken))
                XCTAssertFalse(setCookie.contains(TokenDigest(name: "oncall", token: AlertFixture.oncallToken).hex))
            }
            let cookie = try await ConsoleTests.signIn(client)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                XCTAssertEqual(response.status, .ok)
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains("signed in as <strong>oncall</strong>"))
            }
            // Behind a TLS proxy the cookie is HTTPS only.
            var proxied = ConsoleTests.sameOrigin
            proxied[HTTPFields.Element.Name("X-Forwarded-Proto")!] = "https"
            try await client.execute(
                uri: "/console/login", method: .post, headers: proxied, body: ByteBuffer(string: "token=\(AlertFixture.ciToken)")
            ) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertTrue(response.headers[.setCookie]?.contains("; Secure") == true)
            }
        }
    }

    func testCookieIsNotAcceptedOnTheAPI() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            let cookie = try await ConsoleTests.signIn(client)
            try await client.execute(uri: "/v1/alerts", method: .get, headers: [.cookie: cookie]) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
            try await client.execute(uri: "/v1/alerts/1/acknowledge", method: .post, headers: ConsoleTests.cookieHeaders(cookie)) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
            // A console-looking path that walks back to the API is not routed to it.
            try await client.execute(uri: "/console/../v1/alerts", method: .get, headers: [.cookie: cookie]) { response in
                XCTAssertNotEqual(response.status, .ok)
                XCTAssertFalse(String(buffer: response.body).contains("\"alerts\""))
            }
        }
        let untouched = try await store.alert(id: 1)
        XCTAssertEqual(untouched?.state, .open)
    }

    func testForgedExpiredAndForeignSessionsAreRefused() async throws {
        let store = try SQLiteStore.inMemory()
        _ = try await AlertFixture.seed(store)
        let sessions = ConsoleSessions()
        let app = Application(router: AlertFixture.router(store, sessions: sessions))
        let now = AlertFixture.now / 1000
        let valid = sessions.value(for: "oncall", now: wallClockSeconds())
        XCTAssertEqual(sessions.name(in: valid, now: wallClockSeconds()), "oncall")
        // Another name in a copied signature, a session from another process's key, an expired one.
        let parts = valid.split(separator: ".").map(String.init)
        let renamed = ([parts[0], ConsoleSessions.hex(Array("ci-pipeline".utf8))] + parts[2...]).joined(separator: ".")
        let foreign = ConsoleSessions().value(for: "oncall", now: wallClockSeconds())
        XCTAssertNil(sessions.name(in: renamed, now: wallClockSeconds()))
        XCTAssertNil(sessions.name(in: foreign, now: wallClockSeconds()))
        XCTAssertNil(sessions.name(in: sessions.value(for: "oncall", now: now), now: now + ConsoleSessions.lifetime))
        XCTAssertEqual(sessions.name(in: sessions.value(for: "oncall", now: now), now: now + ConsoleSessions.lifetime - 1), "oncall")
        // A session for a token that is not configured any more.
        let retired = sessions.value(for: "retired-token", now: wallClockSeconds())
        try await app.test(.router) { client in
            for value in [renamed, foreign, retired, "v1.garbage", ""] {
                try await client.execute(uri: "/", method: .get, headers: [.cookie: "pumpwatch_session=\(value)"]) { response in
                    XCTAssertEqual(response.status, .seeOther, value)
                    XCTAssertEqual(response.headers[.location], "/console/login", value)
                }
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "theme=dark; pumpwatch_session=\(valid)"]) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    func testPostsFromOtherSitesAreRefused() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            let cookie = try await ConsoleTests.signIn(client)
            for origin in ["https://evil.example", "null", "http://localhost.evil.example", "http://user@localhost"] {
                try await client.execute(
                    uri: "/console/alerts/\(ids[3])/acknowledge", method: .post, headers: ConsoleTests.cookieHeaders(cookie, origin: origin),
                    body: ByteBuffer(string: "note=pwned")
                ) { response in
                    XCTAssertEqual(response.status, .forbidden, origin)
                }
            }
            // Neither Origin nor Referer.
            try await client.execute(
                uri: "/console/alerts/\(ids[3])/resolve", method: .post, headers: ConsoleTests.cookieHeaders(cookie, origin: nil), body: ByteBuffer(string: "")
            ) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            // A Referer from another site.
            var foreignReferer = ConsoleTests.cookieHeaders(cookie, origin: nil)
            foreignReferer[.referer] = "https://evil.example/localhost/"
            try await client.execute(uri: "/console/alerts/\(ids[3])/resolve", method: .post, headers: foreignReferer) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
        let alert = try await store.alert(id: ids[3])
        XCTAssertEqual(alert?.state, .open)
        let history = try await store.alertStateChanges(id: ids[3])
        XCTAssertTrue(history.isEmpty)
    }

    func testAcknowledgeAndResolveThroughTheForms() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            let cookie = try await ConsoleTests.signIn(client)
            try await client.execute(
                uri: "/console/alerts/\(ids[3])/acknowledge", method: .post, headers: ConsoleTests.cookieHeaders(cookie),
                body: ByteBuffer(string: "state=active&note=calling+the+carrier+%26+blocking+%2B2250700001xx")
            ) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/#alert-\(ids[3])")
            }
            // Same-origin by Referer only (a browser that sends no Origin), back to the resolved list.
            var refererOnly = ConsoleTests.cookieHeaders(cookie, origin: nil)
            refererOnly[.referer] = "http://localhost/?state=open"
            try await client.execute(
                uri: "/console/alerts/\(ids[0])/resolve", method: .post, headers: refererOnly, body: ByteBuffer(string: "state=resolved&note=")
            ) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/?state=resolved#alert-\(ids[0])")
            }
            try await client.execute(uri: "/console/alerts/9999/resolve", method: .post, headers: ConsoleTests.cookieHeaders(cookie)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            // The active list shows the acknowledged alert with who and why, and no longer the resolved one.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains("Acknowledged by <strong>oncall</strong>"))
                XCTAssertTrue(page.contains("calling the carrier &amp; blocking +2250700001xx"))
                XCTAssertFalse(page.contains("id=\"alert-\(ids[0])\""))
                XCTAssertTrue(page.contains("id=\"alert-\(ids[1])\""))
            }
            try await client.execute(uri: "/?state=resolved", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains("id=\"alert-\(ids[0])\""))
                XCTAssertFalse(page.contains("id=\"alert-\(ids[1])\""))
                XCTAssertFalse(page.contains("/console/alerts/\(ids[0])/resolve"), "a resolved alert has no buttons")
            }
        }
        let acknowledged = try await store.alert(id: ids[3])
        XCTAssertEqual(acknowledged?.state, .acknowledged)
        XCTAssertEqual(acknowledged?.stateChangedBy, "oncall")
        XCTAssertEqual(acknowledged?.note, "calling the carrier & blocking +2250700001xx")
        let resolved = try await store.alert(id: ids[0])
        XCTAssertEqual(resolved?.state, .resolved)
        XCTAssertNil(resolved?.note)
    }

    func testPageListsActiveAlertsNewestFirstWithTheirEvidence() async throws {
        let store = try SQLiteStore.inMemory()
        let ids = try await AlertFixture.seed(store)
        _ = try await store.setAlertState(id: ids[1], to: .resolved, by: "alice", note: nil, at: AlertFixture.now - 60_000)
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            let cookie = try await ConsoleTests.signIn(client)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                XCTAssertEqual(response.status, .ok)
                let page = String(buffer: response.body)
                let positions = [ids[3], ids[2], ids[0]].map { id in page.range(of: "id=\"alert-\(id)\"")?.lowerBound }
                XCTAssertFalse(positions.contains(nil), "an active alert is missing")
                XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "not newest first")
                XCTAssertFalse(page.contains("id=\"alert-\(ids[1])\""), "a resolved alert is listed as active")
                for text in ["+2250700001xx", "+225070000102", "Sequential destination numbers in one block", "96 distinct numbers", "CRITICAL",
                             "sns/delivery-us-east-1.log.gz", "<svg class=\"chart\""] {
                    XCTAssertTrue(page.contains(text), "\(text) is missing")
                }
                XCTAssertTrue(page.contains("action=\"/console/alerts/\(ids[3])/acknowledge\""))
                XCTAssertTrue(page.contains("<a href=\"/?state=resolved\">Resolved</a>"))
            }
        }
    }

    func testHostileAlertTextIsEscaped() async throws {
        let store = try SQLiteStore.inMemory()
        let id = try await store.upsertAlert(AlertFixture.hostile, notify: [], at: AlertFixture.now - 60_000).alert.id
        let app = Application(router: AlertFixture.router(store))
        try await app.test(.router) { client in
            let cookie = try await ConsoleTests.signIn(client)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains("id=\"alert-\(id)\""))
                XCTAssertFalse(page.contains("<script"), "a script tag reached the page")
                XCTAssertFalse(page.contains("<img"), "an img tag reached the page")
                XCTAssertFalse(page.contains("<b>x</b>"))
                XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                XCTAssertTrue(page.contains("OTP requests flood from &lt;img src=x onerror=alert(2)&gt;"))
                XCTAssertTrue(page.contains("/api/otp?next=&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
                XCTAssertTrue(page.contains("from one address &amp; one user agent"))
            }
        }
    }

    func testFormFieldsDecode() {
        let fields = ConsoleForm.fields(ByteBuffer(string: "note=a+b%20c%26d%3D%E2%9C%93&state=open&empty=&bad=%zz%4&note2"))
        XCTAssertEqual(fields["note"], "a b c&d=✓")
        XCTAssertEqual(fields["state"], "open")
        XCTAssertEqual(fields["empty"], "")
        XCTAssertEqual(fields["bad"], "%zz%4")
        XCTAssertEqual(fields["note2"], "")
        XCTAssertEqual(ConsoleForm.authority(of: "https://Console.Example:8443/x?y"), "console.example:8443")
        XCTAssertNil(ConsoleForm.authority(of: "null"))
        XCTAssertNil(ConsoleForm.authority(of: "javascript:alert(1)"))
    }
}

/// The wall clock in unix seconds, as the middleware reads it.
private func wallClockSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }
