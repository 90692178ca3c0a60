"""Content editions: signed content packs, installing one as the active edition (and rolling back), what changed
between two editions and how old the active one is. Qt-free: the command line uses it, and so can the window.

- keys: publishers' Ed25519 keys and the keys this person trusts;
- pack: making a pack and reading one without trusting it;
- store: installing, rolling back, listing; the active edition's signer and age;
- history: which editions to compare; changes: the comparison itself.

Which content the app reads at start is decided lower down, in brochure_app.catalogue.active, cheaply.
"""
