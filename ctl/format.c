// SPDX-License-Identifier: GPL-2.0
/*
 * Output formatting shared by subcommands; pure, so unit-tested.
 *
 * fmt_escape() and its wrappers are the only code that prints strings that
 * come from the kernel: see format.h for the forms.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "policy.h"

void format_time(char *buf, size_t len, uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "%s", t ? "?" : "never");
}

/* ---- Unicode, as much as escaping and column widths need ---- */

struct range {
	uint32_t first, last;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Valid but not shown: format characters that are invisible or reorder
 * text (soft hyphen, Arabic/Syriac marks, Mongolian vowel separator,
 * zero-width space/joiners, LRM/RLM, U+2028/U+2029, bidi embeddings,
 * overrides and isolates, word joiner and invisible operators, BOM,
 * interlinear annotation, tags) and the Hangul fillers that render blank.
 */
static const struct range invisible[] = {
	{ 0x00ad, 0x00ad }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
	{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 }, { 0x115f, 0x1160 }, { 0x180e, 0x180e },
	{ 0x200b, 0x200f }, { 0x2028, 0x202e }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206f }, { 0x3164, 0x3164 }, { 0xfeff, 0xfeff },
	{ 0xffa0, 0xffa0 }, { 0xfff9, 0xfffb }, { 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
	{ 0x1d173, 0x1d17a }, { 0xe0000, 0xe007f },
};

/* Combining marks (0 columns); the common blocks, not all of Mn/Me. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1161, 0x11ff },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302f }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xe0100, 0xe01ef },
};

/* East Asian Wide and Fullwidth, emoji presentation (2 columns). */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f202 }, { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 },
	{ 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/*
 * Length (1 to 4) of the well-formed UTF-8 sequence at @s, with its code
 * point in *@cp, or 0 if @s does not start one (Unicode 15, table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF).
 */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc2)			/* continuation byte; overlong C0, C1 */
		return 0;
	if (c < 0xe0) {
		n = 2;
		*cp = c & 0x1f;
	} else if (c < 0xf0) {
		n = 3;
		*cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c < 0xf5) {
		n = 4;
		*cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

static bool cp_shown(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return false;
	if (cp < 0x80)
		return true;
	if (cp < 0xa0)			/* C1 controls */
		return false;
	if ((cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef))
		return false;		/* noncharacters */
	return !in_ranges(cp, invisible, ARRAY_SIZE(invisible));
}

static size_t cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, ARRAY_SIZE(zero_width)))
		return 0;
	return in_ranges(cp, wide, ARRAY_SIZE(wide)) ? 2 : 1;
}

/* ---- the escaper ---- */

/* Where escaped output goes: a stream, or a buffer (snprintf-like). */
struct sink {
	FILE *f;
	char *buf;
	size_t size;
	size_t len;			/* bytes of the whole output */
	size_t cols;			/* terminal columns of the text form */
	size_t escaped;			/* bytes written as \xNN */
};

static void put(struct sink *k, const char *p, size_t n)
{
	if (k->f) {
		fwrite(p, 1, n, k->f);
	} else if (k->buf && k->len + 1 < k->size) {
		size_t room = k->size - 1 - k->len;

		memcpy(k->buf + k->len, p, n < room ? n : room);
	}
	k->len += n;
}

static void escape(struct sink *k, const char *str, size_t len,
		   unsigned int flags)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	/* What starts an escape of the text form, as written in this form. */
	const char *bs = (flags & FMT_JSON) ? "\\\\" : "\\";
	size_t bslen = strlen(bs), i = 0, n, j;
	uint32_t cp;

	while (i < len) {
		n = utf8_seq(s + i, len - i, &cp);
		if (n == 1 && cp == '\\') {
			put(k, bs, bslen);
			put(k, bs, bslen);
			k->cols += 2;
		} else if (n == 1 && cp == '"' && (flags & FMT_JSON)) {
			put(k, "\\\"", 2);
			k->cols++;
		} else if (n == 1 && (cp == '\n' || cp == '\t') &&
			   (flags & FMT_LAYOUT) && !(flags & FMT_JSON)) {
			put(k, str + i, 1);
		} else if (n && cp_shown(cp)) {
			put(k, str + i, n);
			k->cols += cp_width(cp);
		} else {
			/*
			 * All bytes of a valid character that is not shown,
			 * or the one byte that starts no valid sequence (the
			 * next byte gets its own look).
			 */
			if (!n)
				n = 1;
			for (j = 0; j < n; j++) {
				char e[2] = { hex[s[i + j] >> 4], hex[s[i + j] & 15] };

				put(k, bs, bslen);
				put(k, "x", 1);
				put(k, e, 2);
				k->cols += 4;
				k->escaped++;
			}
		}
		i += n;
	}
}

size_t fmt_escape(char *buf, size_t size, const char *s, size_t len,
		  unsigned int flags)
{
	struct sink k = { .buf = buf, .size = size };

	escape(&k, s, len, flags);
	if (size)
		buf[k.len < size ? k.len : size - 1] = '\0';
	return k.len;
}

void fmt_write(FILE *f, const char *s, size_t len, unsigned int flags)
{
	struct sink k = { .f = f };

	escape(&k, s, len, flags);
}

void fmt_puts(FILE *f, const char *s, unsigned int flags)
{
	fmt_write(f, s, strlen(s), flags);
}

size_t fmt_width(const char *s)
{
	struct sink k = { 0 };

	escape(&k, s, strlen(s), 0);
	return k.cols;
}

void fmt_pad(FILE *f, const char *s, size_t width)
{
	struct sink k = { .f = f };

	escape(&k, s, strlen(s), 0);
	for (; k.cols < width; k.cols++)
		fputc(' ', f);
}

bool fmt_printable(const char *s)
{
	struct sink k = { 0 };

	escape(&k, s, strlen(s), 0);
	return !k.escaped;
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	fmt_puts(f, s, FMT_JSON);
	fputc('"', f);
}

/* ---- hardctl show ---- */

int policy_print_safe(FILE *f, const struct policy *pol)
{
	char *text = NULL;
	size_t i, j, len = 0;
	bool plain = true;
	FILE *m;

	for (i = 0; i < pol->n_groups && plain; i++) {
		const struct policy_group *g = &pol->groups[i];

		plain = fmt_printable(g->name);
		for (j = 0; j < g->n_matches && plain; j++)
			plain = fmt_printable(g->matches[j].glob);
		for (j = 0; j < g->n_mount_types && plain; j++)
			plain = fmt_printable(g->mount_types[j].name);
		for (j = 0; j < g->n_net_peers && plain; j++)
			plain = fmt_printable(g->net_peers[j].name);
	}
	if (plain) {
		policy_print(f, pol);
		return 0;
	}
	fputs("# the policy in force holds names that are not printable text;\n"
	      "# shown escaped (\\xNN, \\\\), this text does not load back\n", f);
	m = open_memstream(&text, &len);
	if (m) {
		policy_print(m, pol);
		if (fclose(m) == 0)
			fmt_write(f, text, len, FMT_LAYOUT);
	}
	free(text);
	return 1;
}
