# Hand-written stubs for the parts of gcp-storage-emulator that the tests use (it ships no types).
