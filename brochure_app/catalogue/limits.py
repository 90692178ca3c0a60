"""Constants shared by the loader and the cache (kept apart so a warm start imports no parser)."""

MAX_FILE_BYTES = 1_000_000
SCHEMA_VERSION = 1
