"""Evals: fixture cases, validation, the runner, scoring, the regression gate and the report."""
