"""``workbench.protocol``: what the window and the worker process say to each other.

Plain expression trees and the grammar that builds them (``syntax``), derivation steps
(``steps``), computational-graph nodes (``graph_nodes``), job requests and the typed
results that answer them. Both sides import this package; it imports neither Qt nor
sympy (numpy only where a tree is evaluated), and every object in it pickles.
"""
