"""The pipeline has no tables of its own: it reads deals."""
