# The part of dask that ctxcore uses (see typings/distributed).
