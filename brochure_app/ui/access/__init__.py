"""Reading the app without a mouse or with low vision: high contrast, the focus ring, moving between the panels by
key, and the list of keyboard shortcuts."""
