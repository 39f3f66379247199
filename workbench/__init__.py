"""Calculus Workbench: an offline desktop workbench for the calculus behind machine learning."""

__version__ = "0.1.0"
APP_NAME = "Calculus Workbench"
