// A micro-benchmark of one emitted network's trainStep (compiled by Benchmarks/trainstep.sh together
// with the emitted Network.swift against the runtime module; NETWORK is the emitted class).
//
// Usage: trainstep THREADS STEPS [BATCH]
// Prints examples per second of wall time, per CPU-second (process CPU time, which stays meaningful when
// other work shares the machine), and from the fastest of the steps (the least disturbed by other work).
import Foundation
import LenetRuntime

let arguments = CommandLine.arguments
let threads = arguments.count > 1 ? Int(arguments[1]) ?? 2 : 2
let steps = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
let batch = arguments.count > 3 ? Int(arguments[3]) ?? 256 : 256
let network = NETWORK(maxBatch: batch, threads: threads)
var rng = SeededRNG(seed: 1)
for slot in network.parameterLayout where !slot.isBias {
    let bound = Float((6.0 / Double(slot.fanIn + slot.fanOut)).squareRoot())
    for i in 0..<slot.count { network.parameters[slot.offset + i] = rng.uniform(-bound, bound) }
}
let images = (0..<batch * network.inputSize).map { _ in rng.nextFloat() }
let labels = (0..<batch).map { _ in Int32(rng.int(below: NETWORK.classes)) }

func processSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

for _ in 0..<3 { _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: 0) }
let wall0 = monotonicSeconds(), cpu0 = processSeconds()
var fastest = Double.infinity
for step in 0..<steps {
    let start = monotonicSeconds()
    _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step))
    fastest = min(fastest, monotonicSeconds() - start)
}
let wall = monotonicSeconds() - wall0, cpu = processSeconds() - cpu0
let examples = Double(steps * batch)
print(String(format: "%@ batch %d, %d thread%@: %.0f examples/s wall, %.0f per CPU-second, %.0f in the fastest step (%.2f ms)",
             "\(NETWORK.self)", batch, threads, threads == 1 ? "" : "s", examples / wall, examples / cpu,
             Double(batch) / fastest, fastest * 1000))
