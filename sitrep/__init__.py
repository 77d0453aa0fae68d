"""sitrep: news articles about wars and alliances in, grounded JSONL records out."""

__version__ = "0.1.0"
