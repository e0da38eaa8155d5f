// EmbedRuntime OUTPUT FILE...: writes OUTPUT, a Swift file declaring `EmbeddedRuntime.files`, the
// name and the exact text of each FILE, in the order given (the build plugin passes them by name).
// Each text is a raw string literal with one more `#` than its longest run, so any file survives.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedRuntime OUTPUT FILE...\n".utf8))
    exit(2)
}
var source = """
// EmbeddedRuntime.swift: every file of Sources/LenetRuntime/, verbatim, for emitted packages.
// Written at build time by the EmbedRuntime plugin; not in the repository.

/// The runtime files by name, in name order.
enum EmbeddedRuntime {
    static let files: [(name: String, text: String)] = [

"""
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        FileHandle.standardError.write(Data("EmbedRuntime: cannot read \(path) as UTF-8\n".utf8))
        exit(1)
    }
    var longest = 0, run = 0
    for ch in text {
        run = ch == "#" ? run + 1 : 0
        longest = max(longest, run)
    }
    let hashes = String(repeating: "#", count: longest + 1)
    source += "        (\"\(url.lastPathComponent)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedRuntime: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
