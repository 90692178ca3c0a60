"""Plain data shared by every layer: no I/O, no Qt.

`domain.taxonomy` (the contract's identifiers) and `domain.models` (the dataclasses) are imported on their own, so
the command line can check its arguments without building the model classes.
"""
