"""The benchmark suite of ``BENCHMARKS.md``: ``make bench`` prints one JSON object."""
