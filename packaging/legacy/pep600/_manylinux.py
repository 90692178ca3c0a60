"""PEP 600's hook, read by pip (packaging.tags) when it chooses among manylinux wheels: in the legacy build only
wheels for glibc 2.28 or older are compatible, whatever glibc the build machine has (packaging/legacy/make-venv.sh
puts this folder on the path of the pip that fills the wheelhouse, and this file into the legacy venv)."""

GLIBC_TARGET = (2, 28)


def manylinux_compatible(major: int, minor: int, arch: str) -> bool:
    return arch == "x86_64" and (major, minor) <= GLIBC_TARGET
