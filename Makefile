# SPDX-License-Identifier: GPL-2.0
#
# make            build kmod/harden.ko (against KDIR) and ctl/hardctl
# make check      unit tests, fuzzing, VM tests on 6.1 and 6.12; ends "N passed, N failed"
# make fuzz       build the libFuzzer harnesses (build/fuzz/fuzz_*); tests/fuzz/run
# make fuzz-long  fuzz longer (FUZZ_SECONDS=600, FUZZ_RUNS=, FUZZ_JOBS=1)
# make deps       install every build/test dependency (Debian packages only)
# make deps demo  (or deps check) in one go: later goals use what deps installed
# make demo       the main job, in a VM: module + policy + a Docker container
# make module-6.1 / module-6.12   build the module for a VM kernel in build/<k>/
# make debug-kernel   build the KASAN/kmemleak/lockdep kernel once (tests/vm/debug-kernel)
# make check-debug    the VM suites on that kernel (module-debug: its module)

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# Everything found among installed packages (kernel headers, pkg-config) is
# looked up when a recipe runs, never while this file is parsed: `make deps
# demo` installs the headers in the same invocation that then uses them.
# These variables are recursive (`=`/`?=`) for that reason; keep them so.
#
# Where Debian's kernel headers are, the running kernel's build dir, and what
# `make deps` runs (overridable, so tests/make.sh needs no real install).
HEADERS_ROOT ?= /usr/src
RUNNING_KDIR ?= /lib/modules/$(shell uname -r)/build
DEPS_CMD ?= tests/deps.sh

# Newest installed Debian headers for a kernel series ("6.1", "6.12").
headers_for = $(shell ls -d $(HEADERS_ROOT)/linux-headers-$(1).*-amd64 2>/dev/null | sort -V | tail -n1)

# The debug kernel (tests/vm/debug-kernel): built once into a cache outside
# the repository; its build tree is the KDIR of build/debug/. Under TCG its
# whole VM suite takes hours: `make check-debug` runs that. `make check`
# adds a bounded tier on it when it is cached (DEBUG_KERNEL=auto): only
# DEBUG_SUITES and the kmemleak self-test, about 5 minutes, so that CI on a
# machine that keeps the cache stays within its budget. DEBUG_KERNEL=1
# fails if it is not built, DEBUG_KERNEL=0 leaves it out.
HARDEN_CACHE ?= /var/cache/harden
HARDEN_DEBUG_KERNEL ?= $(HARDEN_CACHE)/debug-6.1
DEBUG_KDIR = $(HARDEN_DEBUG_KERNEL)/linux
DEBUG_KERNEL ?= auto
DEBUG_SUITES ?= smoke
# The KDIR for build/<k>/: Debian's headers, or the debug kernel's tree once built.
kdir_for = $(if $(filter debug,$(1)),$(shell test -f '$(DEBUG_KDIR)/arch/x86/boot/bzImage' && echo '$(DEBUG_KDIR)'),$(call headers_for,$(1)))

# The running kernel's build dir, else the newest headers under HEADERS_ROOT.
# `make KDIR=...` (or KDIR in the environment) wins.
ifeq ($(origin KDIR),undefined)
  KDIR = $(or $(shell test -d '$(RUNNING_KDIR)' && echo '$(RUNNING_KDIR)'),$(shell ls -d $(HEADERS_ROOT)/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n1))
endif

CC ?= cc
CFLAGS ?= -O2 -g
HARDCTL_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-I$(TOP)/include -I$(TOP)/ctl

