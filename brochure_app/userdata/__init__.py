"""What the person saves on this machine (shortlist, notes, presets): plain Python, written atomically."""
