import Foundation
import Testing
@testable import LenetRuntime

/// Builds a raw safetensors file from a header string and data bytes (no validation), so
/// corruption cases can be written exactly as a broken tool would write them.
private func rawSafetensors(_ header: String, _ data: [UInt8], lengthOverride: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    var n = lengthOverride ?? UInt64(h.count)
    var out: [UInt8] = []
    for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
    return out + h + data
}

/// Expects loading `bytes` to fail with a message that names the source and contains `phrase`.
private func expectRejected(_ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try SafetensorsFile(bytes: bytes, source: "broken.safetensors")
        Issue.record("expected a rejection containing \"\(phrase)\"", sourceLocation: sourceLocation)
    } catch {
        let text = error.description
        #expect(text.contains("broken.safetensors"), "\(text)", sourceLocation: sourceLocation)
        #expect(text.contains(phrase), "\(text)", sourceLocation: sourceLocation)
    }
}

private let referencePath = "/work/shared/reference/lenet-sigmoid-avg-pad.safetensors"
private let referencePresent: Bool = {
    let ok = fileExists(referencePath)
    if !ok { print("NOTE: \(referencePath) not found; the PyTorch reference-file test is reported as skipped") }
    return ok
}()

@Suite struct SafetensorsTests {
    @Test func roundTripPreservesValuesShapesAndMetadata() throws {
        var w = SafetensorsWriter(metadata: ["format": "pt", "epoch": "3"])
        let weights: [Float] = (0..<24).map { Float($0) * 0.25 - 3 }
        try w.add("conv.weight", floats: weights, shape: [2, 3, 4])
        try w.add("conv.bias", floats: [.pi, -0.0, .infinity, 1e-30], shape: [4])
        try w.add("step", int64s: [Int64.max, -5, 0], shape: [3])
        try w.add("scalar", floats: [42], shape: [])
        try w.add("empty", floats: [], shape: [0, 5])
        let dir = TempDir()
        let path = dir.file("model.safetensors")
        try w.write(to: path)

        let f = try SafetensorsFile(contentsOf: path)
        #expect(f.metadata == ["format": "pt", "epoch": "3"])
        #expect(f.tensorNames == ["conv.bias", "conv.weight", "empty", "scalar", "step"])
        #expect(try f.floats("conv.weight") == weights)
        #expect(try f.info("conv.weight").shape == [2, 3, 4])
        let bias = try f.floats("conv.bias")
        #expect(bias[0] == .pi && bias[1] == 0 && bias[1].sign == .minus && bias[2] == .infinity && bias[3] == 1e-30)
        #expect(try f.int64s("step") == [Int64.max, -5, 0])
        #expect(try f.info("step").dtype == .i64)
        #expect(try f.floats("scalar") == [42])
        #expect(try f.info("scalar").shape == [])
        #expect(try f.floats("empty") == [])
        #expect(try f.info("empty").shape == [0, 5])
        #expect(dir.listing() == ["model.safetensors"], "no temporary files may remain")
    }

    @Test func layoutMatchesTheRustImplementation() throws {
        var w = SafetensorsWriter()
        try w.add("b", floats: [1], shape: [1])
        try w.add("a", floats: [2, 3], shape: [2])
        try w.add("z", int64s: [7], shape: [1])
        let bytes = w.encoded()
        var n = 0
        for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        // I64 (8-byte elements) first, then F32 by name; header padded with spaces.
        let expected = #"{"z":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#
        #expect(header.trimmingCharacters(in: .whitespaces) == expected)
        #expect(header.count == n && header.hasPrefix(expected) && header.dropFirst(expected.count).allSatisfy { $0 == " " })
        #expect(bytes.count == 8 + n + 20)
        #expect(Array(bytes[(8 + n)..<(8 + n + 8)]) == [7, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func metadataWithSpecialCharactersRoundTrips() throws {
        var w = SafetensorsWriter(metadata: ["spec": "name: \"lenet\"\n\tpool: avg\\max \u{01} é ✓ 🙂"])
        try w.add("x", floats: [1], shape: [1])
        let f = try SafetensorsFile(bytes: w.encoded(), source: "mem")
        #expect(f.metadata == w.metadata)
    }

