import LenetRuntime

/// One data file through what `lenetc run --data` reads: gzip detection and decompression (zlib), the
/// IDX header and data, and the content's MD5. A cap of 64 MiB of elements keeps a header that
/// describes a huge array within libFuzzer's memory limit while exercising the same checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if Gzip.isGzip(bytes) { _ = try? Gzip.decompress(bytes, source: "fuzz.gz", maxOutput: 1 << 26) }
    guard let (array, content) = try? IDX.decode(bytes, file: "fuzz.idx", maxElements: 1 << 26) else { return 0 }
    // fatalError, not precondition: its message survives -O, so a finding says what went wrong.
    if array.data.count != array.dimensions.reduce(1, *) {
        fatalError("IDX array of \(array.dimensions) holds \(array.data.count) bytes")
    }
    _ = MD5.hex(of: content)
    if IDX.encode(array) != content { fatalError("an IDX file read back does not encode to its content") }
    return 0
}
