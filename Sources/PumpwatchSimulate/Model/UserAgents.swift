/// Real-world user agent strings of the clients that appear in the simulated logs.
enum UserAgents {
    /// AWS CLI v2 running `aws sns publish`.
    static let awsCLIPublish = "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#sns.publish"
    /// AWS CLI v2 running `aws cognito-idp forgot-password`.
    static let awsCLIForgotPassword = "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#cognito-idp.forgot-password"
    /// AWS CLI v2 on an engineer's laptop describing instances.
    static let awsCLIDescribe = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#ec2.describe-instances"
    /// boto3 in a plain Python script.
    static let boto3 = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
    /// boto3 inside AWS Lambda.
    static let boto3Lambda = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
    /// AWS SDK for JavaScript v3 in Node.js.
    static let sdkJS = "aws-sdk-js/3.699.0 ua/2.1 os/linux#5.10.228-219.884.amzn2.x86_64 lang/js md/nodejs#20.18.1 api/sns#3.699.0 m/E"
    static let sdkJSS3 = "aws-sdk-js/3.699.0 ua/2.1 os/linux#5.10.228-219.884.amzn2.x86_64 lang/js md/nodejs#20.18.1 api/s3#3.699.0 m/E"
    /// AWS SDK for Go v2 in a monitoring agent.
    static let sdkGo = "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.187.0 m/E"
    static let sdkGoSTS = "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.1 m/E"
    /// Python requests, as a scripted attack client sends it.
    static let pythonRequests = "python-requests/2.32.3"
    static let curl = "curl/8.5.0"
    static let go = "Go-http-client/2.0"

    /// Browsers of ordinary visitors.
    static let browsers = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ]
    /// The shop's own mobile app.
    static let mobileApp = "ExampleShop/4.12.1 (iPhone; iOS 18.1; Scale/3.00)"
    static let mobileAppAndroid = "ExampleShop/4.12.1 (Android 14; Pixel 8)"
    /// Crawlers.
    static let googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    static let bingbot = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
}
