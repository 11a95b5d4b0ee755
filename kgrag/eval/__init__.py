"""Evaluation harnesses: benchmark loaders, metrics and reports."""
