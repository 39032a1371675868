// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: escaping of kernel-supplied strings (cgroup paths a container
 * names) in the text and JSON forms, and the stats table/JSON and show output
 * built from hostile names. The JSON is checked with a strict RFC 8259
 * validator that also decodes strings, so what a consumer sees is asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ctl/format.h"
#include "../../ctl/model.h"
#include "../../ctl/policy.h"

__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

/* ---- helpers ---- */

static char *esc_n(const char *s, size_t len, unsigned int flags)
{
	size_t n = fmt_escape(NULL, 0, s, len, flags);
	char *out = malloc(n + 1);

	assert_non_null(out);
	assert_int_equal(fmt_escape(out, n + 1, s, len, flags), n);
	assert_int_equal(strlen(out), n);
	return out;
}

/* Text form of @s equals @want, and the JSON form is its JSON encoding. */
#define check_text(s, want) check_text_n(s, sizeof(s) - 1, want)

static void json_encode_ascii(const char *text, char *out, size_t size);

static void check_text_n(const char *s, size_t len, const char *want)
{
	char *text = esc_n(s, len, 0), *json = esc_n(s, len, FMT_JSON);
	char expect_json[4096];

	assert_string_equal(text, want);
	json_encode_ascii(text, expect_json, sizeof(expect_json));
	assert_string_equal(json, expect_json);
	free(text);
	free(json);
}

/* The obvious JSON encoding of a text form (which holds no control bytes). */
static void json_encode_ascii(const char *text, char *out, size_t size)
{
	size_t o = 0;

	for (; *text; text++) {
		assert_true((unsigned char)*text >= 0x20);
		if (*text == '"' || *text == '\\')
			out[o++] = '\\';
		out[o++] = *text;
		assert_true(o < size);
	}
	out[o] = '\0';
}

#include "json_check.h"

/* ---- the escaper ---- */

static void test_ascii(void **state)
{
	(void)state;
	check_text("", "");
	check_text("/docker/abc-123_x.scope", "/docker/abc-123_x.scope");
	check_text("a b~", "a b~");
	/* Quotes are printable; only JSON escapes them. */
	check_text("hn\"quote", "hn\"quote");
	assert_string_equal(esc_n("a\"b", 3, FMT_JSON), "a\\\"b");
	/* A backslash is the escape character, so it is escaped itself. */
	check_text("hn\\back", "hn\\\\back");
	assert_string_equal(esc_n("\\", 1, FMT_JSON), "\\\\\\\\");
	/* Literal text that looks like an escape stays distinguishable. */
	check_text("\\x1b", "\\\\x1b");
}

