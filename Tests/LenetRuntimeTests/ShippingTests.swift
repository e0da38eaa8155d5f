import Foundation
import Testing

/// The runtime files are copied verbatim into emitted packages that contain nothing but
/// these files, a generated main.swift and a CZlib module map. Guard that contract here.
@Suite struct ShippingTests {
    static let runtimeDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LenetRuntime").path

    @Test func runtimeFilesImportOnlyWhatEmittedPackagesHave() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.runtimeDirectory).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 10, "found \(files) in \(Self.runtimeDirectory)")
        // Dispatch ships with the toolchain on every platform, as Foundation does.
        let allowed: Set<String> = ["Foundation", "FoundationNetworking", "CZlib", "Glibc", "Dispatch"]
        for file in files {
            let text = try String(contentsOfFile: Self.runtimeDirectory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("import ") || t.hasPrefix("@testable import ") || t.hasPrefix("@_exported import ") {
                    let module = String(t.split(separator: " ").last ?? "")
                    #expect(t.hasPrefix("import "), "\(file): \(t)")
                    #expect(allowed.contains(module), "\(file) imports \(module), which emitted packages do not have")
                }
                #expect(!t.contains("Bundle.module"), "\(file) uses package resources, which emitted packages do not have")
                #expect(!t.contains("LenetSpec") && !t.contains("LenetModel") && !t.contains("LenetEngine"), "\(file) refers to another lenetc module: \(t)")
            }
        }
    }
}
