import Foundation
import LenetModel
import LenetRuntime
import LenetSpec
import LenetEngine

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A model from YAML text, or a failure listing the diagnostics.
func buildModel(_ yaml: String, path: String = "test.yaml") throws -> Model {
    let (spec, parseDiagnostics) = SpecParser.parse(SourceFile(path: path, text: yaml))
    guard let spec else { throw TestFailure("spec does not parse: \(parseDiagnostics)") }
    let (model, diagnostics) = ModelBuilder.build(spec)
    guard let model else { throw TestFailure("model does not build: \(diagnostics)") }
    return model
}

/// The repository root (for Specs/ and fixtures).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
/// `../shared/bench/make_fixtures.py`'s PyTorch float64 ground truth, shared with the emitter's tests.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/reference")

/// A model from one of the repository's spec files.
func specModel(_ name: String) throws -> Model {
    let path = repositoryRoot.appendingPathComponent("Specs/\(name).yaml").path
    return try buildModel(String(contentsOfFile: path, encoding: .utf8), path: path)
}

/// Comparison of a computed tensor with a reference, llm.c style:
/// maxDiff = max_i |a_i − b_i|, relative = maxDiff / max(max_i |b_i|, 1e-8).
struct Comparison {
    var maxDiff: Float
    var scale: Float
    var relative: Float
}

func compare(_ a: [Float], _ b: [Float]) -> Comparison {
    guard a.count == b.count, !a.isEmpty else { return Comparison(maxDiff: .infinity, scale: 0, relative: .infinity) }
    var diff: Float = 0, scale: Float = 0
    for i in a.indices {
        let d = abs(a[i] - b[i])
        if !(d <= diff) { diff = d.isNaN ? .infinity : d }
        scale = max(scale, abs(b[i]))
    }
    return Comparison(maxDiff: diff, scale: scale, relative: diff / max(scale, 1e-8))
}

/// Deterministic pseudo-random floats in [lo, hi).
func randomFloats(_ count: Int, seed: UInt64, lo: Float = -1, hi: Float = 1) -> [Float] {
    var rng = SeededRNG(seed: seed)
    return (0..<count).map { _ in rng.uniform(lo, hi) }
}

func randomLabels(_ count: Int, classes: Int, seed: UInt64) -> [Int32] {
    var rng = SeededRNG(seed: seed)
    return (0..<count).map { _ in Int32(rng.int(below: classes)) }
}

/// Keeps objects (buffers whose raw pointers are in use) alive until this call.
func keepAlive(_ objects: AnyObject...) {
    withExtendedLifetime(objects) {}
}