static void test_controls(void **state)
{
	(void)state;
	check_text("hn\x1b[31mred", "hn\\x1b[31mred");
	check_text("\x1b]0;owned\x07", "\\x1b]0;owned\\x07");
	check_text("hn\nnl", "hn\\x0anl");
	check_text("a\tb\rc", "a\\x09b\\x0dc");
	check_text("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
	/* NUL inside a counted string (never in a kernel string, but exact). */
	check_text("a\0b", "a\\x00b");
	/* Every byte 1..0x1f and DEL. */
	{
		char in[2] = { 0 }, want[8];
		int c;

		for (c = 1; c < 0x20; c++) {
			in[0] = (char)c;
			snprintf(want, sizeof(want), "\\x%02x", c);
			check_text_n(in, 1, want);
		}
	}
	/* C1 controls as code points (CSI U+009B is ESC [ on some terminals). */
	check_text("a\xc2\x9b" "31m", "a\\xc2\\x9b31m");
	check_text("\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f");
	/* ... and as raw bytes, which are not UTF-8 either. */
	check_text("a\x9b" "31m", "a\\x9b31m");
	/* U+00A0 is the first character after C1: shown. */
	check_text("\xc2\xa0", "\xc2\xa0");
}

static void test_layout(void **state)
{
	(void)state;
	assert_string_equal(esc_n("a\n\tb\x1b\\", 6, FMT_LAYOUT),
			    "a\n\tb\\x1b\\\\");
	/* FMT_LAYOUT never lets a newline into JSON. */
	assert_string_equal(esc_n("a\nb", 3, FMT_JSON | FMT_LAYOUT), "a\\\\x0ab");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* Lone continuation bytes. */
	check_text("\x80", "\\x80");
	check_text("a\xbf" "b", "a\\xbfb");
	/* Bytes that never occur in UTF-8. */
	check_text("hn\xff\xfe" "bad", "hn\\xff\\xfebad");
	check_text("\xc0\xc1\xf5\xf8\xfc", "\\xc0\\xc1\\xf5\\xf8\\xfc");
	/* Truncated sequences: at the end, and followed by ASCII. */
	check_text("x\xe2\x82", "x\\xe2\\x82");
	check_text("\xe2\x82" "A", "\\xe2\\x82A");
	check_text("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
	check_text("\xc3", "\\xc3");
	/* A lead byte followed by another lead byte. */
	check_text("\xc3\xc3\xa9", "\\xc3\xc3\xa9");
	/* Overlong encodings of '/', NUL and U+20AC. */
	check_text("\xc0\xaf", "\\xc0\\xaf");
	check_text("\xc0\x80", "\\xc0\\x80");
	check_text("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	check_text("\xf0\x82\x82\xac", "\\xf0\\x82\\x82\\xac");
	/* Surrogates U+D800, U+DBFF, U+DFFF encoded in UTF-8 (CESU-8). */
	check_text("\xed\xa0\x80", "\\xed\\xa0\\x80");
	check_text("\xed\xaf\xbf\xed\xbf\xbf", "\\xed\\xaf\\xbf\\xed\\xbf\\xbf");
	/* Past U+10FFFF: U+110000 and a 5-byte form. */
	check_text("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	check_text("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
	/* The edges that are valid stay as they are. */
	check_text("\xed\x9f\xbf", "\xed\x9f\xbf");		/* U+D7FF */
	check_text("\xee\x80\x80", "\xee\x80\x80");		/* U+E000 */
	check_text("\xf4\x8f\xbf\xbd", "\xf4\x8f\xbf\xbd");	/* U+10FFFD */
}

static void test_valid_utf8(void **state)
{
	(void)state;
	check_text("/caf\xc3\xa9", "/caf\xc3\xa9");			/* é */
	check_text("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");	/* 日本 */
	check_text("\xe2\x82\xac", "\xe2\x82\xac");			/* € */
	check_text("\xf0\x9f\x90\xb3", "\xf0\x9f\x90\xb3");		/* 🐳 */
	check_text("e\xcc\x81", "e\xcc\x81");				/* e + U+0301 */
	/* Invisible and reordering characters are escaped, byte by byte. */
	check_text("a\xe2\x80\xae" "b", "a\\xe2\\x80\\xaeb");		/* RLO */
	check_text("\xe2\x81\xa6", "\\xe2\\x81\\xa6");			/* LRI */
	check_text("\xe2\x80\x8b", "\\xe2\\x80\\x8b");			/* ZWSP */
	check_text("\xe2\x80\xa8", "\\xe2\\x80\\xa8");			/* U+2028 */
	check_text("\xef\xbb\xbf", "\\xef\\xbb\\xbf");			/* BOM */
	check_text("\xf3\xa0\x80\x81", "\\xf3\\xa0\\x80\\x81");	/* tag */
	check_text("\xef\xbf\xbe", "\\xef\\xbf\\xbe");			/* U+FFFE */
	check_text("\xc2\xad", "\\xc2\\xad");				/* soft hyphen */
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(fmt_width(""), 0);
	assert_int_equal(fmt_width("/docker/abc"), 11);
	assert_int_equal(fmt_width("a\x1b" "b"), 6);
	assert_int_equal(fmt_width("\\"), 2);
	assert_int_equal(fmt_width("caf\xc3\xa9"), 4);
	assert_int_equal(fmt_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(fmt_width("e\xcc\x81"), 1);
	assert_int_equal(fmt_width("\xff"), 4);
	assert_true(fmt_printable("/docker/a\\b"));
	assert_true(fmt_printable("caf\xc3\xa9"));
	assert_false(fmt_printable("a\x1b"));
	assert_false(fmt_printable("a\xff"));
}

static void test_truncation(void **state)
{
	char small[6];

	(void)state;
	/* snprintf-like: the full length back, a NUL always written. */
	assert_int_equal(fmt_escape(small, sizeof(small), "ab\x1b" "cd", 5, 0), 8);
	assert_string_equal(small, "ab\\x1");
	assert_int_equal(fmt_escape(small, 1, "abc", 3, 0), 3);
	assert_string_equal(small, "");
	assert_int_equal(fmt_escape(NULL, 0, "\xff", 1, FMT_JSON), 5);
}

/* Every one of the 65536 two-byte strings: the JSON form is valid JSON. */
static void test_exhaustive_pairs(void **state)
{
	char in[2], out[64], doc[80], round[64];
	struct jp j;
	unsigned int v;
	size_t n;

	(void)state;
	for (v = 0; v < 0x10000; v++) {
		in[0] = (char)(v >> 8);
		in[1] = (char)v;
		n = fmt_escape(out, sizeof(out), in, 2, FMT_JSON);
		assert_true(n < sizeof(out));
		snprintf(doc, sizeof(doc), "\"%s\"", out);
		if (!json_valid(doc, strlen(doc), &j))
			fail_msg("invalid JSON for bytes %02x %02x: %s", v >> 8, v & 0xff, doc);
		/* It decodes to the text form. */
		fmt_escape(round, sizeof(round), in, 2, 0);
		assert_string_equal(j.strings[0], round);
		assert_true(clean_utf8(round, strlen(round)));
		json_free(&j);
	}
}

/* Undo the text form: \\ and \xNN. Returns the byte count. */
static size_t unescape(const char *t, char *out)
{
	size_t o = 0;

	while (*t) {
		if (t[0] == '\\' && t[1] == '\\') {
			out[o++] = '\\';
			t += 2;
		} else if (t[0] == '\\' && t[1] == 'x') {
			assert_true(hexval((unsigned char)t[2]) >= 0);
			assert_true(hexval((unsigned char)t[3]) >= 0);
			out[o++] = (char)(hexval((unsigned char)t[2]) << 4 |
					  hexval((unsigned char)t[3]));
			t += 4;
		} else {
			assert_true(t[0] != '\\');
			out[o++] = *t++;
		}
	}
	return o;
}

/* Lossless: random byte strings come back from the text form unchanged. */
static void test_lossless(void **state)
{
	char in[32], out[256], back[32];
	static const char odd[] = "\\x\x1b\xc3\xa9\xe2\x80\xae";
	unsigned int seed = 1, i, k;

	(void)state;
	for (i = 0; i < 20000; i++) {
		for (k = 0; k < sizeof(in); k++) {
			seed = seed * 1103515245u + 12345u;
			/* Skewed towards the interesting bytes. */
			in[k] = (seed >> 16) % 4 ? (char)(seed >> 8) : odd[(seed >> 8) % 8];
		}
		assert_true(fmt_escape(out, sizeof(out), in, sizeof(in), 0) < sizeof(out));
		assert_true(clean_utf8(out, strlen(out)));
		assert_int_equal(unescape(out, back), sizeof(in));
		assert_memory_equal(back, in, sizeof(in));
	}
}

/* ---- stats and show built from hostile cgroup names ---- */

__attribute__((noinline))
static char *capture(const struct hd_stats *st, bool json, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	assert_non_null(f);
	hd_stats_print(f, st, json);
	fclose(f);
	return out;
}

static const char *const hostile[] = {
	"/hn\x1b[31mred",
	"/hn\"quote\\back",
	"/hn\xff\xfe" "bad",
	"/hn\nnl",
	"/hn\xe6\x97\xa5\xe6\x9c\xac",		/* wide characters, valid */
	"/hn\xc2\x9b" "2J",			/* C1 CSI */
	"/hn\xed\xa0\x80\xe2\x80\xae" "x",	/* surrogate, RLO */
};
/* Their text form, which is also what a JSON consumer decodes. */
static const char *const shown[] = {
	"/hn\\x1b[31mred",
	"/hn\"quote\\\\back",
	"/hn\\xff\\xfebad",
	"/hn\\x0anl",
	"/hn\xe6\x97\xa5\xe6\x9c\xac",
	"/hn\\xc2\\x9b2J",
	"/hn\\xed\\xa0\\x80\\xe2\\x80\\xaex",
};
#define N_HOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static struct hd_cgroup rows[N_HOSTILE + 1];
static struct hd_counter counters[N_HOSTILE];
static struct hd_stats st = { .cgroups = rows, .n_cgroups = N_HOSTILE + 1 };

static void fill_rows(void)
{
	size_t i;

	memset(rows, 0, sizeof(rows));
	memset(counters, 0, sizeof(counters));
	for (i = 0; i < N_HOSTILE; i++) {
		rows[i].id = 100 + i;
		strcpy(rows[i].path, hostile[i]);
		strcpy(rows[i].group, "names");
		rows[i].has_group = true;
		counters[i].area = HARDEN_AREA_CAP;
		counters[i].op = HARDEN_OP_CAPABLE;
		counters[i].detail = 21;	/* SYS_ADMIN */
		counters[i].denied = i + 1;
		rows[i].counters = &counters[i];
		rows[i].n_counters = 1;
	}
	/* One idle row, and a group name past the default column width. */
	rows[i].id = 99;
	strcpy(rows[i].path, "/docker/idle");
	strcpy(rows[i].group, "a-rather-long-group-name");
	rows[i].has_group = true;
}

/* Columns of a line: code points, wide characters (here only 日本) 2. */
static size_t columns(const char *s, size_t len)
{
	size_t i, cols = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) == 0x80)
			continue;
		cols += (c == 0xe6) ? 2 : 1;
	}
	return cols;
}

static void test_stats_table_hostile(void **state)
{
	size_t len, i, want = 0, nlines = 0;
	char *out, *line, *save = NULL;

	(void)state;
	fill_rows();
	out = capture(&st, false, &len);
	assert_int_equal(strlen(out), len);
	assert_true(clean_utf8(out, len));
	assert_null(memchr(out, 0x1b, len));
	for (i = 0; i < N_HOSTILE; i++)
		if (!strstr(out, shown[i]))
			fail_msg("table lacks %s:\n%s", shown[i], out);
	/*
	 * Columns line up: every line is the CGROUP column, two spaces and
	 * GROUP, then the same fixed-width tail, so the columns before the
	 * group name are the same on every line (of the cgroup table, which
	 * ends where the group totals start).
	 */
	*strstr(out, "\n\ngroup totals\n") = '\0';
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *g = strstr(line, "  names ");

		if (!g)
			g = strstr(line, "  GROUP ");
		if (!g)
			g = strstr(line, "  a-rather-long-group-name ");
		assert_non_null(g);
		if (!want)
			want = columns(line, (size_t)(g - line));
		else
			assert_int_equal(columns(line, (size_t)(g - line)), want);
		/* And the GROUP column is as wide as the longest group. */
		assert_int_equal(strlen(g + 2) - strlen(strchr(g + 2 + 24, ' ')), 24);
		nlines++;
	}
	assert_int_equal(nlines, N_HOSTILE + 2);
	assert_int_equal(want, columns(shown[6], strlen(shown[6])));
	free(out);
}

static void test_stats_json_hostile(void **state)
{
	size_t len, i;
	struct jp j;
	char *out;

	(void)state;
	fill_rows();
	out = capture(&st, true, &len);
	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON at offset %td:\n%s",
			 (const char *)j.p - out, out);
	assert_true(clean_utf8(out, len));
	for (i = 0; i < N_HOSTILE; i++)
		if (!json_has_string(&j, shown[i]))
			fail_msg("JSON lacks \"%s\":\n%s", shown[i], out);
	/* Exactly: the quote is JSON-escaped, the backslash doubled twice. */
	assert_non_null(strstr(out, "{\"id\":101,\"path\":\"/hn\\\"quote\\\\\\\\back\","));
	assert_non_null(strstr(out, "\"path\":\"/hn\\\\x1b[31mred\","));
	json_free(&j);
	free(out);
}

