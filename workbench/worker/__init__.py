"""Runs engine calls off the UI: a killable worker process behind a QObject client."""
