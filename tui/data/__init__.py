"""Data shipped with the package: the sourced 2025 timeline."""