/* The validator rejects what it must (so the checks above mean something). */
static void test_validator(void **state)
{
	static const char *const bad[] = {
		"\"a\x1b\"", "\"a\nb\"", "\"\xff\"", "\"\xed\xa0\x80\"",
		"\"\\x41\"", "\"\\ud800\"", "[1,]", "{\"a\" 1}", "\"abc", "01",
		"[1] 2", "\"\xc0\xaf\"",
	};
	static const char *const good[] = {
		"\"a\\u001bb\"", "[]", "{}", "[1, -0.5e3, true, false, null]",
		"{\"k\": [\"\xe6\x97\xa5\", \"\\ud83d\\udc33\"]}",
	};
	struct jp j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (json_valid(bad[i], strlen(bad[i]), &j))
			fail_msg("validator accepted %s", bad[i]);
		json_free(&j);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!json_valid(good[i], strlen(good[i]), &j))
			fail_msg("validator rejected %s", good[i]);
		json_free(&j);
	}
}

static void test_show(void **state)
{
	struct policy_match m[2];
	struct policy_group g;
	struct policy pol = { .groups = &g, .n_groups = 1 };
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(m, 0, sizeof(m));
	strcpy(g.name, "web");
	strcpy(m[0].glob, "/docker/a\\b*");
	g.matches = m;
	g.n_matches = 1;
	g.mode = HARDEN_MODE_ENFORCE;

	/* What the kernel admits prints as is (backslash too: it round-trips). */
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 0);
	fclose(f);
	assert_string_equal(out, "group web {\n\tmatch /docker/a\\b*\n\tmode enforce\n}\n");
	free(out);

	/* Anything else is escaped as a whole, and says so. */
	strcpy(m[1].glob, "/x\x1b[2J\xff");
	g.n_matches = 2;
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 1);
	fclose(f);
	/* Clean but for the tabs of the layout. */
	for (i = 0; i < len; i++)
		if (out[i] == '\t')
			out[i] = ' ';
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, " match /docker/a\\\\b*\n"));
	assert_non_null(strstr(out, " match /x\\x1b[2J\\xff\n"));
	assert_true(out[0] == '#');
	free(out);

	/* A mount type is such a string too. */
	g.n_matches = 1;
	g.flags = HARDEN_GROUP_F_MOUNT;
	strcpy(g.mount_types[0].name, "tmpfs");
	strcpy(g.mount_types[1].name, "x\x1b]0;");
	g.n_mount_types = 1;
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 0);
	fclose(f);
	assert_non_null(strstr(out, "\tmount allow tmpfs\n}\n"));
	free(out);
	g.n_mount_types = 2;
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 1);
	fclose(f);
	assert_non_null(strstr(out, "\tmount allow tmpfs x\\x1b]0;\n"));
	free(out);

	/* And a net peer. */
	g.n_mount_types = 1;
	g.flags = HARDEN_GROUP_F_NET;
	strcpy(g.net_peers[0].name, "web");
	strcpy(g.net_peers[1].name, "d\x1b[2Jb");
	g.n_net_peers = 1;
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 0);
	fclose(f);
	assert_non_null(strstr(out, "\tnet isolate\n\tnet peer web\n}\n"));
	free(out);
	g.n_net_peers = 2;
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &pol), 1);
	fclose(f);
	assert_non_null(strstr(out, "\tnet peer web d\\x1b[2Jb\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_validator),
		cmocka_unit_test(test_exhaustive_pairs),
		cmocka_unit_test(test_lossless),
		cmocka_unit_test(test_stats_table_hostile),
		cmocka_unit_test(test_stats_json_hostile),
		cmocka_unit_test(test_show),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
