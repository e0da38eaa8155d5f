import Foundation
import Testing

/// Kills for real (issue 12, item 5), the short form of `Benchmarks/kills.sh`: SIGKILL `lenetc run
/// --save` at 5 random moments (start-up, batches, evaluation, the checkpoint write), resuming after
/// each; every checkpoint left must be complete, and every run must end with the tensors of an
/// uninterrupted run, bit for bit. `Benchmarks/kills.sh 30 ...` is the long form.
@Suite struct KillTests {
    @Test func killedRunsLeaveCompleteCheckpointsAndResumeToTheSameWeights() throws {
        let dir = try RunCLITests.dataFolder(train: 300, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = packageRoot.appendingPathComponent("Benchmarks/kills.sh").path
        let result = try runLenetc(["run", "lenet", "--data", dir.path, "--epochs", "4", "--batch", "50", "--threads", "1"],
                                   environment: ["SEED": "12"], launcher: ["/bin/bash", script, "5"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("kill ") }.count == 5, "\(result.stdout)")
        #expect(lines.last?.hasPrefix("5 kills, ") == true, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("round ") && $0.hasSuffix("the same tensors as the uninterrupted run") })
    }
}
