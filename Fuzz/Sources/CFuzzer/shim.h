// libFuzzer's driver, linked in by -sanitize=fuzzer. SwiftPM renames an executable's `main` (to
// `<Module>_main`, so tests can link it), which keeps libFuzzer's own `main` out of the link; each
// harness's main.swift therefore starts the driver itself.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
