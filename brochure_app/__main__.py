import sys

from brochure_app.cli import main

sys.exit(main())
