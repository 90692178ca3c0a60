"""A content pack: one zip file holding an edition's `content/`, `regions/` and `EDITION`, with MANIFEST.json (the
edition and every file's SHA-256) and SIGNATURE.json (the publisher's Ed25519 signature of the manifest's exact
bytes, and the public key that made it).

A pack comes from outside (a shared folder, an intranet page), so reading one trusts nothing in it until the
signature is checked, and bounds everything before that: the file's size, the number of members, each member's
size and compression ratio, and each member's name (plain relative paths of letters, digits, `.`, `_` and `-`, under
`content/` or `regions/`: no `..`, no absolute or drive names, no backslashes, no hidden files, no links, no two
names that differ only in case). Members are written only into a fresh folder the installer made, each with
O_EXCL, so nothing in a pack can write elsewhere or over anything.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from brochure_app.catalogue.edition import edition_key
from brochure_app.catalogue.limits import MAX_MANIFEST_BYTES
from brochure_app.editions.keys import PublicKey, TrustedKey, fingerprint

MANIFEST = "MANIFEST.json"
SIGNATURE = "SIGNATURE.json"
EDITION = "EDITION"
FORMAT = 1
TOP_FOLDERS = ("content", "regions")

# Bounds on what a pack may make us read. The bundled content is under 0.5 MB in under 100 files; the largest
# content set the app is benchmarked with (100 times the bundled one) is some 40 MB in under 10,000 files.
MAX_PACK_BYTES = 100_000_000
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = MAX_MANIFEST_BYTES       # no content file the loader accepts is larger
MAX_TOTAL_BYTES = 200_000_000
MAX_RATIO = 100                             # text deflates ~4-10x; a member beyond 100x is a bomb
RATIO_FLOOR = 64_000                        # ... once it is big enough to matter
MAX_NAME_CHARS = 300
COMPONENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")
CHUNK = 64 * 1024


class PackError(Exception):
    """A pack refused: `reason` is one word for tests and the window (unsigned, untrusted, tampered, unsafe, older,
    check, invalid), the message says it plainly for a person."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class VerifiedPack:
    """What a pack's signed manifest says, once the signature has been checked against a trusted key."""

    edition: str
    created: str
    files: dict[str, str]           # member name → SHA-256 hex
    signer: TrustedKey
    manifest_sha256: str


def safe_name(name: str) -> bool:
    """A member name the pack may hold: a plain relative path inside content/ or regions/, or a top-level file of
    the pack's own."""
    if name in (MANIFEST, SIGNATURE, EDITION):
        return True
    if len(name) > MAX_NAME_CHARS:
        return False
    parts = name.split("/")
    return len(parts) >= 2 and parts[0] in TOP_FOLDERS and all(COMPONENT.match(p) for p in parts)


# Making a pack -------------------------------------------------------------------------------------------------

def edition_line(root: Path) -> str:
    """The first line of root/content/EDITION, which must be an edition in the YYYY.MM.N form."""
    path = Path(root) / "content" / "EDITION"
    try:
        with open(path, "rb") as fh:
            text = fh.read(201).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError("invalid", f"cannot read {path} ({getattr(exc, 'strerror', None) or exc})") from None
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if edition_key(line) is None:
        raise PackError("invalid", f"{path}: the edition '{line[:40]}' is not in the form YYYY.MM.N "
                                   "(year, month, release number in that month, e.g. 2027.01.1)")
    return line


def content_files(root: Path) -> list[str]:
    """Every file of root's content/ and regions/ as pack member names, sorted. Hidden files (an editor's swap
    files) are left out; a link or anything but a regular file is refused, as the installer would refuse it."""
    root = Path(root)
    names: list[str] = []
    for top in TOP_FOLDERS:
        base = root / top
        if not base.is_dir() or base.is_symlink():
            raise PackError("invalid", f"{base} is not a folder")
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for entry in [*dirs, *files]:
                path = Path(folder) / entry
                if path.is_symlink():
                    raise PackError("unsafe", f"{path} is a link; a pack holds plain files only")
            for file in sorted(f for f in files if not f.startswith(".")):
                path = Path(folder) / file
                name = path.relative_to(root).as_posix()
                if not stat.S_ISREG(path.lstat().st_mode):
                    raise PackError("unsafe", f"{path} is not a regular file")
                if not safe_name(name):
                    raise PackError("unsafe", f"{name}: a pack's file names are letters, digits, '.', '_' and '-'")
                names.append(name)
    if len(names) + 3 > MAX_MEMBERS:
        raise PackError("unsafe", f"{len(names)} files is more than a pack may hold ({MAX_MEMBERS:,})")
    return sorted(names)


