"""Pure metric functions: each takes a graph (and options) and returns values, never mutating it.

networkx is the data model and the reference convention; igraph computes the path-based
measures (same numbers, 30-100x faster) and scipy sparse algebra the structural holes and
Gould-Fernandez brokerage. See METRICS.md for every definition.
"""
