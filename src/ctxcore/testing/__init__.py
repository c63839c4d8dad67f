"""Testing kit for SDKs that embed ctxcore: strategies, in-memory fakes, a pytest plugin."""