def build(root: Path, private_key, out: Path, today: _dt.date | None = None) -> tuple[str, int]:
    """Writes the signed pack of the content under root to out (atomically: a temporary file renamed over it).
    The caller has checked the content. Returns (edition, number of content files)."""
    root = Path(root)
    edition = edition_line(root)
    names = content_files(root)
    files = {EDITION: hashlib.sha256(f"{edition}\n".encode()).hexdigest()}
    total = 0
    for name in names:
        data = (root / name).read_bytes()
        total += len(data)
        if len(data) > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise PackError("unsafe", f"{name}: the content is larger than a pack may hold")
        files[name] = hashlib.sha256(data).hexdigest()
    manifest = json.dumps({"format": FORMAT, "edition": edition, "created": (today or _dt.date.today()).isoformat(),
                           "files": files}, sort_keys=True, indent=1).encode("utf-8")
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signature = json.dumps({"format": FORMAT, "algorithm": "ed25519", "key": base64.b64encode(raw).decode("ascii"),
                            "signature": base64.b64encode(private_key.sign(manifest)).decode("ascii")},
                           sort_keys=True, indent=1).encode("utf-8")
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            _add(zf, EDITION, f"{edition}\n".encode())
            for name in names:
                _add(zf, name, (root / name).read_bytes())
            _add(zf, MANIFEST, manifest)
            _add(zf, SIGNATURE, signature)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return edition, len(names)


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One member with a fixed date and plain-file mode, so the same content makes the same member."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    zf.writestr(info, data)


# Reading a pack ------------------------------------------------------------------------------------------------

