"""One module per lab kind, each declaring with ``register_lab`` the state it keeps.

Qt-free, so that sessions can be read (and reported on) without a window.
"""
