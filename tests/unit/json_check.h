/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers shared by the unit tests: a UTF-8 cleanliness check and a
 * strict RFC 8259 JSON validator that collects the decoded strings, so
 * tests assert what a JSON consumer sees.
 */
#ifndef _HARDEN_TEST_JSON_CHECK_H
#define _HARDEN_TEST_JSON_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* No control byte (but newline), no DEL, and well-formed UTF-8 throughout. */
static inline bool clean_utf8(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;

	while (i < len) {
		unsigned char c = s[i], lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\n') || c == 0x7f)
				return false;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 2;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4;
		else
			return false;
		if (c == 0xe0)
			lo = 0xa0;
		if (c == 0xed)
			hi = 0x9f;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f;
		if (i + n > len)
			return false;
		for (k = 1; k < n; k++, lo = 0x80, hi = 0xbf)
			if (s[i + k] < lo || s[i + k] > hi)
				return false;
		/* C1 controls encoded in UTF-8 are controls too. */
		if (c == 0xc2 && s[i + 1] < 0xa0)
			return false;
		i += n;
	}
	return true;
}

/* ---- a strict JSON validator (RFC 8259) that collects decoded strings ---- */

struct jp {
	const unsigned char *p, *end;
	char *strings[1024];		/* decoded string values and keys */
	size_t n_strings;
};

static inline bool jvalue(struct jp *j, int depth);

static inline void jws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static inline int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline bool jhex4(struct jp *j, uint32_t *v)
{
	int i, h;

	*v = 0;
	if (j->end - j->p < 4)
		return false;
	for (i = 0; i < 4; i++) {
		h = hexval(*j->p++);
		if (h < 0)
			return false;
		*v = *v << 4 | (uint32_t)h;
	}
	return true;
}

static inline size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static inline bool jstring(struct jp *j)
{
	const unsigned char *start;
	char *out, *o;
	uint32_t cp, lo;

	if (j->p >= j->end || *j->p != '"')
		return false;
	start = ++j->p;
	out = o = malloc((size_t)(j->end - start) + 1);
	assert_non_null(out);
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = *j->p;

		if (c < 0x20)
			goto bad;		/* raw control character */
		if (c != '\\') {
			const unsigned char *q = j->p;

			/* One well-formed UTF-8 character, copied. */
			while (++q < j->end && (*q & 0xc0) == 0x80)
				;
			if (!clean_utf8((const char *)j->p, (size_t)(q - j->p)) &&
			    c >= 0x80)
				goto bad;
			memcpy(o, j->p, (size_t)(q - j->p));
			o += q - j->p;
			j->p = q;
			continue;
		}
		if (++j->p >= j->end)
			goto bad;
		switch (*j->p++) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (!jhex4(j, &cp))
				goto bad;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad;	/* lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u')
					goto bad;
				j->p += 2;
				if (!jhex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			o += put_utf8(o, cp);
			break;
		default:
			goto bad;
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	*o = '\0';
	if (j->n_strings < sizeof(j->strings) / sizeof(j->strings[0]))
		j->strings[j->n_strings++] = out;
	else
		free(out);
	return true;
bad:
	free(out);
	return false;
}

static inline bool jnumber(struct jp *j)
{
	const unsigned char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end)
		return false;
	if (*j->p == '0') {
		j->p++;
	} else if (*j->p >= '1' && *j->p <= '9') {
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	} else {
		return false;
	}
	if (j->p < j->end && *j->p == '.') {
		if (++j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static inline bool jword(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return false;
	j->p += n;
	return true;
}

static inline bool jcontainer(struct jp *j, int depth, char close, bool object)
{
	j->p++;
	jws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		jws(j);
		if (object) {
			if (!jstring(j))
				return false;
			jws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return false;
		}
		if (!jvalue(j, depth + 1))
			return false;
		jws(j);
		if (j->p >= j->end)
			return false;
		if (*j->p == close) {
			j->p++;
			return true;
		}
		if (*j->p++ != ',')
			return false;
	}
}

static inline bool jvalue(struct jp *j, int depth)
{
	if (depth > 32)
		return false;
	jws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return jcontainer(j, depth, '}', true);
	case '[':
		return jcontainer(j, depth, ']', false);
	case '"':
		return jstring(j);
	case 't':
		return jword(j, "true");
	case 'f':
		return jword(j, "false");
	case 'n':
		return jword(j, "null");
	default:
		return jnumber(j);
	}
}

/* Validate a whole JSON text; on success @j holds its decoded strings. */
static inline bool json_valid(const char *text, size_t len, struct jp *j)
{
	memset(j, 0, sizeof(*j));
	j->p = (const unsigned char *)text;
	j->end = j->p + len;
	if (!jvalue(j, 0))
		return false;
	jws(j);
	return j->p == j->end;
}

static inline bool json_has_string(const struct jp *j, const char *s)
{
	size_t i;

	for (i = 0; i < j->n_strings; i++)
		if (!strcmp(j->strings[i], s))
			return true;
	return false;
}

static inline void json_free(struct jp *j)
{
	while (j->n_strings)
		free(j->strings[--j->n_strings]);
}

#endif /* _HARDEN_TEST_JSON_CHECK_H */
