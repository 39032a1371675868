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
expect_exit "check a host line typo: did you mean" 1 "^<stdin>:2:1: error: unknown directive 'sysctrl' in group 'a'; did you mean 'sysctl'\\?" \
	sh -c 'printf "group a {\nsysctrl readonly\nmatch /x\n}\n" | "$0" check -' "$H"
expect_exit "check a bad device rule: its column" 1 "^<stdin>:3:18: error: invalid character 'x' in the major number of device 'c:1x:3'" \
	sh -c 'printf "group a {\nmatch /x\ndevices allow c:1x:3\n}\n" | "$0" check -' "$H"
expect_exit "check contradicting devices lines: names the first" 1 "^<stdin>:4:1: error: 'devices deny' contradicts 'devices allow DEVICE...' in group 'a' \\(line 3\\)" \
	sh -c 'printf "group a {\nmatch /x\ndevices allow kvm\ndevices deny\n}\n" | "$0" check -' "$H"
expect_exit "check a directory: exit 1" 1 "error" "$H" check /tmp
expect_exit "check a huge file: clear limit" 1 "too large|limit|1048576" \
	sh -c 'head -c 2000000 /dev/zero | tr "\0" "#" | "$0" check -' "$H"
expect_exit "check binary garbage: exit 1 with a location" 1 "^<stdin>:1:[0-9]+: error" \
	sh -c 'printf "group \001\002 {" | "$0" check -' "$H"
expect_exit "load an invalid file never contacts the kernel" 1 "nothing loaded" \
	sh -c 'printf "group a {\n}\n" | "$0" load -' "$H"
expect_exit "-V: prints hardctl's version" 0 "^hardctl [0-9]+\\.[0-9]+" "$H" -V
expect_exit "--version: exit 0" 0 "^hardctl [0-9]" "$H" --version
expect_exit "global -j before a command is accepted" 2 "unknown option '-x'" "$H" -j stats -x
expect_exit "unknown global option: exit 2" 2 "unknown option '--bogus'" "$H" --bogus stats
expect_exit "global options without a command: usage" 2 "^Usage: hardctl <command>" "$H" -j
expect_exit "--help lists the new commands" 0 "monitor .*exporter|exporter" "$H" --help
expect_exit "status unknown option: usage" 2 "^Usage: hardctl status" "$H" status -x
expect_exit "monitor with an extra argument: exit 2" 2 "unexpected argument 'now'" "$H" monitor now
expect_exit "monitor --help: exit 0" 0 "^Usage: hardctl monitor" "$H" monitor --help
expect_exit "metrics --textfile without a file: exit 2" 2 "--textfile needs a file name" "$H" metrics --textfile
expect_exit "metrics with an extra argument: exit 2" 2 "unexpected argument" "$H" metrics x
expect_exit "lock with an argument: exit 2, locks nothing" 2 "unexpected argument 'now'" "$H" lock now
expect_exit "lock --help: says it lasts until reboot" 0 "until the next reboot" "$H" lock --help
expect_exit "exporter without --listen: exit 2" 2 "--listen ADDR:PORT is required" "$H" exporter
expect_exit "exporter --listen without a value: exit 2" 2 "needs ADDR:PORT" "$H" exporter --listen
expect_exit "exporter with a bad address: exit 2" 2 "bad listen address 'localhost:9477'" "$H" exporter --listen localhost:9477
expect_exit "exporter with a bad port: exit 2" 2 "port must be a number" "$H" exporter --listen 127.0.0.1:99999
expect_exit "exporter IPv6 without brackets: exit 2" 2 "\\[ADDR\\]:PORT" "$H" exporter --listen ::1:9477

# The exporter without the module: 503 per scrape, keeps serving, 404/405
# elsewhere, exits 0 on SIGTERM.
if ! grep -q "^harden " /proc/modules 2>/dev/null && command -v curl >/dev/null; then
	port=$((20000 + RANDOM % 20000))
	"$H" exporter --listen "127.0.0.1:$port" 2>/dev/null &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && break
		sleep 0.2
	done
	expect_exit "exporter: /metrics without the module is 503 with a reason" 0 "^503 .*not loaded" \
		sh -c 'curl -s -w "%{http_code} " -o /tmp/hardctl-cli.$$ "$0" && cat /tmp/hardctl-cli.$$; rm -f /tmp/hardctl-cli.$$' \
		"http://127.0.0.1:$port/metrics"
	expect_exit "exporter: still serving after a failed scrape" 0 "^503" \
		curl -s -w "%{http_code}" -o /dev/null "http://127.0.0.1:$port/metrics"
	expect_exit "exporter: other paths are 404" 0 "^404" \
		curl -s -w "%{http_code}" -o /dev/null "http://127.0.0.1:$port/"
	expect_exit "exporter: POST is 405" 0 "^405" \
		curl -s -w "%{http_code}" -o /dev/null -X POST "http://127.0.0.1:$port/metrics"
	kill -TERM "$pid"
	wait "$pid"
	expect_exit "exporter: exits 0 on SIGTERM" 0 "" test $? -eq 0
	port=$((port + 1))
	"$H" exporter --listen "[::1]:$port" 2>/dev/null &
	pid=$!
	sleep 0.5
	expect_exit "exporter: listens on IPv6 loopback" 0 "^503" \
		curl -s -g -w "%{http_code}" -o /dev/null "http://[::1]:$port/metrics"
	kill -INT "$pid"
	wait "$pid"
	expect_exit "exporter: exits 0 on SIGINT" 0 "" test $? -eq 0
fi
if [ "$(id -u)" = 0 ] && ! grep -q "^harden " /proc/modules 2>/dev/null; then
	expect_exit "status without the module: exit 3, says so" 3 "module is not loaded" "$H" status
	expect_exit "load without the module: exit 3" 3 "module is not loaded" "$H" load "$TOP/policies/docker-default.conf"
	expect_exit "stats without the module: exit 3" 3 "module is not loaded" "$H" stats -j
	expect_exit "lock without the module: exit 3" 3 "module is not loaded" "$H" lock
	expect_exit "monitor without the module: exit 3" 3 "module is not loaded" "$H" monitor
	expect_exit "metrics without the module: exit 3" 3 "module is not loaded" "$H" metrics
fi
t_done
