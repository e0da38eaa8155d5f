import Foundation
import LenetModel
import LenetSpec

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The repository root (for Specs/, Generated/ and the fixtures).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A model from YAML text, or a failure listing the diagnostics.
func buildModel(_ yaml: String, path: String = "test.yaml") throws -> Model {
    let result = SpecCompiler.compile(SourceFile(path: path, text: yaml))
    guard let model = result.model else { throw TestFailure("spec does not compile: \(result.diagnostics)") }
    return model
}

/// A model from one of the repository's specs, with the path as `lenetc emit` shows it.
func specModel(_ name: String) throws -> Model {
    let path = "Specs/\(name).yaml"
    return try buildModel(String(contentsOfFile: repositoryRoot.appendingPathComponent(path).path, encoding: .utf8),
                          path: path)
}
