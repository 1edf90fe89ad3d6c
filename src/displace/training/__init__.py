"""Training and measuring the coach's learned layer on the labelled corpus (make train/eval).

Development tools: they need scikit-learn (a development dependency) to fit, numpy and the
encoder to run. The shipped weights they write are loaded by displace.core.semantic alone.
"""
