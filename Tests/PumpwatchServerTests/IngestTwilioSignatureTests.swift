import Crypto
import Foundation
import XCTest

@testable import PumpwatchServer

final class IngestTwilioSignatureTests: XCTestCase {
    /// The example in Twilio's webhook security documentation and its helper libraries' tests.
    func testPublishedFormExample() {
        let signer = TwilioSignature(authToken: "12345")
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let params = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"), ("From", "+12349013030"), ("To", "+18005551212")]
        XCTAssertEqual(signer.signature(url: url, parameters: params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        XCTAssertTrue(signer.isValid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: url, parameters: params.reversed()))
        var changed = params
        changed[4].1 = "+18005551213"
        XCTAssertFalse(signer.isValid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: url, parameters: changed))
        XCTAssertFalse(TwilioSignature(authToken: "12346").isValid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url: url, parameters: params))
    }

    /// The JSON-body example of Twilio's helper libraries: the URL carries `bodySHA256`.
    func testPublishedJSONBodyExample() {
        let signer = TwilioSignature(authToken: "12345")
        let body = Array(#"{"property": "value", "boolean": true}"#.utf8)
        XCTAssertEqual(TwilioSignature.bodySHA256(body), "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620")
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        XCTAssertTrue(signer.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: url, body: body))
        XCTAssertFalse(signer.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: url, body: Array(#"{"property": "value", "boolean": false}"#.utf8)))
        XCTAssertFalse(signer.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: "https://mycompany.com/myapp.php?foo=1&bar=2", body: body))
    }

    func testDefaultPortIsOptionalEitherWay() {
        let signer = TwilioSignature(authToken: IngestFixtures.authToken)
        let params = IngestFixtures.statusCallback(sid: "SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", status: "delivered")
        let withPort = IngestFixtures.twilioFormSignature(url: "https://pumpwatch.example.com:443/v1/twilio/status", params: params)
        XCTAssertTrue(signer.isValid(withPort, url: "https://pumpwatch.example.com/v1/twilio/status", parameters: params))
        let withoutPort = IngestFixtures.twilioFormSignature(url: "https://pumpwatch.example.com/v1/twilio/status", params: params)
        XCTAssertTrue(signer.isValid(withoutPort, url: "https://pumpwatch.example.com:443/v1/twilio/status", parameters: params))
        let otherHost = IngestFixtures.twilioFormSignature(url: "https://pumpwatch.example.org/v1/twilio/status", params: params)
        XCTAssertFalse(signer.isValid(otherHost, url: "https://pumpwatch.example.com/v1/twilio/status", parameters: params))
    }

    func testRepeatedNamesAreSignedInValueOrder() {
        let url = "https://pumpwatch.example.com/v1/twilio/status"
        let text = url + "MediaUrlhttps://a.example/1" + "MediaUrlhttps://a.example/2" + "To+37250001234"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(IngestFixtures.authToken.utf8)))
        let expected = Data(mac).base64EncodedString()
        let params = [("To", "+37250001234"), ("MediaUrl", "https://a.example/2"), ("MediaUrl", "https://a.example/1")]
        XCTAssertTrue(TwilioSignature(authToken: IngestFixtures.authToken).isValid(expected, url: url, parameters: params))
    }

    func testPortVariantsKeepPathAndQuery() {
        XCTAssertEqual(
            TwilioSignature.portVariants("https://h.example:8443/a/b?x=1"), ["https://h.example/a/b?x=1", "https://h.example:8443/a/b?x=1"])
        XCTAssertEqual(TwilioSignature.portVariants("http://[2001:db8::1]/p"), ["http://[2001:db8::1]/p", "http://[2001:db8::1]:80/p"])
        XCTAssertEqual(TwilioSignature.portVariants("not a url"), ["not a url"])
    }
}
