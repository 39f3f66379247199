"""Jobs: small frozen dataclasses the window hands to the engine client.

They are sympy-free and Qt-free so the window can build them and the worker can
unpickle them. Each lab keeps its jobs in its own module of this package; the
common ones are re-exported here.
"""

from workbench.protocol.jobs.core import EngineCallJob, Job, JobError
from workbench.protocol.jobs.derivatives import LabDeriveJob
from workbench.protocol.jobs.derive import DeriveJob
from workbench.protocol.jobs.gradient import DescentJob, GradientFieldJob, LimitsJob
from workbench.protocol.jobs.integrals import AreaJob, DoubleJob, SwapJob
from workbench.protocol.jobs.integrate import IntegrateJob
from workbench.protocol.jobs.mlabs import SeriesJob
from workbench.protocol.jobs.practice import PracticeCheckJob

__all__ = ["AreaJob", "DeriveJob", "DescentJob", "DoubleJob", "EngineCallJob",
           "GradientFieldJob", "IntegrateJob", "Job", "JobError", "LabDeriveJob", "LimitsJob",
           "PracticeCheckJob", "SeriesJob", "SwapJob"]
