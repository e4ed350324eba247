#include "CFuzzDriver.h"

// Provided by libFuzzer (linked by -sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int image2env_fuzz_run(int argc, char **argv, image2env_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
