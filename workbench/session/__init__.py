"""The study session: open labs, expressions, settings; versioned JSON (Qt-free)."""
