"""Jobs: small frozen dataclasses the window hands to the engine client.

They are sympy-free and Qt-free so the window can build them and the worker can
unpickle them. Each lab keeps its jobs in its own module of this package; the
common ones are re-exported here.
"""

from workbench.worker.jobs.core import EngineCallJob, Job, JobError
from workbench.worker.jobs.derive import DeriveJob
from workbench.worker.jobs.integrate import IntegrateJob

__all__ = ["DeriveJob", "EngineCallJob", "IntegrateJob", "Job", "JobError"]
