/// A fixed-size, 64-byte-aligned float buffer owned by the engine. Hot loops work on its raw
/// pointer (no copy-on-write, bounds checks or retain/release); it is allocated once and reused.
public final class FloatBuffer: @unchecked Sendable {
    /// The first element; valid for `count` floats while the buffer lives. Keep the buffer itself
    /// referenced while using the pointer (`withExtendedLifetime`): Swift may release an object
    /// right after its last use, even if a pointer taken from it is still in use.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of floats.
    public let count: Int

    /// A zero-filled buffer of `count` floats (at least one is allocated so the pointer is valid).
    public init(count: Int) {
        self.count = max(0, count)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, self.count) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(1, self.count))
        pointer.initialize(repeating: 0, count: max(1, self.count))
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// The whole buffer as a mutable buffer pointer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    /// A copy of the contents.
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Sets every element to zero.
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// Copies `values` in; they must have `count` elements.
    public func assign(_ values: [Float]) throws {
        guard values.count == count else {
            throw EngineError.invalidArgument("expected \(count) values, got \(values.count)")
        }
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: count) }
        }
    }
}

/// A fixed-size buffer of 32-bit indices (max-pooling argmax positions).
final class IndexBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = max(0, count)
        pointer = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, self.count))
        pointer.initialize(repeating: 0, count: max(1, self.count))
    }

    deinit { pointer.deallocate() }
}
