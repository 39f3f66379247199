"""The study session: open labs, expressions, settings; versioned JSON (Qt-free)."""

from workbench.session.autosave import Autosave
from workbench.session.errors import SessionError
from workbench.session.fields import Field
from workbench.session.model import LabState, Session, lab_kinds, register_lab, session_from_data
from workbench.session.storage import SUFFIX, backup_path, load_session, save_session

__all__ = ["Autosave", "Field", "LabState", "SUFFIX", "Session", "SessionError", "backup_path",
           "lab_kinds", "load_session", "register_lab", "save_session", "session_from_data"]
