"""``python -m workbench``: start Calculus Workbench."""

import sys

from workbench.app import main

if __name__ == "__main__":
    sys.exit(main())
