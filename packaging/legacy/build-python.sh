#!/bin/bash
# Builds CPython 3.11 for the legacy Linux bundle (make package-legacy): an interpreter whose binaries ask for no
# glibc newer than 2.28 (RHEL 8, Debian 10), built on any newer x86_64 Linux.
#
#   packaging/legacy/build-python.sh [OUT]        (OUT: build-legacy/ in the repository unless given)
#
# Compiler: Zig's `zig cc` (the `ziglang` package from PyPI, installed into OUT/tools), which links against stub
# libraries of the glibc version it is told (-target x86_64-linux-gnu.2.28) and uses its own C headers, never the
# build machine's /usr/include or /usr/lib: configure finds only what 2.28 has, and nothing of the host's leaks in.
# Sources: Debian 12's source packages from deb.debian.org, checked against the SHA-256 sums below:
#   - CPython 3.11.2 (Debian's upstream tarball) with the upstream fixes Debian carries for it (the CVE and
#     backport patches at the end of its patch series; Debian's own layout patches before them are not applied);
#   - zlib, bzip2, xz (liblzma) and libffi, built as static, position-independent libraries and linked into the
#     modules that use them (zlib, _bz2, _lzma, _ctypes), so the bundle carries no separate copies of them.
# Left out: OpenSSL (the app is offline; the spec excludes ssl/_hashlib, and the legacy venv installs from a
# wheelhouse filled by the build machine's pip: packaging/legacy/make-venv.sh), SQLite, Tk, readline, curses, gdbm.
#
# Result: OUT/python/bin/python3.11 (with OUT/python/lib/libpython3.11.so, which PyInstaller bundles). A second run
# with the same script and sources does nothing. Takes about 7 minutes on two cores (CPython and Kerberos most of it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/build-legacy}" && cd "${1:-$ROOT/build-legacy}" && pwd)
GLIBC=2.28
TARGET=x86_64-linux-gnu.$GLIBC
ZIGLANG=0.17.1
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
JOBS=${JOBS:-$(nproc)}
HOST_PYTHON=${HOST_PYTHON:-python3}

# file in $MIRROR/pool/main/..., sha256 (Debian 12 "bookworm"; the upstream tarballs stay for bookworm's life,
# Debian's patch archive changes with each point release: update its name and sum from `apt-cache showsrc python3.11`).
SOURCES="
p/python3.11/python3.11_3.11.2.orig.tar.gz 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
p/python3.11/python3.11_3.11.2-6+deb12u8.debian.tar.xz ece2d63c70ac0b7a401fbe6b51b0103be997c294a01a3865549be1862794ba97
z/zlib/zlib_1.2.13.dfsg.orig.tar.bz2 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1
b/bzip2/bzip2_1.0.8.orig.tar.gz ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269
x/xz-utils/xz-utils_5.4.1.orig.tar.xz 5d9827aa1875b21c288f78864bb26d2650b436ea8d2cad364e4921eb6266a5a5
libf/libffi/libffi_3.4.4.orig.tar.gz d66c56ad259a82cf2a9dfc408b32bf5da52371500b84745f7fb8b645712df676
k/krb5/krb5_1.20.1.orig.tar.gz 704aed49b19eb5a7178b34b2873620ec299db08752d6a8574f95d41879ab8851
"
# The first patch of Debian's series that is an upstream fix; from it on, every patch is one.
FIRST_UPSTREAM_PATCH=shutdown-deadlock.diff

STAMP="$OUT/python/.built-$( (cat "$0"; echo "$SOURCES") | cksum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ -e "$OUT/python/lib/krb5/libgssapi_krb5.so.2" ] \
        && "$OUT/python/bin/python3.11" -c "import zlib, bz2, lzma, ctypes" 2>/dev/null; then
    echo "legacy Python: up to date in $OUT/python"
    exit 0
fi
started=$(date +%s)
say() { echo "== $(( $(date +%s) - started ))s: $*"; }

# --- the compiler: zig cc from PyPI, behind wrappers that pin the target -----------------------------------------
if ! "$OUT/tools/bin/python" -c "import ziglang" 2>/dev/null; then
    say "installing ziglang $ZIGLANG from PyPI into $OUT/tools"
    "$HOST_PYTHON" -m venv "$OUT/tools"
    "$OUT/tools/bin/python" -m pip install --quiet --disable-pip-version-check "ziglang==$ZIGLANG"
