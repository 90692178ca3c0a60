"""PyInstaller runtime hook: BROCHURE_APP_DEBUG=1 makes a frozen app say what it is doing.

Python tracebacks on stderr (the app's own switch), Qt's plugin loading report (why a platform plugin does not load)
and a stack dump of every thread on a crash.
"""

import os

if os.environ.get("BROCHURE_APP_DEBUG"):
    import faulthandler

    faulthandler.enable()
    os.environ.setdefault("QT_DEBUG_PLUGINS", "1")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=true")
