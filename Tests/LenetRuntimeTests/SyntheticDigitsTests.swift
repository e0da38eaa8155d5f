import Foundation
import Testing
@testable import LenetRuntime

/// Accuracy of a nearest-class-mean classifier trained on `train`, evaluated on `test`.
func nearestClassMeanAccuracy(train: LabeledImages, test: LabeledImages) -> Double {
    let p = train.pixelsPerImage, k = train.classCount
    let trainImages = train.floatImages, testImages = test.floatImages
    var means = [Float](repeating: 0, count: k * p)
    var counts = [Float](repeating: 0, count: k)
    for i in 0..<train.count {
        let c = Int(train.labels[i])
        counts[c] += 1
        for j in 0..<p { means[c * p + j] += trainImages[i * p + j] }
    }
    for c in 0..<k where counts[c] > 0 { for j in 0..<p { means[c * p + j] /= counts[c] } }
    var correct = 0
    for i in 0..<test.count {
        var best = 0, bestD = Float.infinity
        for c in 0..<k {
            var d: Float = 0
            for j in 0..<p { let e = testImages[i * p + j] - means[c * p + j]; d += e * e }
            if d < bestD { bestD = d; best = c }
        }
        if best == Int(test.labels[i]) { correct += 1 }
    }
    return Double(correct) / Double(test.count)
}

@Suite struct SyntheticDigitsTests {
    @Test func sameSeedIdenticalDifferentSeedDifferent() throws {
        let a = try SyntheticDigits.dataset(seed: 11, trainCount: 300, testCount: 100)
        let b = try SyntheticDigits.dataset(seed: 11, trainCount: 300, testCount: 100)
        let c = try SyntheticDigits.dataset(seed: 12, trainCount: 300, testCount: 100)
        #expect(a == b)
        #expect(a.train.pixels != c.train.pixels)
        #expect(a.train.labels != c.train.labels)
        // Train and test come from different streams.
        #expect(Array(a.train.pixels[0..<(100 * 784)]) != a.test.pixels)
        #expect(a.origin.contains("synthetic") && a.origin.contains("11"))
        #expect(a.info == .synthetic)
    }

    @Test func smallerRequestIsPrefixOfLargerOne() throws {
        let root = SeededRNG(seed: 3)
        let big = try SyntheticDigits.images(count: 600, root: root)
        let small = try SyntheticDigits.images(count: 37, root: root)
        #expect(small == big.prefix(37))
        // Image i depends only on its own stream, so rendering it alone gives the same pixels.
        var rng = root.split(stream: 500)
        let digit = rng.int(below: 10)
        #expect(Int(big.labels[500]) == digit)
        // Stored as the nearest bytes of the rendered floats.
        #expect(SyntheticDigits.render(digit: digit, rng: &rng).map(LabeledImages.byte) == Array(big.pixels[(500 * 784)..<(501 * 784)]))
    }

    @Test func imagesLookLikeMNIST() throws {
        let d = try SyntheticDigits.images(count: 2000, root: SeededRNG(seed: 5))
        let images = d.floatImages
        #expect(d.height == 28 && d.width == 28 && d.count == 2000 && d.pixels.count == 2000 * 784)
        #expect(images.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Every class appears, roughly balanced.
        #expect(d.labelHistogram.allSatisfy { $0 > 140 && $0 < 260 }, "\(d.labelHistogram)")
        var minInked = Int.max, maxInked = 0
        for i in 0..<d.count {
            let img = d.image(i)
            let inked = img.filter { $0 > 0.5 }.count
            // A visible digit: between ~3% and ~45% of the pixels carry ink (MNIST: ~19%).
            #expect(inked > 20 && inked < 350, "image \(i) has \(inked) inked pixels")
            minInked = min(minInked, inked); maxInked = max(maxInked, inked)
            // The border rows stay mostly blank, as in MNIST.
            let border = (0..<28).map { img[img.startIndex + $0] }.reduce(0, +)
            #expect(border < 6, "image \(i) top row sum \(border)")
        }
        print("inked pixels per synthetic image: \(minInked)...\(maxInked)")
        let meanPixel = images.reduce(0, +) / Float(images.count)
        #expect(meanPixel > 0.06 && meanPixel < 0.3, "mean pixel \(meanPixel)")
    }

    @Test func classesAreLearnableButNotTrivial() throws {
        let d = try SyntheticDigits.dataset(seed: 2024, trainCount: 2000, testCount: 1000)
        let accuracy = nearestClassMeanAccuracy(train: d.train, test: d.test)
        print("nearest-class-mean accuracy on synthetic digits: \(accuracy)")
        #expect(accuracy > 0.70, "classes must differ clearly")
        #expect(accuracy < 0.97, "a template classifier must not solve the set")
    }

    @Test func renderIsDeterministicAndReducesDigit() {
        var r1 = SeededRNG(seed: 9), r2 = SeededRNG(seed: 9)
        #expect(SyntheticDigits.render(digit: 13, rng: &r1) == SyntheticDigits.render(digit: 3, rng: &r2))
        var r3 = SeededRNG(seed: 9), r4 = SeededRNG(seed: 9)
        #expect(SyntheticDigits.render(digit: -1, rng: &r3) == SyntheticDigits.render(digit: 9, rng: &r4))
        var r5 = SeededRNG(seed: 9), r6 = SeededRNG(seed: 9)
        #expect(SyntheticDigits.render(digit: 1, rng: &r5) != SyntheticDigits.render(digit: 7, rng: &r6))
    }

    @Test func countsAreValidated() throws {
        #expect(throws: DatasetError.self) { try SyntheticDigits.dataset(seed: 0, trainCount: -1, testCount: 10) }
        #expect(throws: DatasetError.self) { try SyntheticDigits.images(count: SyntheticDigits.maxCount + 1, root: SeededRNG(seed: 0)) }
        let empty = try SyntheticDigits.dataset(seed: 0, trainCount: 0, testCount: 1)
        #expect(empty.train.count == 0 && empty.test.count == 1)
    }

    @Test func labelsArePinnedForSeedZero() throws {
        // Synthetic runs are compared across machines and versions, so the label sequence
        // must not change silently. The literal below comes from the independent Python
        // model of SplitMix64/xoshiro256**/split(stream:)/Lemire used for the RNG pins.
        let d = try SyntheticDigits.dataset(seed: 0, trainCount: 16, testCount: 0)
        var expected: [Int32] = []
        let trainRoot = SeededRNG(seed: 0).split(stream: 1)
        for i in 0..<16 {
            var r = trainRoot.split(stream: UInt64(i))
            expected.append(Int32(r.int(below: 10)))
        }
        #expect(d.train.labels == expected)
        #expect(d.train.labels == [3, 9, 8, 4, 6, 4, 5, 1, 5, 0, 1, 1, 1, 4, 6, 2])
    }
}
