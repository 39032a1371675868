#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host suite: the Makefile finds installed packages (kernel headers,
# pkg-config) when a recipe runs, not when it is parsed, so `make deps demo`
# and `make deps check` work in one invocation on a fresh machine.
#
# Nothing is installed: `make deps` runs DEPS_CMD, here a script that creates
# fake Debian header trees (each with a Makefile standing in for kbuild) under
# HEADERS_ROOT, and a fake pkg-config. Make runs in a scratch copy of the
# sources, so the real build/ is never touched.
#
#   HARDEN_MAKEFILE=FILE   test that Makefile instead of the tree's own
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$TOP/tests/vm/lib.sh"
MF=${HARDEN_MAKEFILE:-$TOP/Makefile}

# Run from `make check`: the parent make's flags and jobserver must not leak
# in, nor a KDIR the caller exported.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES KDIR HEADERS_ROOT RUNNING_KDIR DEPS_CMD
# Nor what `make check` hands tests/run-all: KERNELS names "debug" when the
# debug kernel is cached, which made every make -n check below build it.
unset KERNELS DEBUG_KERNEL DEBUG_SUITES HARDEN_DEBUG_KERNEL HARDEN_CACHE

tmp=$(mktemp -d /tmp/harden-make.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
tree=$tmp/tree root=$tmp/usr-src bin=$tmp/bin
H61=$root/linux-headers-6.1.0-99-amd64
H612=$root/linux-headers-6.12.99+deb12-amd64	# newest: sort -V

mkdir -p "$tree/tests/vm/selftest" "$root" "$bin" "$tmp/running" || exit 1
cp "$MF" "$tree/Makefile" &&
	cp -r "$TOP/Kbuild" "$TOP/kmod" "$TOP/include" "$TOP/ctl" "$TOP/bench" "$tree/" &&
	cp -r "$TOP/tests/bin" "$TOP/tests/unit" "$TOP/tests/fuzz" "$tree/tests/" &&
	cp -r "$TOP/tests/vm/selftest/kmod" "$tree/tests/vm/selftest/" || exit 1
# Sources only: no build products of the real tree (kmod/harden.ko would be
# copied to build/<k>/ and found up to date).
find "$tree" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name '*.order' -o -name Module.symvers -o -path "$tree/ctl/hardctl" \) -delete

# The stand-in for `tests/deps.sh`: "installs" headers for 6.1 and 6.12 and a
# pkg-config, after an optional delay (to catch -j races).
DEPS=$tmp/fake-deps
cat >"$DEPS" <<EOF
#!/bin/sh
sleep \${1:-0}
for h in "$H61" "$H612"; do
	mkdir -p "\$h" || exit 1
	printf 'modules clean:\n\t@echo "fake-kbuild: \$@ in \$(CURDIR) M=\$(M)"\n' >"\$h/Makefile"
done
printf '#!/bin/sh\necho -lfake-from-deps\n' >"$bin/pkg-config" && chmod +x "$bin/pkg-config"
echo "fake-deps: installed"
EOF
chmod +x "$DEPS"

