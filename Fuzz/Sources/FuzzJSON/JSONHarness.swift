import Foundation
import PumpwatchCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let ours = (try? JSONParser.parse(bytes)) != nil
    let theirs = (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
    if ours != theirs && size < 3 { fatalError("disagree") }
    return 0
}
