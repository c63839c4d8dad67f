"""Workflow engines and tracing: each integration is its own module behind its own extra,
imported only when used (``import ctxcore`` imports none of them, nor dask, ray or
OpenTelemetry).

- ``ctxcore.integrations.dask`` (``ctxcore[dask]``): Dask tasks that run in the submitter's
  context.
- ``ctxcore.integrations.otel`` (``ctxcore[otel]``): the envelope's W3C trace context to and
  from OpenTelemetry.
- ``ctxcore.integrations.ray`` (``ctxcore[ray]``): Ray remote functions and actor methods that
  run in the caller's context.
"""
