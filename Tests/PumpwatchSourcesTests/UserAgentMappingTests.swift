import PumpwatchSources
import XCTest

/// User-agent names and versions as Elastic's `user_agent` processor reports them.
final class UserAgentMappingTests: XCTestCase {
    private func check(_ agent: String, _ name: String, _ version: String?, file: StaticString = #filePath, line: UInt = #line) {
        let client = UserAgentParser.parse(agent)
        XCTAssertEqual(client.name, name, agent, file: file, line: line)
        XCTAssertEqual(client.version, version, agent, file: file, line: line)
    }

    func testAWSToolsAndSDKs() {
        check("aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1016-aws md/arch#x86_64 lang/python#3.12.6 md/command#sns.publish", "aws-cli", "2.18.17")
        check("[aws-cli/2.17.60 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0]", "aws-cli", "2.17.60")
        check("aws-cli/1.16.248 Python/3.4.7 Linux/4.9.184 botocore/1.12.238", "aws-cli", "1.16.248")
        check("aws-sdk-go/1.44 (go1.20; linux; amd64)", "aws-sdk-go", "1.44")
        check("aws-sdk-nodejs/2.1384.0 darwin/v20.16.0", "aws-sdk-nodejs", "2.1384.0")
        check("Boto3/1.26.0 md/Botocore#1.29.0 ua/2.0 os/linux#5.10", "Boto3", "1.26.0")
        check("Go-http-client/1.1", "Go-http-client", "1.1")
    }

    func testUnrecognisedAgentsAreOther() {
        check("signin.amazonaws.com", "Other", nil)
        check("ec2.amazonaws.com", "Other", nil)
        check("AWS Internal", "Other", nil)
        check("m/E aws-sdk-go-v2/1.30.1 os/linux lang/go#1.22.6", "Other", nil)
        check("", "Other", nil)
    }

    func testBrowsers() {
        check("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0.0")
        check("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0", "Firefox", "24.0")
        check("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70", "Edge", "131.0.2903.70")
        check("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "17.1")
        check("curl/8.5.0", "curl", "8.5.0")
    }
}
