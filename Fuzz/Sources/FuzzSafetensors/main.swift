import CFuzzer
import Foundation

// libFuzzer's command line (corpus folders, -max_total_time, -rss_limit_mb, ...) goes to its driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzSafetensors(data ?? UnsafePointer(bitPattern: 1)!, size) })
