# PyInstaller hook for pagefind-bin: the package is one program beside its __init__.py, which
# pagefind_bin.get_executable() looks for in the package's own folder. Collected there (_internal/pagefind_bin/),
# the bundled app finds it the same way and the exported site gets Pagefind's index, not only the basic one.
# The program is statically linked (no libraries, no glibc symbol versions to satisfy).
# ruff: noqa
import pagefind_bin

binaries = [(str(pagefind_bin.get_executable()), "pagefind_bin")]
