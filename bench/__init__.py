"""Benchmarks: outside the test run; each prints ratios measured in one run."""
