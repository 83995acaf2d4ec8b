"""`python -m mlbasics`: the main job of `mlbasics.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
