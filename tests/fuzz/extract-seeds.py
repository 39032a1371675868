#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate tests/fuzz/corpus/policy/ from the policy texts of
# tests/unit/test_policy.c: the first argument of OK(), ERR(), ERR_S() and
# expect_err_exact() (G(...) expanded as the file defines it), the texts of
# round-trip tables and design_example. Run from the top of the tree after
# adding unit tests; the fuzzer itself only reads the committed files.
# Only the unit-* files are replaced: limit-* are policies at each limit
# of the language (groups, matches, mount types, devices, lengths) and
# one past it, made by hand so that the fuzzer starts next to the edges.
import hashlib
import os
import re
import sys

SRC = "tests/unit/test_policy.c"
OUT = "tests/fuzz/corpus/policy"
G_HEAD = b"group g {\n\tmatch /g\n"
G_TAIL = b"}\n"

ESC = {"n": 10, "t": 9, "r": 13, "\\": 92, '"': 34, "'": 39, "0": 0, "a": 7,
       "b": 8, "f": 12, "v": 11, "?": 63}


def literal(s, i):
    """Decode the C string literal at s[i] == '"'; return (bytes, end)."""
    out = bytearray()
    i += 1
    while s[i] != '"':
        c = s[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        c = s[i + 1]
        if c == "x":
            m = re.match(r"[0-9a-fA-F]+", s[i + 2:])
            out.append(int(m.group(0), 16) & 0xff)
            i += 2 + len(m.group(0))
        elif c in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            out.append(int(m.group(0), 8) & 0xff)
            i += 1 + len(m.group(0))
        else:
            out.append(ESC[c])
            i += 2
    return bytes(out), i + 1


def skip_ws(s, i):
    while True:
        m = re.match(r"\s+|/\*.*?\*/|//[^\n]*", s[i:], re.S)
        if not m:
            return i
        i += len(m.group(0))


def run(s, i):
    """Adjacent literals (maybe in G(...)) at s[i]; (bytes, end) or None."""
    i = skip_ws(s, i)
    if s.startswith("G(", i):
        r = run(s, i + 2)
        if not r:
            return None
        body, j = r
        j = skip_ws(s, j)
        if s[j] != ")":
            return None
        return G_HEAD + body + G_TAIL, j + 1
    if s[i] != '"':
        return None
    out = b""
    while s[i] == '"':
        b, i = literal(s, i)
        out += b
        j = skip_ws(s, i)
        if s[j] != '"':
            break
        i = j
    return out, i


def main():
    s = open(SRC, encoding="utf-8").read()
    seeds = set()
    for m in re.finditer(r"\b(OK|ERR|ERR_S|expect_err_exact)\(", s):
        r = run(s, m.end())
        if r:
            seeds.add(r[0])
    for m in re.finditer(r"(?:texts\[\]|design_example\[\])\s*=\s*\{?", s):
        i = m.end()
        while True:
            r = run(s, i)
            if not r:
                break
            seeds.add(r[0])
            i = skip_ws(s, r[1])
            if s[i] != ",":
                break
            i += 1
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.startswith("unit-"):
            os.unlink(os.path.join(OUT, old))
    for b in sorted(seeds):
        name = "unit-" + hashlib.sha1(b).hexdigest()[:12]
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(b)
    print(f"{len(seeds)} seeds in {OUT}", file=sys.stderr)


main()