fi
ZIG=$("$OUT/tools/bin/python" -c "import ziglang, pathlib; print(pathlib.Path(ziglang.__file__).parent / 'zig')")
export ZIG_GLOBAL_CACHE_DIR="$OUT/zig-cache" ZIG_LOCAL_CACHE_DIR="$OUT/zig-cache"
BIN="$OUT/toolchain/bin"
mkdir -p "$BIN"
# -fno-sanitize=undefined: zig cc turns on UBSan (trapping) in unoptimised compiles, which configure's tests are.
# -Wno-error=date-time: zig cc makes __DATE__ an error; CPython's build information (sys.version) uses it.
# -Wl,-hNAME and -Wl,-h,NAME (how CPython's and krb5's makefiles name a library) are -Wl,-soname,NAME for zig's
# linker, which has no -h; it wants -Wl,--version-script's file in the same argument (krb5 gives it apart); and it
# takes a file named .so for a shared library, where krb5 names its position-independent objects so.
cat > "$BIN/cc" <<EOF
#!/bin/sh
script=
for arg; do
    shift
    if [ -n "\$script" ]; then set -- "\$@" "-Wl,--version-script,\$arg"; script=; continue; fi
    case "\$arg" in
        -Wl,-h,*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h,}" ;;
        -Wl,-h*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h}" ;;
        -Wl,--version-script) script=yes ;;
        *.so) if [ -f "\$arg" ] && [ "\$(od -An -tu1 -j16 -N1 "\$arg" | tr -d ' ')" = 1 ]; then
                  ln -sf "\${arg##*/}" "\$arg.o"; set -- "\$@" "\$arg.o"    # an object file named .so (krb5)
              else set -- "\$@" "\$arg"; fi ;;
        *) set -- "\$@" "\$arg" ;;
    esac
