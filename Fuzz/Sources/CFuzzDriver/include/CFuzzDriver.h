// libFuzzer's driver, for the fuzz targets' own `main` (SwiftPM points an executable's `main`
// at the module's top-level code). Only built with IMAGE2ENV_FUZZ=1 (see Package.swift).
#ifndef IMAGE2ENV_CFUZZDRIVER_H
#define IMAGE2ENV_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

typedef int (*image2env_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer (LLVMFuzzerRunDriver) with the command line and one input callback.
int image2env_fuzz_run(int argc, char **argv, image2env_fuzz_callback callback);

#endif