uninstall() { rm -rf "${root:?}"/* "${bin:?}"/* "$tree/build"; }

# mk ARGS...: make in the scratch tree; T_OUT (stdout+stderr), T_RC
# The debug kernel: none (the real cache may exist here), unless DBGK names one.
# On the command line, as nothing in the environment may override it.
mk() { _t_run env -C "$tree" PATH="$bin:$PATH" make --no-print-directory \
	HARDEN_DEBUG_KERNEL="${DBGK:-$tmp/no-debug-kernel}" "$@"; }
# mk_out ARGS...: stdout only, in T_OUT
mk_out() {
	T_OUT=$(env -C "$tree" PATH="$bin:$PATH" make --no-print-directory \
		HARDEN_DEBUG_KERNEL="${DBGK:-$tmp/no-debug-kernel}" "$@" 2>"$tmp/err")
	T_RC=$?
}

# expect_out NAME WANT: T_RC is 0 and T_OUT is exactly WANT
expect_out() {
	if [ "$T_RC" -ne 0 ]; then
		t_fail "$1" "make exited $T_RC"; _t_show; sed 's/^/    | /' "$tmp/err" | tail -n 5
	elif [ "$T_OUT" != "$2" ]; then
		t_fail "$1" "printed '$T_OUT', want '$2'"; sed 's/^/    | /' "$tmp/err" | tail -n 5
	else
		t_pass "$1"
	fi
}

# expect_has NAME RC PATTERN...: exit status RC (or "nonzero"), T_OUT has
# a line with each fixed-string PATTERN
expect_has() {
	local name=$1 rc=$2 p; shift 2
	if [ "$rc" = nonzero ] && [ "$T_RC" -eq 0 ]; then
		t_fail "$name" "make succeeded, expected failure"; _t_show; return
	elif [ "$rc" != nonzero ] && [ "$T_RC" -ne "$rc" ]; then
		t_fail "$name" "make exited $T_RC, want $rc"; _t_show; return
	fi
	for p in "$@"; do
		if ! grep -qF -- "$p" <<<"$T_OUT"; then
			t_fail "$name" "no line with '$p'"; _t_show; return
		fi
	done
	t_pass "$name"
}

# Without its hooks the rest cannot run (e.g. HARDEN_MAKEFILE=old Makefile).
mk_out -s HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent print-kdir
if [ "$T_RC" -ne 0 ]; then
	t_fail "Makefile has print-kdir, HEADERS_ROOT, RUNNING_KDIR, DEPS_CMD" "$(tail -n1 "$tmp/err")"
	t_done
fi
expect_out "print-kdir with no headers installed: empty" ""

# --- the bug: headers installed by `deps` in the same invocation ------------------

uninstall
mk_out -s HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps print-kdir
T_OUT=$(grep -v '^fake-deps:' <<<"$T_OUT")
expect_out "make deps print-kdir: KDIR is the headers deps installed in that run" "$H612"

uninstall
mk_out -s -j2 HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS 1" deps print-kdir
T_OUT=$(grep -v '^fake-deps:' <<<"$T_OUT")
expect_out "make -j2 deps print-kdir: deps finishes first" "$H612"

uninstall
mk HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps module
expect_has "make deps module: builds against the headers deps installed" 0 \
	"harden: building kmod/harden.ko against KDIR=$H612" \
	"fake-kbuild: modules in $H612 M=$tree"

uninstall
mk HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps module-6.1
expect_has "make deps module-6.1: 6.1 headers deps installed" 0 \
	"harden: building build/6.1/kmod/harden.ko against $H61" \
	"fake-kbuild: modules in $H61 M=$tree/build/6.1"

uninstall
mk CC=echo HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps ctl/hardctl
expect_has "make deps ctl/hardctl: pkg-config asked when the recipe runs" 0 "-lfake-from-deps"

uninstall
mk CC=echo FUZZ_CC=echo HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps fuzz
expect_has "make deps fuzz: the harnesses build after deps" 0 \
	"-fsanitize=fuzzer,address,undefined" "-lfake-from-deps"

uninstall
mk -j2 HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS 1" deps module module-6.12
expect_has "make -j2 deps module module-6.12: both after deps" 0 \
	"fake-kbuild: modules in $H612 M=$tree" \
	"fake-kbuild: modules in $H612 M=$tree/build/6.12"

# --- no headers: a clear message when the recipe runs -----------------------------

uninstall
mk HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent module
expect_has "make module without headers: fails, says so" nonzero \
	"harden: no kernel headers found; set KDIR= or run 'make deps'"
mk HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent module-6.1
expect_has "make module-6.1 without headers: fails, names HEADERS_ROOT" nonzero \
	"harden: no headers for 6.1 under $root; run 'make deps'"

# --- which KDIR ------------------------------------------------------------------

"$DEPS" >/dev/null
mk_out -s HEADERS_ROOT="$root" RUNNING_KDIR="$tmp/running" print-kdir
expect_out "the running kernel's build dir comes before HEADERS_ROOT" "$tmp/running"
mk_out -s KDIR="$tmp/mine" HEADERS_ROOT="$root" RUNNING_KDIR="$tmp/running" DEPS_CMD="$DEPS" deps print-kdir
T_OUT=$(grep -v '^fake-deps:' <<<"$T_OUT")
expect_out "KDIR= on the command line wins" "$tmp/mine"
T_OUT=$(env -C "$tree" KDIR="$tmp/env" make --no-print-directory -s HEADERS_ROOT="$root" print-kdir 2>"$tmp/err")
T_RC=$?
expect_out "KDIR in the environment wins" "$tmp/env"
want=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n1)
mk_out -s RUNNING_KDIR=/nonexistent print-kdir
expect_out "HEADERS_ROOT defaults to /usr/src" "$want"
mk_out -n deps
expect_out "DEPS_CMD defaults to tests/deps.sh" "tests/deps.sh"

# --- make -n: parsing never needs the headers ---------------------------------------

for goal in demo check; do
	uninstall
	mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps $goal
	if grep -qE '^(GNU)?[Mm]akefile:[0-9]+: \*\*\*' <<<"$T_OUT"; then
		t_fail "make -n deps $goal, no headers: parses" "error while parsing"; _t_show
	elif [ "$(head -n1 <<<"$T_OUT")" != "$DEPS" ]; then
		t_fail "make -n deps $goal, no headers: parses" "first line is not the deps command"; _t_show
	elif [ -e "$H612" ]; then
		t_fail "make -n deps $goal, no headers: parses" "-n ran the deps command"
	else
		t_pass "make -n deps $goal, no headers: parses, deps command first"
	fi
	"$DEPS" >/dev/null
	mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEPS_CMD="$DEPS" deps $goal
	expect_has "make -n deps $goal, headers installed: exits 0" 0 \
		"$DEPS" "M=$tree modules"
done

# --- the debug kernel: a bounded tier in make check -------------------------------

# A cached debug kernel (a CI machine may keep /var/cache/harden) adds only
# DEBUG_SUITES to `make check`, never its whole VM suite (hours under TCG,
# past CI's limit); check-debug runs all of it.
dbg=$tmp/cache/debug-6.1
mkdir -p "$dbg/linux/arch/x86/boot" && : >"$dbg/linux/arch/x86/boot/bzImage" &&
	cp "$H612/Makefile" "$dbg/linux/Makefile"
DBGK=$dbg mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent check
expect_has "make -n check with a cached debug kernel: the bounded tier" 0 \
	"M=$tree/build/debug modules" "DEBUG_SUITES='smoke'" 'KERNELS="$k"'
DBGK=$dbg mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEBUG_KERNEL=0 check
if grep -q 'build/debug' <<<"$T_OUT"; then
	t_fail "make -n check DEBUG_KERNEL=0: no debug kernel" "$(grep -m1 build/debug <<<"$T_OUT")"
else
	expect_has "make -n check DEBUG_KERNEL=0: no debug kernel" 0 "tests/run-all"
fi
mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent DEBUG_KERNEL=1 check
expect_has "make -n check DEBUG_KERNEL=1, none cached: fails, says so" nonzero \
	"the debug kernel is not built"
DBGK=$dbg mk -n HEADERS_ROOT="$root" RUNNING_KDIR=/nonexistent check-debug
expect_has "make -n check-debug: the whole suite on the debug kernel" 0 \
	"KERNELS=debug DEBUG_SUITES= "

# run-all: which suites each kernel gets (no VM boots: the list only).
lst=$(bash -c '. /dev/stdin; DEBUG_SUITES="smoke stress" SUITES=""; list_suites debug | tr "\n" " "' \
	< <(sed -n '/^list_suites()/,/^}/p' "$TOP/tests/run-all"))
if [ "$lst" = "smoke stress " ]; then
	t_pass "run-all: DEBUG_SUITES limits the debug kernel's suites"
else
	t_fail "run-all: DEBUG_SUITES limits the debug kernel's suites" "got '$lst'"
fi
lst=$(cd "$TOP" && bash -c '. /dev/stdin; DEBUG_SUITES="smoke stress" SUITES=""; list_suites 6.1 | wc -l' \
	< <(sed -n '/^list_suites()/,/^}/p' "$TOP/tests/run-all"))
if [ "$lst" -gt 2 ]; then
	t_pass "run-all: the other kernels get every suite ($lst)"
else
	t_fail "run-all: the other kernels get every suite" "got $lst"
fi

t_done