class PackReader:
    """An open pack whose member list has been checked (see the module's text). Use as a context manager."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise PackError("invalid", f"cannot read {self.path} ({exc.strerror or exc})") from None
        if not stat.S_ISREG(st.st_mode):
            raise PackError("invalid", f"{self.path} is not a file")
        if st.st_size > MAX_PACK_BYTES:
            raise PackError("unsafe", f"{self.path} is {st.st_size:,} bytes; a pack may be {MAX_PACK_BYTES:,}")
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackError("invalid", f"{self.path} is not a content pack (not a zip file: {exc})") from None
        try:
            self.members = self._check_members()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> PackReader:
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise PackError("unsafe", f"the pack has {len(infos):,} members; the most a pack may have is "
                                      f"{MAX_MEMBERS:,}")
        members: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if info.is_dir():
                if not safe_name(name.rstrip("/") + "/x") and name.rstrip("/") not in TOP_FOLDERS:
                    raise PackError("unsafe", f"the pack has a folder with an unsafe name: {name!r}")
                continue
            if not safe_name(name) or "\\" in info.orig_filename:
                raise PackError("unsafe", f"the pack has a member with an unsafe name (outside its folders, "
                                          f"absolute, '..' or odd characters): {name!r}")
            kind = stat.S_IFMT(info.external_attr >> 16)     # 0: no Unix type given (zipfile's writestr)
            if kind not in (0, stat.S_IFREG):
                raise PackError("unsafe", f"the pack's member {name} is a link or a special file")
            if info.flag_bits & 0x1:
                raise PackError("unsafe", f"the pack's member {name} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise PackError("unsafe", f"the pack's member {name} uses an unsupported compression")
            if info.file_size > MAX_MEMBER_BYTES:
                raise PackError("unsafe", f"the pack's member {name} is {info.file_size:,} bytes; the limit is "
                                          f"{MAX_MEMBER_BYTES:,}")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise PackError("unsafe", f"the pack's member {name} expands more than {MAX_RATIO} times "
                                          "(a zip bomb?)")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise PackError("unsafe", f"the pack expands to more than {MAX_TOTAL_BYTES:,} bytes")
            if name.casefold() in folded:
                raise PackError("unsafe", f"the pack holds {name} twice (or two names differing only in case)")
            folded.add(name.casefold())
            members[name] = info
        return members

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A whole member, at most limit bytes (PackError beyond), its CRC checked by zipfile."""
        info = self.members[name]
        if info.file_size > limit:
            raise PackError("unsafe", f"the pack's {name} is too large ({info.file_size:,} bytes)")
        return b"".join(self.chunks(name, limit))

    def chunks(self, name: str, limit: int):
        """A member's bytes, a chunk at a time, never more than limit in all (PackError beyond, or when damaged)."""
        size = 0
        try:
            with self.zip.open(self.members[name]) as fh:
                while chunk := fh.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise PackError("unsafe", f"the pack's {name} is larger than it says")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise PackError("tampered", f"the pack's {name} is damaged ({exc})") from None

    def verify(self, trusted: dict[str, TrustedKey]) -> VerifiedPack:
        """Checks the signature against the trusted keys and reads the signed manifest, which must list exactly the
        pack's files. Raises PackError: unsigned, untrusted, tampered or invalid."""
        if SIGNATURE not in self.members:
            raise PackError("unsigned", "the pack is not signed (it has no SIGNATURE.json); only signed packs "
                                        "from a trusted publisher can be installed")
        if MANIFEST not in self.members:
            raise PackError("invalid", "the pack has no MANIFEST.json")
        try:
            sig = json.loads(self.read(SIGNATURE, 4096).decode("utf-8"))
            raw = base64.b64decode(sig["key"], validate=True)
            signature = base64.b64decode(sig["signature"], validate=True)
            if sig.get("algorithm") != "ed25519" or len(raw) != 32 or len(signature) != 64:
                raise ValueError("not an Ed25519 signature")
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise PackError("unsigned", f"the pack's signature cannot be read ({exc}); it is not validly "
                                        "signed") from None
        signer = trusted.get(fingerprint(raw))
        if signer is None or signer.key.raw != raw:
            raise PackError("untrusted", f"the pack is signed by key {fingerprint(raw)}, which is not one you "
                                         "trust; if you know it is your content publisher's, add their public key "
                                         "with 'brochure-app content trust PUBFILE'")
        manifest = self.read(MANIFEST)
        from cryptography.exceptions import InvalidSignature

        try:
            PublicKey(raw, signer.key.name).verifier().verify(signature, manifest)
        except InvalidSignature:
            raise PackError("tampered", "the pack's manifest does not match its signature: it was changed after "
                                        "it was signed") from None
        return self._manifest(manifest, signer)

    def _manifest(self, manifest: bytes, signer: TrustedKey) -> VerifiedPack:
        try:
            data = json.loads(manifest.decode("utf-8"))
            edition, files = data["edition"], data["files"]
            ok = data.get("format") == FORMAT and isinstance(edition, str) and isinstance(files, dict)
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise PackError("invalid", "the pack's manifest is not one this version of the app can read")
        if edition_key(edition) is None:
            raise PackError("invalid", f"the pack's edition '{edition[:40]}' is not in the form YYYY.MM.N")
        for name, digest in files.items():
            if not safe_name(name) or name in (MANIFEST, SIGNATURE) or not re.fullmatch(r"[0-9a-f]{64}", str(digest)):
                raise PackError("invalid", f"the pack's manifest has an entry that is not a file's digest: {name!r}")
        listed, present = set(files), set(self.members) - {MANIFEST, SIGNATURE}
        if listed != present:
            extra, missing = sorted(present - listed), sorted(listed - present)
            what = f"files not in its signed manifest: {', '.join(extra[:5])}" if extra else \
                f"files missing that its manifest lists: {', '.join(missing[:5])}"
            raise PackError("tampered", f"the pack has {what}")
        if EDITION not in files or not any(n.startswith("regions/") for n in files):
            raise PackError("invalid", "the pack does not hold a whole edition (EDITION, content/ and regions/)")
        return VerifiedPack(edition, str(data.get("created", "")), dict(files), signer,
                            hashlib.sha256(manifest).hexdigest())

    def extract(self, verified: VerifiedPack, dest: Path, step=lambda name: None) -> None:
        """Writes every file of the verified manifest under dest (a fresh, empty folder), checking each digest as it
        is written and syncing each to disk. PackError (tampered) on the first file that does not match."""
        dest = Path(dest)
        for name in sorted(verified.files):
            target = dest.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as out:
                for chunk in self.chunks(name, MAX_MEMBER_BYTES):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != verified.files[name]:
                raise PackError("tampered", f"the pack's {name} does not match its signed digest: it was changed "
                                            "after the pack was signed")
            step("file")
        outer, inner = _first_line(dest / EDITION), _first_line(dest / "content" / "EDITION")
        if outer != verified.edition or inner != verified.edition:
            raise PackError("invalid", f"the pack's EDITION files ('{outer[:40]}', '{inner[:40]}') do not "
                                       f"match its manifest's edition {verified.edition}")


def _first_line(path: Path) -> str:
    """The first line of a small text file just written from a pack ('' when there is none or it is not text)."""
    try:
        with open(path, "rb") as fh:
            lines = fh.read(200).decode("utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[0].strip() if lines else ""
