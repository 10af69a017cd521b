"""Benchmarks for the timeline explorer: a synthetic data generator and a one-command runner.

* :mod:`bench.generate` writes seeded, realistic event files of any size.
* :mod:`bench.run` generates (or reuses) data and measures load, CLI and interface times,
  each next to a baseline measured in the same run.
"""
