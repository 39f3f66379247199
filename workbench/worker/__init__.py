"""Runs engine calls off the UI: a killable worker process behind a QObject client.

Pieces (import them from their modules; this package imports nothing, so that the
window can use ``workbench.protocol.jobs`` without Qt or sympy being pulled in):

- ``workbench.protocol.jobs``: sympy-free frozen dataclasses (``DeriveJob``, ``IntegrateJob``,
  ``EngineCallJob``, one module per lab) and ``JobError``.
- ``workbench.worker.handlers``: the functions that run jobs inside the worker process,
  one module per lab, registered with ``@handles(SomeJob)``; they return plain data.
- ``workbench.worker.client.EngineClient``: the window's side (signals, cancel, limits).
- ``workbench.worker.process``: the worker's main loop (memory limit, warm-up).
- ``workbench.worker.progress``: ``reporter()``, the callback a handler passes to the engine
  (``progress=``) so each stage is sent to the window as it starts (``job_progress``).

Adding a lab's job: write ``jobs/<lab>.py`` with a ``@dataclass(frozen=True)`` subclass of
``Job`` (``kind: ClassVar[str] = "<lab>"``), and ``handlers/<lab>.py`` with a function
decorated ``@handles(<TheJob>)`` that calls the engine and returns a dict of text,
floats, lists, plain trees (``workbench.engine.trees.to_tree``) and ``Step`` objects -
never sympy objects (the worker refuses to send them). For a single engine call with
plain arguments, ``EngineCallJob("gradient", (text, ["x", "y"]), {"at": [1, 2]})`` needs
no new code at all.
"""