CTL_SRCS := $(filter-out ctl/main.c,$(wildcard ctl/*.c)) kmod/glob.c
CTL_HDRS := $(wildcard ctl/*.h) $(wildcard kmod/glob.h) include/uapi/linux/harden.h include/harden_names.h
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) kmod/Kbuild Kbuild include/uapi/linux/harden.h include/harden_names.h

.PHONY: all module ctl module-6.1 module-6.12 module-debug modules-vm debug-kernel check-debug \
	check-debug-auto selftest-modules-debug unit fuzz fuzz-long testbins bench \
	selftest-modules check deps demo clean install sparse print-kdir

all: module ctl

module:
	@test -n "$(KDIR)" && test -d "$(KDIR)" || { echo "harden: no kernel headers found; set KDIR= or run 'make deps'" >&2; exit 1; }
	@echo "harden: building kmod/harden.ko against KDIR=$(KDIR)"
	$(MAKE) -C $(KDIR) M=$(TOP) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 modules

# Each VM kernel gets its own copy of the tree, so builds never mix objects.
build/%/kmod/harden.ko: $(KMOD_SRCS)
	@kd="$(call kdir_for,$*)"; \
	test -n "$$kd" || { $(call no_kdir_msg,$*); exit 1; }; \
	echo "harden: building build/$*/kmod/harden.ko against $$kd"; \
	rm -rf build/$*/kmod build/$*/include && mkdir -p build/$* && \
	cp -r Kbuild kmod include build/$*/ && \
	$(MAKE) -s -C $$kd M=$(TOP)/build/$* modules

# What to say when build/<k>/ has no KDIR.
no_kdir_msg = $(if $(filter debug,$(1)),echo "harden: the debug kernel is not built ($(DEBUG_KDIR)); run 'make debug-kernel'" >&2,echo "harden: no headers for $(1) under $(HEADERS_ROOT); run 'make deps'" >&2)

module-6.1: build/6.1/kmod/harden.ko
module-6.12: build/6.12/kmod/harden.ko
module-debug: build/debug/kmod/harden.ko
modules-vm: module-6.1 module-6.12

ctl: ctl/hardctl

# libmnl for netlink, libmicrohttpd for `hardctl exporter`.
CTL_LIBS = $(shell pkg-config --cflags --libs libmnl 2>/dev/null || echo -lmnl) \
	$(shell pkg-config --cflags --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lpthread

ctl/hardctl: ctl/main.c $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(HARDCTL_CFLAGS) -o $@ ctl/main.c $(CTL_SRCS) $(CTL_LIBS)

# Unit tests: host-side, pure logic (parser, compiler, glob matcher, output).
UNIT_TESTS := $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))
build/unit/%: tests/unit/%.c $(CTL_SRCS) $(CTL_HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p build/unit
	$(CC) $(HARDCTL_CFLAGS) -Wno-unused-parameter -o $@ $< $(CTL_SRCS) -lcmocka $(CTL_LIBS)

unit: $(UNIT_TESTS)

# libFuzzer harnesses (tests/fuzz/): the policy parser, encoder and decoder,
# and the decoders and printers of kernel replies, under ASan and UBSan.
# clang only: libFuzzer is clang's (Debian: clang, libclang-rt-14-dev).
FUZZ_CC ?= clang
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I$(TOP)/include -I$(TOP)/ctl
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
build/fuzz/%: tests/fuzz/%.c $(CTL_SRCS) $(CTL_HDRS) tests/unit/json_check.h
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CTL_SRCS) $(CTL_LIBS)

# Seed generators: tests/fuzz/run writes mkseeds_NAME's seeds for fuzz_NAME.
FUZZ_SEEDERS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/mkseeds_*.c))
build/fuzz/mkseeds_%: tests/fuzz/mkseeds_%.c $(CTL_SRCS) $(CTL_HDRS) tests/unit/nlfixture.h
	@mkdir -p build/fuzz
	$(CC) $(HARDCTL_CFLAGS) -o $@ $< $(CTL_SRCS) $(CTL_LIBS)

fuzz: $(FUZZ_BINS) $(FUZZ_SEEDERS)

# The bounded campaign is part of `make check` (tests/run-all); this one
# starts from, and adds to, build/fuzz/corpus/.
fuzz-long: fuzz
	tests/fuzz/run --long

