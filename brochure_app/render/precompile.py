"""`python -m brochure_app.render.precompile` (`make templates`): writes the page templates' compiled form."""

from __future__ import annotations

from brochure_app.catalogue.paths import resources_dir
from brochure_app.render.compiled import write
from brochure_app.render.html import source_environment

if __name__ == "__main__":
    print(write(source_environment(), resources_dir() / "templates"))
