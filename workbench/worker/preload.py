"""Imported once by the worker forkserver: the engine, imported and warmed up.

Every worker forked from the server starts with sympy, the engine modules and their
caches already in memory, shared with its siblings until written to. Importing this
module anywhere else costs the same as a worker's own warm-up, so nothing else does.
"""

from __future__ import annotations

import gc

from workbench.worker.process import warm_up
from workbench.worker.registry import load_handlers

HANDLERS = load_handlers(())
TIMINGS = warm_up()
# Everything imported and warmed is kept for the server's life: out of the collector's
# way (no pass walks it, in the server or a worker) and, because a pass no longer writes
# to these objects' headers, their pages stay shared with every forked worker.
gc.freeze()