done
exec "$ZIG" cc -target $TARGET -fno-sanitize=undefined -Wno-error=date-time "\$@"
EOF
for tool in ar ranlib; do printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ZIG" "$tool" > "$BIN/$tool"; done
# CPython's setup.py adds /usr/include/<multiarch> (the host's glibc headers) when dpkg-architecture answers.
printf '#!/bin/sh\nexit 1\n' > "$BIN/dpkg-architecture"
chmod +x "$BIN"/*
export PATH="$BIN:$PATH" CC="$BIN/cc" AR="$BIN/ar" RANLIB="$BIN/ranlib"
unset CFLAGS CPPFLAGS LDFLAGS CXXFLAGS LIBS PYTHONPATH PYTHONHOME

# --- sources ---------------------------------------------------------------------------------------------------------
mkdir -p "$OUT/downloads"
echo "$SOURCES" | while read -r path sum; do
    [ -n "$path" ] || continue
    file="$OUT/downloads/$(basename "$path")"
    if ! echo "$sum  $file" | sha256sum --check --status 2>/dev/null; then
        say "downloading $(basename "$path")"
        curl --fail --silent --show-error --location --retry 3 -o "$file.part" "$MIRROR/pool/main/${path//+/%2B}"
        mv "$file.part" "$file"
        echo "$sum  $file" | sha256sum --check --quiet
    fi
done
src() { ls "$OUT/downloads/"$1; }

DEPS="$OUT/deps"
SRC="$OUT/src"
rm -rf "$SRC" "$DEPS" "$OUT/python"
mkdir -p "$SRC" "$DEPS/include" "$DEPS/lib"
unpack() { tar -C "$SRC" -xf "$(src "$1")"; }
DEPFLAGS="-O2 -fPIC"

LOGS="$OUT/logs"
mkdir -p "$LOGS"
# build NAME COMMANDS: runs COMMANDS in the unpacked NAME-* folder, its output in OUT/logs/NAME.log
build() {
    local name=$1; shift
    say "$name"
    (cd "$SRC/$name"-* && sh -ec "$*") > "$LOGS/$name.log" 2>&1 || { tail -40 "$LOGS/$name.log"; exit 1; }
}
unpack 'zlib_*.orig.tar.*'
unpack 'bzip2_*.orig.tar.*'
unpack 'xz-utils_*.orig.tar.*'
unpack 'libffi_*.orig.tar.*'
export DEPS DEPFLAGS JOBS
build zlib 'CFLAGS="$DEPFLAGS" ./configure --static --prefix="$DEPS"; make -j"$JOBS"; make install'
build bzip2 'make -j"$JOBS" libbz2.a CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$DEPFLAGS -D_FILE_OFFSET_BITS=64"
             cp libbz2.a "$DEPS/lib/"; cp bzlib.h "$DEPS/include/"'
build xz 'CFLAGS="$DEPFLAGS" ./configure --prefix="$DEPS" --disable-shared --enable-static --with-pic --disable-xz \
          --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts --disable-doc \
          --disable-nls
          make -j"$JOBS"; make install'
# --disable-exec-static-tramp: 3.4.4's static trampolines do not compile with clang 16 or newer (src/tramp.c calls
# open_temp_exec_file undeclared); closures then use libffi's older allocator, as ctypes did before 3.4.
build libffi 'CFLAGS="$DEPFLAGS" ./configure --prefix="$DEPS" --libdir="$DEPS/lib" --disable-shared --enable-static \
              --with-pic --disable-docs --disable-multi-os-directory --disable-exec-static-tramp
              make -j"$JOBS"; make install'

# MIT Kerberos: Qt's network library (kept for the single window's local socket) links libgssapi_krb5.so.2, which
# Qt for Python's wheels expect from the system and PyInstaller then copies from the build machine, where Debian 12's
# asks for glibc 2.34. Built here, its libraries ask for 2.27 at most; only the client libraries are built, with
# Kerberos' own com_err and no DNS lookups, keyutils or plug-ins, configured for the system's /etc/krb5.conf.
unpack 'krb5_*.orig.tar.*'
build krb5 'cd src
            ./configure --prefix=/usr --sysconfdir=/etc --localstatedir=/var --enable-shared --disable-static \
                --disable-rpath --disable-nls --without-keyutils --without-system-verto --without-ldap --disable-pkinit \
                --with-crypto-impl=builtin --with-tls-impl=no --without-libedit --without-readline --without-lmdb \
                --without-system-et --without-system-ss --without-netlib
            for dir in util include lib/crypto lib/krb5 lib/gssapi; do
                make -j"$JOBS" -C "$dir" WARN_CFLAGS="-Wall -Wno-error"
            done
            mkdir -p "$DEPS/krb5"
            for lib in libgssapi_krb5.so.2 libkrb5.so.3 libk5crypto.so.3 libkrb5support.so.0 libcom_err.so.3; do
                cp -L "lib/$lib" "$DEPS/krb5/"
            done'
# Beside the interpreter, where `make package-legacy` points PyInstaller (LD_LIBRARY_PATH) for Qt's libgssapi_krb5.
mkdir -p "$OUT/python/lib/krb5"
cp "$DEPS/krb5"/* "$OUT/python/lib/krb5/"

say "CPython: Debian's upstream fixes"
unpack 'python3.11_*.orig.tar.*'
mkdir -p "$SRC/debian-python" && tar -C "$SRC/debian-python" -xf "$(src 'python3.11_*.debian.tar.*')"
PY_SRC=$(ls -d "$SRC"/Python-3.11.*)
applying=no
count=0
while read -r patch _; do
    case "$patch" in ''|'#'*) continue ;; "$FIRST_UPSTREAM_PATCH") applying=yes ;; esac
    [ "$applying" = yes ] || continue
    patch -d "$PY_SRC" -p1 --quiet --forward < "$SRC/debian-python/debian/patches/$patch"
    count=$((count + 1))
done < "$SRC/debian-python/debian/patches/series"
[ "$count" -gt 0 ] || { echo "no patch applied: is $FIRST_UPSTREAM_PATCH still in Debian's series?" >&2; exit 1; }
echo "   $count patches"
# Debian builds pyexpat into the interpreter (its setup-modules.diff, not applied here), and its CVE-2026-4224 fix
# has pyexpat.c include an internal header, which a shared module may do only declared as a core module (as
# upstream's modules that include them are).
if grep -q '^#include "pycore_ceval.h"' "$PY_SRC/Modules/pyexpat.c" \
        && ! grep -q Py_BUILD_CORE_MODULE "$PY_SRC/Modules/pyexpat.c"; then
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' "$PY_SRC/Modules/pyexpat.c"
fi

say "CPython: configure"
# Only our own pkg-config files: never the host's (uuid, sqlite3, ncurses ... would be found but not linkable).
export PKG_CONFIG_PATH="$DEPS/lib/pkgconfig" PKG_CONFIG_LIBDIR="$DEPS/lib/pkgconfig"
(cd "$PY_SRC" && ./configure --quiet --prefix="$OUT/python" --enable-shared --with-ensurepip=install \
    --without-static-libpython CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib" \
    LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi" \
    BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2" > "$LOGS/python-configure.log" 2>&1) \
    || { tail -40 "$LOGS/python-configure.log"; exit 1; }

say "CPython: make (-j$JOBS)"
# LINKFORSHARED: the interpreter finds its libpython3.11.so beside it (../lib), wherever the prefix is moved.
# PY3LIBRARY empty: no libpython3.so (the stable ABI's forwarding library for embedders; zig cc cannot link a library
# from a library alone, and neither the app nor PyInstaller uses it).
MAKEVARS=(LINKFORSHARED='-Xlinker -export-dynamic -Wl,-rpath,\$$ORIGIN/../lib' PY3LIBRARY=)
(cd "$PY_SRC" && make -j"$JOBS" "${MAKEVARS[@]}" > "$LOGS/python-make.log" 2>&1) \
    || { tail -c 3000 "$LOGS/python-make.log"; exit 1; }
(cd "$PY_SRC" && make install "${MAKEVARS[@]}" > "$LOGS/python-install.log" 2>&1) \
    || { tail -c 3000 "$LOGS/python-install.log"; exit 1; }

say "checking"
PY="$OUT/python/bin/python3.11"
"$PY" -c 'import zlib, bz2, lzma, ctypes, pyexpat, _decimal, sys; print("   ", sys.version.split()[0], "works")'
highest=$(find "$OUT/python" -type f \( -name '*.so*' -o -name 'python3.11' \) -exec readelf --version-info --wide {} + \
    2>/dev/null | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/Name: GLIBC_//' | sort -uV | tail -1)
echo "   highest GLIBC_ version required: $highest (aim: $GLIBC or lower)"
rm -f "$OUT"/python/.built-*
touch "$STAMP"
say "done: $PY"
