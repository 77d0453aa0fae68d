"""Prefect flows and thin task wrappers over the sitrep engine."""
