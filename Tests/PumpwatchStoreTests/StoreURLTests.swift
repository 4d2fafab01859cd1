import XCTest

@testable import PumpwatchStore

final class StoreURLTests: XCTestCase {
    let environment = ["USER": "deploy"]

    func testPathsAndSQLiteSchemesNameAnSQLiteFile() throws {
        XCTAssertEqual(try StoreURL(parsing: "pumpwatch.sqlite"), .sqlite(path: "pumpwatch.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "/var/lib/pumpwatch/db.sqlite"), .sqlite(path: "/var/lib/pumpwatch/db.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "./data:2024.sqlite"), .sqlite(path: "./data:2024.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "sqlite:state/pw.sqlite"), .sqlite(path: "state/pw.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "sqlite:///var/lib/pw.sqlite"), .sqlite(path: "/var/lib/pw.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "file:/tmp/pw.sqlite"), .sqlite(path: "/tmp/pw.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "file:///tmp/pw.sqlite"), .sqlite(path: "/tmp/pw.sqlite"))
        XCTAssertEqual(try StoreURL(parsing: "  pw.sqlite \n"), .sqlite(path: "pw.sqlite"))
    }

    func testPostgresURLsNamePostgres() throws {
        guard case .postgres(let url) = try StoreURL(parsing: "postgresql://pw:secret@db.internal:6432/pumpwatch?sslmode=require") else {
            return XCTFail("expected PostgreSQL")
        }
        XCTAssertEqual(url.host, "db.internal")
        XCTAssertEqual(url.port, 6432)
        XCTAssertEqual(url.user, "pw")
        XCTAssertEqual(url.password, "secret")
        XCTAssertEqual(url.database, "pumpwatch")
        XCTAssertEqual(url.tls, .require)
    }

    func testUnsupportedAndEmptyValuesAreRejected() {
        XCTAssertThrowsError(try StoreURL(parsing: "mysql://root@db/pumpwatch")) { error in
            XCTAssertEqual(error as? StoreURLError, StoreURLError(part: .scheme, value: "mysql", reason: (error as? StoreURLError)?.reason ?? ""))
            XCTAssertTrue("\(error)".contains("mysql"))
        }
        XCTAssertThrowsError(try StoreURL(parsing: "  ")) { XCTAssertEqual(($0 as? StoreURLError)?.part, .path) }
        XCTAssertThrowsError(try StoreURL(parsing: "sqlite:")) { XCTAssertEqual(($0 as? StoreURLError)?.part, .path) }
        XCTAssertThrowsError(try StoreURL(parsing: "file://")) { XCTAssertEqual(($0 as? StoreURLError)?.part, .path) }
    }

    func testPostgresURLDefaultsAndDecoding() throws {
        let plain = try PostgresURL(parsing: "postgres://127.0.0.1/pumpwatch_test", environment: environment)
        XCTAssertEqual(plain, PostgresURL(host: "127.0.0.1", port: 5432, user: "deploy", database: "pumpwatch_test"))
        XCTAssertEqual(plain.tls, .disable)

        let encoded = try PostgresURL(parsing: "postgres://svc%40corp:p%40ss%3Aw%2Frd@[::1]:55432/pw%20db?sslmode=disable", environment: environment)
        XCTAssertEqual(encoded.user, "svc@corp")
        XCTAssertEqual(encoded.password, "p@ss:w/rd")
        XCTAssertEqual(encoded.host, "::1")
        XCTAssertEqual(encoded.port, 55432)
        XCTAssertEqual(encoded.database, "pw db")
        XCTAssertEqual(encoded.redacted, "postgres://svc@corp:***@[::1]:55432/pw db")

        let schema = try PostgresURL(
            parsing: "postgres://pw@db/pumpwatch?search_path=alerts_eu&application_name=pumpwatch-serve&sslmode=verify-full", environment: environment)
        XCTAssertEqual(schema.searchPath, "alerts_eu")
        XCTAssertEqual(schema.applicationName, "pumpwatch-serve")
        XCTAssertEqual(schema.tls, .verifyFull)
        XCTAssertNil(try PostgresURL(parsing: "postgres://pw@db", environment: environment).database)
    }

    func testPostgresURLErrorsNameThePart() {
        func part(_ text: String, environment: [String: String] = ["USER": "deploy"]) -> StoreURLError.Part? {
            do {
                _ = try PostgresURL(parsing: text, environment: environment)
                return nil
            } catch {
                return error.part
            }
        }
        XCTAssertEqual(part("postgres://pw@db:0/x"), .port)
        XCTAssertEqual(part("postgres://pw@db:65536/x"), .port)
        XCTAssertEqual(part("postgres://pw@db:fivefour/x"), .port)
        XCTAssertEqual(part("postgres://pw@/x"), .host)
        XCTAssertEqual(part("postgres://pw@[::1/x"), .host)
        XCTAssertEqual(part("postgres://db/x", environment: [:]), .user)
        XCTAssertEqual(part("postgres://pw@db/x?sslmode=sometimes"), .parameter)
        XCTAssertEqual(part("postgres://pw@db/x?connect_timeout=5"), .parameter)
        XCTAssertEqual(part("postgres://pw@db/a%2Fb"), .database)
        XCTAssertEqual(part("postgres://pw@db/a%zz"), .database)
        XCTAssertEqual(part("redis://pw@db/x"), .scheme)
        XCTAssertEqual(part("postgres:pw@db/x"), .scheme)
        XCTAssertNil(part("postgres://pw@db/x"))
    }

    func testPasswordsNeverAppearInErrors() {
        XCTAssertThrowsError(try PostgresURL(parsing: "postgres://pw:%zzsecret@db/x", environment: environment)) { error in
            XCTAssertEqual((error as? StoreURLError)?.part, .password)
            XCTAssertFalse("\(error)".contains("secret"))
        }
    }
}
