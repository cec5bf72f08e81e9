"""`python -m pipeline` does what the `kommunkollen` command does."""
import sys

from kommunkollen.cli import main

sys.exit(main())