# Probes the VM tests run, inside and outside containers: static, so they
# also run in a busybox image. nlprobe is a second, independent netlink
# client (libnl-genl-3) used to send malformed requests; nlfuzz is another,
# and both open their socket with tests/bin/nlclient.h. netprobe and ptprobe
# share tests/bin/probe.h (their output line and `box`); hprobe, hostprobe
# and nlprobe share tests/bin/uring.h (a one-request io_uring).
TESTBINS := build/bin/hprobe build/bin/nlprobe build/bin/mntprobe build/bin/ptprobe \
	build/bin/netprobe build/bin/hostprobe build/bin/nlfuzz build/bin/stressprobe \
	build/bin/bpflsm build/bin/bpflsm.bpf.o
build/bin/hprobe: tests/bin/hprobe.c tests/bin/uring.h
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/mntprobe: tests/bin/mntprobe.c
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
# No PIE: every ptprobe process has its marker at the same address.
build/bin/ptprobe: tests/bin/ptprobe.c tests/bin/probe.h
	@mkdir -p build/bin
	$(CC) -static -no-pie -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/netprobe: tests/bin/netprobe.c tests/bin/probe.h
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/hostprobe: tests/bin/hostprobe.c tests/bin/uring.h
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/stressprobe: tests/bin/stressprobe.c
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/nlprobe: tests/bin/nlprobe.c tests/bin/nlclient.h tests/bin/uring.h include/uapi/linux/harden.h
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -I$(TOP)/include \
		$(shell pkg-config --cflags libnl-genl-3.0) -o $@ $< \
		-lnl-genl-3 -lnl-3 -lpthread -lm 2>$@.log || { cat $@.log; exit 1; }
# A BPF LSM program and its libbpf loader, stacked beside harden in
# tests/vm/bpflsm_docker.sh (the loader runs on the guest's host side, so it
# may link libbpf dynamically).
build/bin/bpflsm.bpf.o: tests/bin/bpflsm.bpf.c
	@mkdir -p build/bin
	clang -O2 -g -target bpf -I/usr/include/$(shell $(CC) -dumpmachine) -Wall -Werror \
		-c $< -o $@
build/bin/bpflsm: tests/bin/bpflsm.c
	@mkdir -p build/bin
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $< -lbpf
# nlfuzz: the netlink fuzzer of tests/vm/nlfuzz.sh, on libnl-genl-3 too.
build/bin/nlfuzz: tests/bin/nlfuzz.c tests/bin/nlclient.h include/uapi/linux/harden.h
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -I$(TOP)/include \
		$(shell pkg-config --cflags libnl-genl-3.0) -o $@ $< \
		-lnl-genl-3 -lnl-3 -lpthread -lm 2>$@.log || { cat $@.log; exit 1; }
testbins: $(TESTBINS)

# Static: exec'ing it must not read shared libraries over the VM's 9p root.
build/bin/capbench: bench/capbench.c
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<
build/bin/netbench: bench/netbench.c
	@mkdir -p build/bin
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# Overhead ratios against a no-module baseline, in one VM boot (bench/run).
bench: all modules-vm build/bin/capbench build/bin/netbench
	bench/run 6.1
	bench/run 6.12

# Tiny misbehaving modules for the VM harness self-tests (tests/vm/selftest).
SELFTEST_SRCS := $(wildcard tests/vm/selftest/kmod/*.c) tests/vm/selftest/kmod/Kbuild
build/%/selftest/.built: $(SELFTEST_SRCS)
	@kd="$(call kdir_for,$*)"; \
	test -n "$$kd" || { $(call no_kdir_msg,$*); exit 1; }; \
	rm -rf build/$*/selftest && mkdir -p build/$*/selftest && \
	cp $(SELFTEST_SRCS) build/$*/selftest/ && \
	$(MAKE) -s -C $$kd M=$(TOP)/build/$*/selftest modules && touch $@
selftest-modules: build/6.1/selftest/.built build/6.12/selftest/.built
selftest-modules-debug: build/debug/selftest/.built

# The debug kernel: long (see tests/vm/README.md), once; --force rebuilds.
debug-kernel:
	HARDEN_DEBUG_KERNEL='$(HARDEN_DEBUG_KERNEL)' tests/vm/debug-kernel

# KERNELS as tests/run-all takes it (default "6.1 6.12"), plus "debug" when
# DEBUG_KERNEL says so (see above) and KERNELS is not empty. Decided when the
# recipes run; check-debug-auto builds the debug kernel's modules then. (The
# $(MAKE) is in its own target: make -n runs every recipe line naming it.)
debug_kernels = k="$${KERNELS-6.1 6.12}"; \
	case " $$k " in *" debug "*) ;; *) \
	if [ -n "$$k" ] && [ "$(DEBUG_KERNEL)" != 0 ]; then \
		if [ -f '$(DEBUG_KDIR)/arch/x86/boot/bzImage' ]; then k="$$k debug"; \
		elif [ "$(DEBUG_KERNEL)" = 1 ]; then $(call no_kdir_msg,debug); exit 1; fi; \
	fi ;; esac

