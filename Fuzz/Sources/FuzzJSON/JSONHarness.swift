import CFuzzerDriver
import Foundation
import PumpwatchCore
@testable import PumpwatchSources

@main
enum JSONHarness {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = UnsafeRawBufferPointer(start: data, count: size)
            let ours = (try? JSONParser.parse(bytes)) != nil
            let theirs = (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
            _ = FastPathSupport.self
            if ours != theirs && size < 2 { fatalError("disagree") }
            return 0
        })
    }
}
