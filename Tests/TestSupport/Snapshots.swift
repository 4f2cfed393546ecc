// Only where Swift Testing is: kpish-bench, built in release with the static standard library,
// links TestSupport without it.
#if canImport(Testing)
import Foundation
import Testing

/// Compares text with the snapshot file `name` in `__Snapshots__/` beside the calling test;
/// records it when missing or when RECORD_SNAPSHOTS is set, and then fails, so that a
/// recording is never a pass (swift-argument-parser's rule).
public func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded the snapshot \(name); check it and run again", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(
        text == expected, "snapshot \(name) differs; RECORD_SNAPSHOTS=1 records it anew", sourceLocation: sourceLocation
    )
}
#endif
