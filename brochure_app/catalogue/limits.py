"""Constants shared by the loader and the cache (kept apart so a warm start imports no parser)."""

# A content file is at most this big (the largest bundled one is 11 kB): it bounds the time YAML takes too.
MAX_FILE_BYTES = 256_000
# A region manifest lists every item of the region: it may grow with the content (the 100x benchmark set's are
# about 0.5 MB), so it has its own, larger bounds. libyaml parses that in well under a second.
MAX_MANIFEST_BYTES = 4_000_000
MAX_MANIFEST_VALUES = 400_000
SCHEMA_VERSION = 1

# Markdown that Python-Markdown renders in well under a second, whatever is in it (it is superlinear in the length
# of a block of lines with no blank line between them, and in the characters of one block). The largest page of the
# bundled content is about a fifth of MAX_MARKDOWN_CHARS; its longest block has 29 lines and 2,400 characters.
MAX_MARKDOWN_CHARS = 50_000
MAX_BLOCK_LINES = 100
MAX_BLOCK_CHARS = 5_000


def markdown_limit(text: str) -> tuple[int, str] | None:
    """(line in text, message) when Markdown text is beyond the limits above, else None. Linear in the text."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return 1, f"is {len(text):,} characters long; the limit is {MAX_MARKDOWN_CHARS:,}"
    lines = chars = start = 0
    for number, row in enumerate(text.split("\n"), 1):
        if not row.strip():
            lines = chars = 0
            continue
        if not lines:
            start = number
        lines += 1
        chars += len(row) + 1
        if lines > MAX_BLOCK_LINES or chars > MAX_BLOCK_CHARS:
            return start, (f"has a block of more than {MAX_BLOCK_LINES} lines or {MAX_BLOCK_CHARS:,} characters "
                           "without a blank line; split it with blank lines")
    return None

# The longest a page's Markdown may take to convert before it is shown as plain text instead (render.html): the
# window waits for it, so this is the longest a page can hold the window. The slowest shipped page converts in about
# 20 ms; `brochure-app check` reports a page over half of it, which a computer twice as slow would show as plain text.
RENDER_BUDGET_SECONDS = 0.5
