"""``python -m workbench.selftest``: the self-test without going through the app's main()."""

import sys

from workbench.selftest.runner import run_self_test

sys.exit(run_self_test())
