"""`python -m kgrag.cli ...` runs the same entry point as the `kgrag` script."""

import sys

from kgrag.cli import main

sys.exit(main())