check-debug-auto:
	@$(debug_kernels); case " $$k " in *" debug "*) \
		$(MAKE) --no-print-directory module-debug selftest-modules-debug ;; \
	*) [ -z "$$k" ] || echo "harden: no debug kernel in $(HARDEN_DEBUG_KERNEL) (make debug-kernel); not testing it" ;; esac

check: all modules-vm unit fuzz testbins selftest-modules check-debug-auto
	@$(debug_kernels); HARDEN_DEBUG_KERNEL='$(HARDEN_DEBUG_KERNEL)' DEBUG_SUITES='$(DEBUG_SUITES)' \
		KERNELS="$$k" tests/run-all

# Only the debug kernel: every VM suite (and the harness self-tests) on it.
check-debug: all module-debug testbins selftest-modules-debug
	@HARDEN_DEBUG_KERNEL='$(HARDEN_DEBUG_KERNEL)' KERNELS=debug DEBUG_SUITES= UNIT=$${UNIT:-0} HOST=$${HOST:-0} \
		FUZZ=$${FUZZ:-0} tests/run-all

demo: all modules-vm testbins
	@tests/vm/run --kernel $${KERNEL:-6.1} tests/vm/demo.sh

deps:
	@$(DEPS_CMD)

# `make deps X` with -j: everything that uses installed packages waits for
# deps (order-only, and only when deps is on the command line).
ifneq ($(filter deps,$(MAKECMDGOALS)),)
module sparse ctl/hardctl $(UNIT_TESTS) $(FUZZ_BINS) $(FUZZ_SEEDERS) $(TESTBINS) build/bin/capbench build/bin/netbench \
build/6.1/kmod/harden.ko build/6.12/kmod/harden.ko \
build/6.1/selftest/.built build/6.12/selftest/.built \
check check-debug-auto demo bench fuzz-long clean print-kdir: | deps
endif

# The KDIR `make module` would use now (tests/make.sh).
print-kdir:
	@echo "$(KDIR)"

# hardctl, its man pages, the systemd unit, and a policy only if none is
# there yet (never overwrite an admin's policy). The module itself is best
# installed with DKMS (dkms.conf, docs/INSTALL.md) so it follows kernel updates.
install: ctl
	install -D -m 0755 ctl/hardctl $(DESTDIR)/usr/sbin/hardctl
	install -D -m 0644 docs/hardctl.8 $(DESTDIR)/usr/share/man/man8/hardctl.8
	install -D -m 0644 docs/harden.conf.5 $(DESTDIR)/usr/share/man/man5/harden.conf.5
	install -D -m 0644 systemd/harden.service $(DESTDIR)/lib/systemd/system/harden.service
	install -D -m 0644 systemd/harden-exporter.service $(DESTDIR)/lib/systemd/system/harden-exporter.service
	install -d $(DESTDIR)/etc/harden
	test -e $(DESTDIR)/etc/harden/policy.conf || \
		install -m 0644 policies/audit-only.conf $(DESTDIR)/etc/harden/policy.conf

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf build ctl/hardctl
