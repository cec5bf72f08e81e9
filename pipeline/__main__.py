"""`python -m pipeline` does what the `kommunkollen` command does."""
import sys

from pipeline.cli import main

sys.exit(main())
