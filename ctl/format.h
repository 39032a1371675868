/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_FORMAT_H
#define _HARDCTL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct policy;

/*
 * Escaping of every string hardctl prints that comes from the kernel (cgroup
 * paths, group names, hook names, the module version). A container chooses
 * its cgroup names: they may hold terminal escape sequences, quotes,
 * backslashes and bytes that are not UTF-8. fmt_escape() is the one place
 * that decides how such a string is shown, in tables and in JSON alike.
 *
 * Text form (flags 0):
 *  - printable ASCII (space included) and valid UTF-8 encodings of printable
 *    characters stand for themselves;
 *  - a backslash is written \\ ;
 *  - every other byte is written \xNN (two lower-case hex digits), one escape
 *    per byte: C0 controls and DEL, the bytes of C1 controls (U+0080 to
 *    U+009F), of invisible format characters (bidirectional overrides and
 *    isolates, zero-width characters, U+2028, U+2029, U+FEFF, tag
 *    characters) and of noncharacters, and every byte that is not part of
 *    well-formed UTF-8 (a stray continuation byte, a truncated or overlong
 *    sequence, an encoded surrogate U+D800 to U+DFFF, a value past U+10FFFF).
 * The form is lossless: \\ and \xNN are its only escapes, so a backslash in
 * the output always starts one.
 *
 * JSON form (FMT_JSON): the text form as the contents of a JSON string
 * literal, with '"' and '\' escaped for JSON. The result is valid UTF-8 with
 * no control characters, and after JSON decoding a consumer holds exactly
 * the text form: the four characters \x1b for an ESC byte, two backslashes
 * for one.
 *
 * FMT_LAYOUT (text form only): newline and tab pass through, for escaping
 * multi-line output such as a policy.
 */
#define FMT_JSON	0x1u
#define FMT_LAYOUT	0x2u

/*
 * fmt_escape() - escape @len bytes of @s into @buf, like snprintf(): at most
 * @size - 1 bytes and a NUL are written (nothing if @size is 0).
 * Return: the length of the whole escaped form, without the NUL.
 */
size_t fmt_escape(char *buf, size_t size, const char *s, size_t len,
		  unsigned int flags);

/* Write the escaped form of @len bytes of @s / of the string @s to @f. */
void fmt_write(FILE *f, const char *s, size_t len, unsigned int flags);
void fmt_puts(FILE *f, const char *s, unsigned int flags);

/* Terminal columns the text form of @s takes (wide characters count 2). */
size_t fmt_width(const char *s);

/* The text form of @s, then spaces up to @width columns (left-aligned). */
void fmt_pad(FILE *f, const char *s, size_t width);

/* True if the text form of @s shows it unchanged except for backslashes. */
bool fmt_printable(const char *s);

/* Print @s as a JSON string literal (FMT_JSON form), quotes included. */
void json_string(FILE *f, const char *s);

/* A CLOCK_REALTIME second count as "YYYY-MM-DD HH:MM:SS UTC", 0 as "never". */
void format_time(char *buf, size_t len, uint64_t t);

/*
 * What `hardctl show` prints after its header: @pol in the policy language.
 * The kernel admits only printable ASCII in group names, globs and mount
 * filesystem types; should a string still hold anything else, the whole
 * text is printed in the escaped text form (FMT_LAYOUT) instead, which
 * does not load back.
 * Return: 0 if printed as is, 1 if escaped.
 */
int policy_print_safe(FILE *f, const struct policy *pol);

#endif /* _HARDCTL_FORMAT_H */