    @Test func readsOtherDtypesAndConverts() throws {
        var data: [UInt8] = []
        for v in [1.5, -2.25] as [Double] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
        for v in [Int32(-7), 100000] { withUnsafeBytes(of: v.littleEndian) { data += $0 } }
        data += [0, 255, 9]
        let header = #"{"d":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"i":{"dtype":"I32","shape":[2],"data_offsets":[16,24]},"u":{"dtype":"U8","shape":[3],"data_offsets":[24,27]}}"#
        let f = try SafetensorsFile(bytes: rawSafetensors(header, data), source: "mem")
        #expect(try f.floats("d") == [1.5, -2.25])
        #expect(try f.floats("i") == [-7, 100000])
        #expect(try f.int64s("i") == [-7, 100000])
        #expect(try f.floats("u") == [0, 255, 9])
        #expect(try f.int64s("u") == [0, 255, 9])
        #expect(throws: SafetensorsError.self) { try f.int64s("d") }
        #expect(Array(try f.rawBytes("u")) == [0, 255, 9])
    }

    @Test func missingTensorErrorListsWhatExists() throws {
        var w = SafetensorsWriter()
        try w.add("alpha", floats: [1], shape: [1])
        let f = try SafetensorsFile(bytes: w.encoded(), source: "m.safetensors")
        do {
            _ = try f.floats("beta")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("m.safetensors"))
            #expect(error.description.contains("\"beta\""))
            #expect(error.description.contains("alpha"))
        }
    }

    @Test(.enabled(if: referencePresent, "needs the PyTorch reference file in /work/shared/reference"))
    func readsPyTorchReferenceFileAndRewritesItByteForByte() throws {
        let f = try SafetensorsFile(contentsOf: referencePath)
        let w0 = try f.info("0.weight")
        #expect(w0.dtype == .f32 && w0.shape == [6, 1, 5, 5])
        let labels = try f.info("labels")
        #expect(labels.dtype == .i64 && labels.shape == [8])
        let labelValues = try f.int64s("labels")
        #expect(labelValues.count == 8 && labelValues.allSatisfy { (0..<10).contains($0) })
        #expect(try f.info("input").shape == [8, 1, 28, 28])
        #expect(try f.info("7.weight").shape == [120, 400])
        // manifest.json records the loss PyTorch computed; the stored scalar must agree.
        let manifestData = try #require(FileManager.default.contents(atPath: "/work/shared/reference/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let entry = try #require(manifest["lenet-sigmoid-avg-pad"] as? [String: Any])
        let loss = try #require(entry["loss"] as? Double)
        #expect(abs(Double(try f.floats("loss")[0]) - loss) < 1e-5)
        let shapes = try #require(entry["tensors"] as? [String: [Int]])
        for (name, shape) in shapes { #expect(try f.info(name).shape == shape, "\(name)") }
        let conv = try f.floats("0.weight")
        #expect(conv.allSatisfy { $0.isFinite } && Set(conv).count > 100)

        // Writing the same tensors back must reproduce PyTorch's file exactly.
        var w = SafetensorsWriter()
        for name in f.tensorNames {
            let t = try f.info(name)
            if t.dtype == .i64 { try w.add(name, int64s: try f.int64s(name), shape: t.shape) }
            else { try w.add(name, floats: try f.floats(name), shape: t.shape) }
        }
        #expect(w.encoded() == readBytes(referencePath))
    }

    @Test func atomicWriteReplacesExistingFileAndLeavesNoTemporaries() throws {
        let dir = TempDir()
        let path = dir.file("ckpt.safetensors")
        var a = SafetensorsWriter()
        try a.add("v", floats: [1, 2, 3], shape: [3])
        try a.write(to: path)
        var b = SafetensorsWriter()
        try b.add("v", floats: [9], shape: [1])
        try b.write(to: path)
        #expect(try SafetensorsFile(contentsOf: path).floats("v") == [9])
        #expect(dir.listing() == ["ckpt.safetensors"])
    }

    @Test func writeIntoMissingDirectoryFailsClearly() throws {
        let dir = TempDir()
        var w = SafetensorsWriter()
        try w.add("v", floats: [1], shape: [1])
        let path = dir.file("no/such/dir/x.safetensors")
        do {
            try w.write(to: path)
            Issue.record("expected failure")
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("No such file or directory"))
        }
        #expect(dir.listing() == [])
    }

    @Test func readingMissingFileNamesIt() {
        do {
            _ = try SafetensorsFile(contentsOf: "/nonexistent/dir/w.safetensors")
            Issue.record("expected failure")
        } catch {
            #expect(error.description.contains("/nonexistent/dir/w.safetensors"))
            #expect(error.description.contains("No such file or directory"))
        }
    }

    @Test func writerRejectsBadInput() {
        var w = SafetensorsWriter()
        #expect(throws: SafetensorsError.self) { try w.add("x", floats: [1, 2], shape: [3]) }
        #expect(throws: SafetensorsError.self) { try w.add("x", floats: [1, 2], shape: [-1, -2]) }
        #expect(throws: SafetensorsError.self) { try w.add("__metadata__", floats: [1], shape: [1]) }
        #expect(throws: SafetensorsError.self) { try w.add("", floats: [1], shape: [1]) }
        #expect(throws: SafetensorsError.self) { try w.add("x", int64s: [1], shape: [Int.max, 4]) }
        #expect(throws: Never.self) { try w.add("x", floats: [1], shape: [1]) }
        #expect(throws: SafetensorsError.self) { try w.add("x", int64s: [1], shape: [1]) }
    }

    @Test func rejectsStructuralCorruption() {
        let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let eight = [UInt8](repeating: 0, count: 8)
        expectRejected([1, 2, 3], "too short")
        expectRejected(rawSafetensors(good, eight, lengthOverride: 1 << 40), "limit")
        expectRejected(rawSafetensors(good, eight, lengthOverride: 5000), "only")
        expectRejected(rawSafetensors(good, eight, lengthOverride: 0), "too short")
        expectRejected(rawSafetensors("[1,2]", []), "does not start with '{'")
        expectRejected(rawSafetensors(#"{"a":1,}"#, []), "JSON header is invalid")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} x"#, eight), "JSON header is invalid")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, eight), "duplicate key")
        expectRejected(rawSafetensors(#"{"a":[1]}"#, []), "expected an object")
        expectRejected(rawSafetensors(#"{"__metadata__":{"k":1}}"#, []), "expected a string")
        expectRejected(rawSafetensors(#"{"__metadata__":"x"}"#, []), "expected an object of strings")
        expectRejected(rawSafetensors(String(repeating: "[", count: 10000), []), "does not start")
        expectRejected(rawSafetensors("{\"a\":" + String(repeating: "[", count: 10000), []), "nested")
        expectRejected(rawSafetensors(#"{"a":"\ud800"}"#, []), "surrogate")
    }

    @Test func rejectsBadTensorEntries() {
        let eight = [UInt8](repeating: 0, count: 8)
        expectRejected(rawSafetensors(#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, eight), "no \"dtype\"")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","data_offsets":[0,8]}}"#, eight), "no \"shape\"")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2]}}"#, eight), "no \"data_offsets\"")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}"#, eight), "BF16")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, eight), "non-negative")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, eight), "non-negative")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,8]}}"#, eight), "non-negative")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, eight), "[begin, end]")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, eight), "end before")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, eight), "needs 12 bytes")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[9999999999,9999999999,99999999],"data_offsets":[0,8]}}"#, eight), "absurdly large")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}"#, eight), "unknown field")
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,99999999999999999999999]}}"#, eight), "[begin, end]")
    }

    @Test func rejectsBadDataLayout() {
        let sixteen = [UInt8](repeating: 0, count: 16)
        // Offsets beyond the data section: truncated file.
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, Array(sixteen[0..<12])), "truncated")
        // Two tensors share bytes.
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, sixteen), "overlap")
        // A hole between tensors.
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, sixteen), "belong to no tensor")
        // Bytes after the last tensor.
        expectRejected(rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, sixteen), "trailing garbage")
    }

    @Test func everyTruncationOfAValidFileIsRejected() throws {
        var w = SafetensorsWriter(metadata: ["k": "v"])
        try w.add("a", floats: [1, 2, 3], shape: [3])
        try w.add("b", int64s: [4], shape: [1])
        let bytes = w.encoded()
        #expect(throws: Never.self) { try SafetensorsFile(bytes: bytes, source: "ok") }
        for cut in 0..<bytes.count {
            #expect(throws: SafetensorsError.self, "cut at \(cut)") {
                try SafetensorsFile(bytes: Array(bytes[0..<cut]), source: "cut")
            }
        }
        // Flipping any single header byte must never trap (it may or may not stay valid).
        for i in 8..<bytes.count {
            var damaged = bytes
            damaged[i] ^= 0x5A
            _ = try? SafetensorsFile(bytes: damaged, source: "flip")
        }
    }
}
