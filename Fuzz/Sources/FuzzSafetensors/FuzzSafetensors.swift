import LenetRuntime

/// One file through what `lenetc eval --weights` and `--resume` read: the safetensors header and
/// tensors (every tensor's values), then the checkpoint's training state from the metadata. Errors
/// are expected; a trap, an ASan report or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafetensorsFile(bytes: bytes, source: "fuzz.safetensors") else { return 0 }
    for name in file.tensorNames {
        guard let info = try? file.info(name) else { continue }
        if info.dtype.isInteger { _ = try? file.int64s(name) } else { _ = try? file.floats(name) }
        _ = try? file.rawBytes(name)
    }
    if let checkpoint = try? Checkpoint.decode(file, path: "fuzz.safetensors") {
        // A checkpoint read back must encode again (what --save after --resume does).
        _ = try? checkpoint.encoded()
    }
    return 0
}
