/// Fully connected layer (PyTorch's `nn.Linear`): y = f(x · Wᵀ + b) with x (N, in), W (out, in),
/// b (out), y (N, out), all row-major.
public enum Dense {
    /// Forward pass of `count` rows.
    public static func forward(input x: UnsafePointer<Float>, count: Int, inFeatures: Int, outFeatures: Int,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, activation: Activation,
                               output y: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        Gemm.multiply(transposeA: false, transposeB: true, m: count, n: outFeatures, k: inFeatures, a: x,
                      lda: inFeatures, b: weight, ldb: inFeatures, beta: 0, c: y, ldc: outFeatures)
        for n in 0..<count {
            let row = y + n * outFeatures
            addBias(row, bias, count: outFeatures)
            if activation != .identity { activation.forward(row, row, count: outFeatures) }
        }
    }

    /// Backward pass of `count` rows. `outputGrad` (dL/dy) is overwritten with dL/d(pre-activation);
    /// weightGrad (out, in) and biasGrad (out) are overwritten with sums over the rows; inputGrad,
    /// when given, is overwritten with dL/dx.
    public static func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                                outputGrad dy: UnsafeMutablePointer<Float>, count: Int, inFeatures: Int,
                                outFeatures: Int, weight: UnsafePointer<Float>, activation: Activation,
                                weightGrad: UnsafeMutablePointer<Float>, biasGrad: UnsafeMutablePointer<Float>,
                                inputGrad: UnsafeMutablePointer<Float>?) {
        if activation != .identity {
            activation.backward(output: y, outputGrad: dy, inputGrad: dy, count: count * outFeatures)
        }
        // Column sums of dy in row order, eight columns at a time.
        biasGrad.update(repeating: 0, count: outFeatures)
        for n in 0..<count { addBias(biasGrad, dy + n * outFeatures, count: outFeatures) }
        Gemm.multiply(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: count, a: dy,
                      lda: outFeatures, b: x, ldb: inFeatures, beta: 0, c: weightGrad, ldc: inFeatures)
        if let inputGrad, count > 0 {
            Gemm.multiply(transposeA: false, transposeB: false, m: count, n: inFeatures, k: outFeatures, a: dy,
                          lda: outFeatures, b: weight, ldb: inFeatures, beta: 0, c: inputGrad, ldc: inFeatures)
        }
    }

    /// row[j] += bias[j].
    @inline(__always)
    static func addBias(_ row: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, count: Int) {
        var j = 0
        while j + 8 <= count { store8(load8(row + j) + load8(bias + j), row + j); j += 8 }
        while j < count { row[j] += bias[j]; j += 1 }
    }
}
