"""Publishers' keys: Ed25519 key pairs (made and used through the `cryptography` library), the public-key file
format, and which keys this person trusts.

A private key is a PKCS#8 PEM file, readable by its owner only. A public key is one line of text:
`brochure-app-ed25519 BASE64 NAME`, the 32 raw bytes of the key in base64 and the publisher's name, so a person can
read who a key belongs to before trusting it. A key is known by its fingerprint: the first 16 hex digits of the
SHA-256 of its raw bytes.

Trusted keys are the ones shipped in resources/keys/ (the Probation Service's publisher key: always trusted) and
those the person added with `content trust`, kept as files in the user data folder.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from brochure_app.catalogue.paths import resources_dir

PUBLIC_TAG = "brochure-app-ed25519"
MAX_KEY_FILE_BYTES = 4096
NAME_PATTERN = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")


class KeyFileError(Exception):
    """A key file that cannot be used, said plainly (the command exits 1 with this message)."""


@dataclass(frozen=True)
class PublicKey:
    """A publisher's public key: its raw 32 bytes and the name written beside it."""

    raw: bytes
    name: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def line(self) -> str:
        return f"{PUBLIC_TAG} {base64.b64encode(self.raw).decode('ascii')} {self.name}\n"

    def verifier(self):
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        return Ed25519PublicKey.from_public_bytes(self.raw)


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def generate(out: Path, name: str) -> PublicKey:
    """A new key pair: the private key written to `out` (mode 0600, never over an existing file) and the public key
    to `out`.pub. Returns the public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not NAME_PATTERN.match(name):
        raise KeyFileError("the key's name must be 1 to 80 printable characters")
    out = Path(out)
    pub_path = public_path(out)
    for path in (out, pub_path):
        if os.path.lexists(path):
            raise KeyFileError(f"{path} already exists; choose another name (a key is never overwritten)")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(out, 0o600)       # whatever the umask says
    public = PublicKey(raw, name)
    pub_path.write_text(public.line(), encoding="utf-8")
    return public


def public_path(private: Path) -> Path:
    return Path(f"{private}.pub")


def load_private(path: Path):
    """The private key in a PEM file made by `content keygen`; KeyFileError when it is not one."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = _read_small(Path(path))
        key = serialization.load_pem_private_key(data, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise KeyFileError(f"{path} is not a private key made by 'content keygen' ({_reason(exc)})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} is not an Ed25519 key")
    return key


def parse_public(text: str, where: str = "the key") -> PublicKey:
    """A public-key line; KeyFileError when it is not one."""
    parts = text.strip().split(" ", 2)
    if len(parts) < 2 or parts[0] != PUBLIC_TAG:
        raise KeyFileError(f"{where} is not a public key made by 'content keygen' (it should start '{PUBLIC_TAG}')")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyFileError(f"{where} does not hold a 32-byte Ed25519 key")
    name = parts[2].strip() if len(parts) > 2 else ""
    if not NAME_PATTERN.match(name):
        name = f"key {fingerprint(raw)}"
    return PublicKey(raw, name)


def load_public(path: Path) -> PublicKey:
    try:
        data = _read_small(Path(path))
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read {path} ({_reason(exc)})") from None
    return parse_public(text, str(path))


def public_of(private) -> PublicKey:
    from cryptography.hazmat.primitives import serialization

    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublicKey(raw, f"key {fingerprint(raw)}")


# Trusted keys --------------------------------------------------------------------------------------------------

def bundled_keys_dir() -> Path:
    return resources_dir() / "keys"


def user_keys_dir() -> Path:
    from brochure_app.userdata.atomic import data_dir

    return data_dir() / "trusted-keys"


@dataclass(frozen=True)
class TrustedKey:
    key: PublicKey
    bundled: bool


def trusted_keys() -> dict[str, TrustedKey]:
    """Fingerprint → trusted key: the bundled publisher keys first (they win a clash), then the person's. A key
    file that cannot be read is passed over: it trusts nothing."""
    found: dict[str, TrustedKey] = {}
    for folder, bundled in ((bundled_keys_dir(), True), (user_keys_dir(), False)):
        try:
            paths = sorted(p for p in folder.iterdir() if p.suffix == ".pub")
        except OSError:
            continue
        for path in paths:
            try:
                key = load_public(path)
            except KeyFileError:
                continue
            found.setdefault(key.fingerprint, TrustedKey(key, bundled))
    return found


def trust(path: Path) -> tuple[PublicKey, bool]:
    """Adds a publisher's public key to this person's trusted keys. (key, False) when it was trusted already."""
    from brochure_app.userdata.atomic import write_bytes

    key = load_public(path)
    if key.fingerprint in trusted_keys():
        return key, False
    write_bytes(user_keys_dir() / f"{key.fingerprint}.pub", key.line().encode("utf-8"))
    return key, True


def _read_small(path: Path) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(MAX_KEY_FILE_BYTES + 1)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise ValueError("the file is too long for a key")
    return data


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
