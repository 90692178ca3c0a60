"""Entry point of the frozen app (PyInstaller): the same program as `brochure-app` and `python -m brochure_app`."""

import sys

from brochure_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
