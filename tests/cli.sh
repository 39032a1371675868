#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host suite: hardctl's command line, without root or the module. Bad
# arguments must give a clear message and the documented exit code.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$TOP/tests/vm/lib.sh"
H=$TOP/ctl/hardctl

# expect_exit NAME CODE PATTERN CMD...: exit status CODE, output matches PATTERN
expect_exit() {
	local name=$1 code=$2 pat=$3; shift 3
	_t_run "$@"
	if [ "$T_RC" -ne "$code" ]; then
		t_fail "$name" "exit $T_RC, want $code"; _t_show
	elif ! grep -qE -- "$pat" <<<"$T_OUT"; then
		t_fail "$name" "output does not match /$pat/"; _t_show
	else
		t_pass "$name"
	fi
}

expect_exit "no command: usage, exit 2" 2 "^Usage: hardctl <command>" "$H"
expect_exit "--help: exit 0, lists commands" 0 "check +Validate" "$H" --help
expect_exit "unknown command: exit 2" 2 "unknown command 'lod'" "$H" lod
expect_exit "prefix is not a command (exact names only)" 2 "unknown command 'stat'" "$H" stat
expect_exit "load without a file: usage" 2 "^Usage: hardctl load \\[-h\\] FILE" "$H" load
expect_exit "load with two files: usage" 2 "^Usage: hardctl load \\[-h\\] FILE" "$H" load a b
expect_exit "load -x: unknown option, exit 2" 2 "unknown option '-x'" "$H" load -x
expect_exit "load --help: exit 0" 0 "one\$|transaction" "$H" load --help
expect_exit "stats unknown option: exit 2" 2 "unknown option '-x'" "$H" stats -x
expect_exit "status with an argument: usage" 2 "^Usage: hardctl status" "$H" status now
expect_exit "show with an argument: usage" 2 "^Usage: hardctl show" "$H" show x
expect_exit "check without a file: usage" 2 "Usage: hardctl check" "$H" check
expect_exit "check a missing file: exit 1, names it" 1 "/nonexistent.conf" "$H" check /nonexistent.conf
expect_exit "check the default policy: OK" 0 "OK, 1 group" "$H" check "$TOP/policies/docker-default.conf"
expect_exit "check the audit policy: OK" 0 "OK, 1 group" "$H" check "$TOP/policies/audit-only.conf"
expect_exit "check a bad policy from stdin: file:line:col" 1 "^<stdin>:2:1: error: unknown directive" \
	sh -c 'printf "group a {\nmatc /x\n}\n" | "$0" check -' "$H"
expect_exit "check a directory: exit 1" 1 "error" "$H" check /tmp
expect_exit "check a huge file: clear limit" 1 "too large|limit|1048576" \
	sh -c 'head -c 2000000 /dev/zero | tr "\0" "#" | "$0" check -' "$H"
expect_exit "check binary garbage: exit 1 with a location" 1 "^<stdin>:1:[0-9]+: error" \
	sh -c 'printf "group \001\002 {" | "$0" check -' "$H"
expect_exit "load an invalid file never contacts the kernel" 1 "nothing loaded" \
	sh -c 'printf "group a {\n}\n" | "$0" load -' "$H"
if [ "$(id -u)" = 0 ] && ! grep -q "^harden " /proc/modules 2>/dev/null; then
	expect_exit "status without the module: exit 3, says so" 3 "module is not loaded" "$H" status
	expect_exit "load without the module: exit 3" 3 "module is not loaded" "$H" load "$TOP/policies/docker-default.conf"
fi
t_done
