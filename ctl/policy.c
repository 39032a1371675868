// SPDX-License-Identifier: GPL-2.0
/*
 * Policy language v1: lexer, parser and canonical printer.
 *
 * The grammar is line based: a directive ends at a newline or at '}'.
 * '#' starts a comment where a token could start (as in sh), so a '#'
 * inside a word is an ordinary character. '{' and '}' always stand alone.
 * Every error carries the line and byte column of the offending token so
 * that hardctl can point the admin at it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "../kmod/glob.h"
#include "policy.h"
#include "signals.h"

/* Capabilities 0..HARDCTL_CAP_LAST: what "caps all" means. */
#define CAPS_ALL_MASK	((1ULL << (HARDCTL_CAP_LAST + 1)) - 1)

/* Longest token we quote in a message, so that the message stays readable. */
#define QUOTE_MAX	48

enum tok_type { T_EOF, T_NL, T_WORD, T_LBRACE, T_RBRACE };

struct tok {
	enum tok_type type;
	const char *s;
	size_t len;
	struct policy_loc loc;
};

struct parser {
	const char *p, *end;
	struct policy_loc pos;		/* of *p */
	struct tok peeked;
	bool has_peeked;
	struct policy *pol;
	struct policy_error *err;
};

/* A token quoted for a message: 'abc', shortened with "..." if long. */
struct quoted {
	char s[QUOTE_MAX + 8];
};

static const char *quote(struct quoted *q, const char *s, size_t len)
{
	int cut = QUOTE_MAX - 3;

	/*
	 * The text is valid UTF-8 by now (check_text()): cut before the
	 * character that would be split, not inside it.
	 */
	while (len > QUOTE_MAX && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	if (len > QUOTE_MAX)
		snprintf(q->s, sizeof(q->s), "'%.*s...'", cut, s);
	else
		snprintf(q->s, sizeof(q->s), "'%.*s'", (int)len, s);
	return q->s;
}

/* How a token reads in "expected X, found Y" messages. */
static const char *describe(struct quoted *q, const struct tok *t)
{
	switch (t->type) {
	case T_EOF:
		return "end of file";
	case T_NL:
		return "end of line";
	case T_LBRACE:
		return "'{'";
	case T_RBRACE:
		return "'}'";
	default:
		return quote(q, t->s, t->len);
	}
}

static int perr(struct parser *ps, struct policy_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, struct policy_loc loc, const char *fmt, ...)
{
	va_list ap;

	ps->err->loc = loc;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static struct policy_loc loc_at(struct policy_loc loc, size_t off)
{
	loc.col += off;
	return loc;
}

static bool tok_is(const struct tok *t, const char *word)
{
	return t->type == T_WORD && strlen(word) == t->len &&
	       memcmp(t->s, word, t->len) == 0;
}

static bool tok_is_ci(const struct tok *t, const char *word)
{
	return t->type == T_WORD && strlen(word) == t->len &&
	       strncasecmp(t->s, word, t->len) == 0;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive Levenshtein distance, for "did you mean" hints. */
static unsigned int edit_distance(const char *a, size_t alen, const char *b)
{
	unsigned int row[64], i, j, diag, tmp;
	size_t blen = strlen(b);

	if (alen >= 64 || blen >= 64)
		return ~0U;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= blen; j++) {
			unsigned int best;

			tmp = row[j];
			best = diag + (lower(a[i - 1]) != lower(b[j - 1]));
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = tmp;
		}
	}
	return row[blen];
}

/* Closest of @words to the token, or NULL if none is close enough. */
static const char *suggest(const struct tok *t, const char *const *words,
			   size_t n)
{
	unsigned int d, best_d = 3;
	const char *best = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!words[i])
			continue;
		d = edit_distance(t->s, t->len, words[i]);
		if (d < best_d) {
			best_d = d;
			best = words[i];
		}
	}
	return best;
}

/* A hint for tokens that hold a non-ASCII byte, e.g. a pasted U+00A0. */
static const char *non_ascii_hint(const struct tok *t)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if ((unsigned char)t->s[i] >= 0x80)
			return " (it holds a non-ASCII character; was it pasted from a web page?)";
	return "";
}

/*
 * Reject what is not UTF-8 text before lexing: NUL bytes (binary file),
 * control characters other than tab/CR/LF, and malformed UTF-8.
 */
static int check_text(struct parser *ps, const unsigned char *s, size_t len)
{
	struct policy_loc loc = { 1, 1 };
	size_t i = 0, n, k;

	while (i < len) {
		unsigned char c = s[i], lo = 0x80, hi = 0xbf;

		if (c == '\n') {
			loc.line++;
			loc.col = 1;
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == 0)
				return perr(ps, loc, "NUL byte in the policy; is this a text file?");
			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
				return perr(ps, loc, "control character 0x%02x in the policy; only tabs, spaces and newlines may separate words",
					    c);
			loc.col++;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (c == 0xed)
				hi = 0x9f;	/* UTF-16 surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;	/* overlong */
			else if (c == 0xf4)
				hi = 0x8f;	/* above U+10FFFF */
		} else {
			goto bad;
		}
		if (len - i <= n)
			goto bad;
		for (k = 1; k <= n; k++) {
			unsigned char cc = s[i + k];

			if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xbf))
				goto bad;
		}
		/* U+0080..U+009F are C1 control characters. */
		if (c == 0xc2 && s[i + 1] <= 0x9f)
			return perr(ps, loc, "control character U+%04X in the policy; only tabs, spaces and newlines may separate words",
				    s[i + 1]);
		loc.col += n + 1;
		i += n + 1;
	}
	return 0;
bad:
	return perr(ps, loc, "invalid UTF-8 byte 0x%02x; the policy must be UTF-8 text",
		    s[i]);
}

static void advance(struct parser *ps)
{
	ps->p++;
	ps->pos.col++;
}

static struct tok lex(struct parser *ps)
{
	struct tok t = { 0 };
	char c;

	while (ps->p < ps->end) {
		c = *ps->p;
		if (c == ' ' || c == '\t' || c == '\r') {
			advance(ps);
		} else if (c == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				advance(ps);
		} else {
			break;
		}
	}
	t.s = ps->p;
	t.loc = ps->pos;
	if (ps->p == ps->end) {
		t.type = T_EOF;
		return t;
	}
	c = *ps->p;
	t.len = 1;
	if (c == '\n') {
		t.type = T_NL;
		ps->p++;
		ps->pos.line++;
		ps->pos.col = 1;
		return t;
	}
	advance(ps);
	if (c == '{') {
		t.type = T_LBRACE;
		return t;
	}
	if (c == '}') {
		t.type = T_RBRACE;
		return t;
	}
	t.type = T_WORD;
	while (ps->p < ps->end) {
		c = *ps->p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '{' || c == '}')
			break;
		advance(ps);
	}
	t.len = ps->p - t.s;
	return t;
}

static struct tok next(struct parser *ps)
{
	if (ps->has_peeked) {
		ps->has_peeked = false;
		return ps->peeked;
	}
	return lex(ps);
}

static struct tok peek(struct parser *ps)
{
	if (!ps->has_peeked) {
		ps->peeked = lex(ps);
		ps->has_peeked = true;
	}
	return ps->peeked;
}

static bool at_end_of_directive(const struct tok *t)
{
	return t->type == T_NL || t->type == T_RBRACE || t->type == T_EOF;
}

/* After a directive's last argument only a newline or '}' may follow. */
static int expect_end(struct parser *ps, const char *what, const char *hint)
{
	struct tok t = peek(ps);
	struct quoted q;

	if (at_end_of_directive(&t))
		return 0;
	return perr(ps, t.loc, "unexpected %s after %s; %s", describe(&q, &t),
		    what, hint ? hint : "put one directive per line");
}

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Group names: [A-Za-z0-9_.-], 1..HARDEN_GROUP_NAME_MAX - 1 bytes. */
static int check_name(struct parser *ps, const struct tok *t, const char *what)
{
	struct quoted q;
	size_t i;

	for (i = 0; i < t->len; i++) {
		unsigned char c = t->s[i];

		if (name_char_ok(c))
			continue;
		if (c > ' ' && c < 0x7f)
			return perr(ps, loc_at(t->loc, i),
				    "invalid character '%c' in %s %s; use only letters, digits, '_', '.' and '-'",
				    c, what, quote(&q, t->s, t->len));
		return perr(ps, loc_at(t->loc, i),
			    "invalid byte 0x%02x in %s %s; use only letters, digits, '_', '.' and '-'",
			    c, what, quote(&q, t->s, t->len));
	}
	if (t->len >= HARDEN_GROUP_NAME_MAX)
		return perr(ps, t->loc, "%s %s is too long: %zu bytes, the limit is %d",
			    what, quote(&q, t->s, t->len), t->len,
			    HARDEN_GROUP_NAME_MAX - 1);
	return 0;
}

static int parse_match(struct parser *ps, struct policy_group *g,
		       const struct tok *kw)
{
	struct tok t = next(ps);
	struct policy_match *m;
	struct quoted q;
	const char *msg;
	size_t off, i, j;
	char glob[HARDEN_GLOB_MAX];

	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected a cgroup path glob after 'match' (e.g. 'match /docker/*'), found %s",
			    describe(&q, &t));
	if (g->n_matches >= HARDEN_MAX_MATCHES)
		return perr(ps, kw->loc, "too many 'match' lines in group '%s': the limit is %d",
			    g->name, HARDEN_MAX_MATCHES);
	if (t.len >= HARDEN_GLOB_MAX)
		return perr(ps, loc_at(t.loc, HARDEN_GLOB_MAX - 1),
			    "glob %s is too long: %zu bytes, the limit is %d",
			    quote(&q, t.s, t.len), t.len, HARDEN_GLOB_MAX - 1);
	memcpy(glob, t.s, t.len);
	glob[t.len] = '\0';
	msg = harden_glob_check(glob, &off);
	if (msg)
		return perr(ps, loc_at(t.loc, off), "invalid glob %s: %s",
			    quote(&q, t.s, t.len), msg);

	/* A repeated glob is dead text: the first group that matches wins. */
	for (i = 0; i < ps->pol->n_groups; i++) {
		const struct policy_group *o = &ps->pol->groups[i];

		for (j = 0; j < o->n_matches; j++) {
			if (strcmp(o->matches[j].glob, glob))
				continue;
			if (o == g)
				return perr(ps, t.loc, "duplicate 'match %s' in group '%s' (first on line %u)",
					    glob, g->name,
					    o->matches[j].loc.line);
			return perr(ps, t.loc, "'match %s' is already in group '%s' (line %u); a cgroup gets the first group that matches, so this line would never apply",
				    glob, o->name, o->matches[j].loc.line);
		}
	}

	if (!(g->n_matches & (g->n_matches - 1))) {
		/* Grow at powers of two. */
		size_t cap = g->n_matches ? g->n_matches * 2 : 1;

		m = realloc(g->matches, cap * sizeof(*m));
		if (!m)
			return perr(ps, (struct policy_loc){ 0, 0 }, "out of memory");
		g->matches = m;
	}
	m = &g->matches[g->n_matches++];
	memcpy(m->glob, glob, t.len + 1);
	m->loc = t.loc;
	return expect_end(ps, "the glob",
			  "'match' takes one glob: write one 'match' line per glob");
}

static int parse_mode(struct parser *ps, struct policy_group *g,
		      const struct tok *kw)
{
	static const char *const modes[] = { "enforce", "audit" };
	struct tok t = next(ps);
	struct quoted q;
	const char *s;

	if (g->mode_loc.line)
		return perr(ps, kw->loc, "duplicate 'mode' in group '%s' (first on line %u)",
			    g->name, g->mode_loc.line);
	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected 'enforce' or 'audit' after 'mode', found %s",
			    describe(&q, &t));
	if (tok_is(&t, "enforce")) {
		g->mode = HARDEN_MODE_ENFORCE;
	} else if (tok_is(&t, "audit")) {
		g->mode = HARDEN_MODE_AUDIT;
	} else {
		s = suggest(&t, modes, 2);
		if (s)
			return perr(ps, t.loc, "unknown mode %s; did you mean '%s'? (expected 'enforce' or 'audit')",
				    quote(&q, t.s, t.len), s);
		return perr(ps, t.loc, "unknown mode %s; expected 'enforce' or 'audit'",
			    quote(&q, t.s, t.len));
	}
	g->mode_loc = kw->loc;
	return expect_end(ps, "the mode", "'mode' takes one value");
}

static int unknown_cap(struct parser *ps, const struct tok *t)
{
	const char *names[HARDCTL_CAP_LAST + 1];
	struct tok bare = *t;
	struct quoted q;
	const char *s;
	int i;

	for (i = 0; i <= HARDCTL_CAP_LAST; i++)
		names[i] = cap_name(i);
	if (bare.len > 4 && strncasecmp(bare.s, "CAP_", 4) == 0) {
		bare.s += 4;
		bare.len -= 4;
	}
	/* Docker's --cap-add takes a comma-separated list; this does not. */
	if (memchr(t->s, ',', t->len))
		return perr(ps, t->loc, "unknown capability %s; separate capability names with spaces, not commas",
			    quote(&q, t->s, t->len));
	s = suggest(&bare, names, HARDCTL_CAP_LAST + 1);
	if (s)
		return perr(ps, t->loc, "unknown capability %s; did you mean '%s'?",
			    quote(&q, t->s, t->len), s);
	return perr(ps, t->loc, "unknown capability %s%s; see capabilities(7) for the names",
		    quote(&q, t->s, t->len), non_ascii_hint(t));
}

static int parse_caps(struct parser *ps, struct policy_group *g,
		      const struct tok *kw)
{
	unsigned int seen_col[HARDCTL_CAP_LAST + 1] = { 0 };
	struct tok t, special = { 0 };
	bool any = false;
	uint64_t mask = 0;
	struct quoted q, q2;
	int cap;

	if (g->flags & HARDEN_GROUP_F_CAPS)
		return perr(ps, kw->loc, "duplicate 'caps' in group '%s' (first on line %u); list all capabilities on one 'caps' line",
			    g->name, g->caps_loc.line);
	for (t = peek(ps); t.type == T_WORD; t = peek(ps)) {
		next(ps);
		if (tok_is_ci(&t, "all") || tok_is_ci(&t, "none")) {
			if (any)
				return perr(ps, t.loc, "%s must be alone: write 'caps %.*s' for %s capabilities, or list names",
					    quote(&q, t.s, t.len), (int)t.len,
					    t.s, tok_is_ci(&t, "all") ?
					    "all" : "no");
			special = t;
			mask = tok_is_ci(&t, "all") ? CAPS_ALL_MASK : 0;
			any = true;
			continue;
		}
		if (special.type == T_WORD)
			return perr(ps, t.loc, "%s cannot be combined with capability names (found %s)",
				    quote(&q, special.s, special.len),
				    quote(&q2, t.s, t.len));
		cap = cap_from_name(t.s, t.len);
		if (cap < 0)
			return unknown_cap(ps, &t);
		if (seen_col[cap])
			return perr(ps, t.loc, "capability %s is listed twice in 'caps' (first at column %u)",
				    quote(&q, t.s, t.len), seen_col[cap]);
		seen_col[cap] = t.loc.col;
		mask |= 1ULL << cap;
		any = true;
	}
	if (!any)
		return perr(ps, t.loc, "expected capability names, 'all' or 'none' after 'caps', found %s",
			    describe(&q, &t));
	g->flags |= HARDEN_GROUP_F_CAPS;
	g->caps = mask;
	g->caps_loc = kw->loc;
	return expect_end(ps, "the capabilities", NULL);
}

/*
 * Filesystem type names as the kernel registers them (/proc/filesystems):
 * [A-Za-z0-9_-], 1..HARDEN_FSTYPE_MAX - 1 bytes. Names this hardctl does
 * not know are fine: a host may have filesystems of its own.
 */
static int check_fstype(struct parser *ps, const struct tok *t)
{
	struct quoted q;
	size_t i;

	for (i = 0; i < t->len; i++) {
		unsigned char c = t->s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-')
			continue;
		/*
		 * /proc/mounts shows FUSE mounts as "fuse.sshfs", but the
		 * kernel registers, and harden matches, the base type only.
		 */
		if (c == '.' && i)
			return perr(ps, loc_at(t->loc, i),
				    "filesystem type %s has a subtype; write its base type '%.*s', which covers every '%.*s.*' subtype",
				    quote(&q, t->s, t->len), (int)i, t->s,
				    (int)i, t->s);
		if (c > ' ' && c < 0x7f)
			return perr(ps, loc_at(t->loc, i),
				    "invalid character '%c' in filesystem type %s; use only letters, digits, '_' and '-'",
				    c, quote(&q, t->s, t->len));
		return perr(ps, loc_at(t->loc, i),
			    "invalid byte 0x%02x in filesystem type %s; use only letters, digits, '_' and '-'",
			    c, quote(&q, t->s, t->len));
	}
	if (t->len >= HARDEN_FSTYPE_MAX)
		return perr(ps, t->loc, "filesystem type %s is too long: %zu bytes, the limit is %d",
			    quote(&q, t->s, t->len), t->len, HARDEN_FSTYPE_MAX - 1);
	return 0;
}

/* One more type of "mount allow TYPE...". */
static int add_fstype(struct parser *ps, struct policy_group *g,
		      const struct tok *t)
{
	struct policy_fstype *ft;
	struct quoted q;
	size_t i;

	/*
	 * Read as "every type" or "no type", these would mean the opposite:
	 * mounts of a filesystem called "all" only.
	 */
	if (tok_is_ci(t, "all"))
		return perr(ps, t->loc, "%s is not a filesystem type; 'mount allow' alone allows every mount",
			    quote(&q, t->s, t->len));
	if (tok_is_ci(t, "none"))
		return perr(ps, t->loc, "%s is not a filesystem type; 'mount deny' allows no mount",
			    quote(&q, t->s, t->len));
	if (g->n_mount_types >= HARDEN_MAX_MOUNT_TYPES)
		return perr(ps, t->loc, "too many filesystem types in 'mount allow': the limit is %d",
			    HARDEN_MAX_MOUNT_TYPES);
	if (check_fstype(ps, t))
		return -1;
	for (i = 0; i < g->n_mount_types; i++)
		if (strlen(g->mount_types[i].name) == t->len &&
		    !memcmp(g->mount_types[i].name, t->s, t->len))
			return perr(ps, t->loc, "filesystem type %s is listed twice in 'mount allow' (first at column %u)",
				    quote(&q, t->s, t->len),
				    g->mount_types[i].loc.col);
	ft = &g->mount_types[g->n_mount_types++];
	memcpy(ft->name, t->s, t->len);
	ft->name[t->len] = '\0';
	ft->loc = t->loc;
	return 0;
}

/*
 * mount deny: every mount operation is a violation.
 * mount allow TYPE...: new mounts of these types are allowed, every other
 * mount operation is a violation.
 * mount allow: mounts are not policed (as without a mount line).
 */
static int parse_mount(struct parser *ps, struct policy_group *g,
		       const struct tok *kw)
{
	static const char *const settings[] = { "deny", "allow" };
	struct quoted q;
	const char *s;
	struct tok t;

	if (g->mount_loc.line)
		return perr(ps, kw->loc, "duplicate 'mount' in group '%s' (first on line %u); list all filesystem types on one 'mount allow' line",
			    g->name, g->mount_loc.line);
	t = next(ps);
	if (tok_is(&t, "deny")) {
		if (expect_end(ps, "'mount deny'",
			       "'mount deny' takes no filesystem types; to allow some, write 'mount allow TYPE...'"))
			return -1;
		g->flags |= HARDEN_GROUP_F_MOUNT;
	} else if (tok_is(&t, "allow")) {
		for (t = peek(ps); t.type == T_WORD; t = peek(ps)) {
			next(ps);
			if (add_fstype(ps, g, &t))
				return -1;
		}
		if (expect_end(ps, "the filesystem types", NULL))
			return -1;
		if (g->n_mount_types)
			g->flags |= HARDEN_GROUP_F_MOUNT;
	} else if (t.type == T_WORD) {
		s = suggest(&t, settings, 2);
		if (s)
			return perr(ps, t.loc, "unknown mount setting %s; did you mean '%s'? (expected 'deny', 'allow' or 'allow FSTYPE...')",
				    quote(&q, t.s, t.len), s);
		return perr(ps, t.loc, "unknown mount setting %s; expected 'deny', 'allow' or 'allow FSTYPE...'",
			    quote(&q, t.s, t.len));
	} else {
		return perr(ps, t.loc, "expected 'deny' or 'allow' after 'mount', found %s",
			    describe(&q, &t));
	}
	g->mount_loc = kw->loc;
	return 0;
}

/*
 * A setting that is not deny, container or allow. Common slips get their
 * own hint: signals after 'signal' (it takes a scope, which covers all of
 * them), the words of other directives (none, all), and a neighbour of a
 * setting.
 */
static int unknown_scope(struct parser *ps, const char *what, const struct tok *t)
{
	static const char *const settings[] = { "deny", "container", "allow" };
	bool sig = !strcmp(what, "signal");
	struct quoted q;
	const char *s;

	if (sig && sig_from_name(t->s, t->len) >= 0)
		return perr(ps, t->loc, "unknown signal setting %s; 'signal' covers every signal: expected 'deny', 'container' or 'allow'",
			    quote(&q, t->s, t->len));
	if (tok_is_ci(t, "none"))
		return perr(ps, t->loc, "unknown %s setting %s; to reach no other task, write '%s deny'",
			    what, quote(&q, t->s, t->len), what);
	if (tok_is_ci(t, "all"))
		return perr(ps, t->loc, "unknown %s setting %s; to leave %s alone, write '%s allow'",
			    what, quote(&q, t->s, t->len),
			    sig ? "signals" : "ptrace", what);
	if (tok_is_ci(t, "self"))
		return perr(ps, t->loc, "unknown %s setting %s; a task may always act on itself and its threads: to reach no other task, write '%s deny'",
			    what, quote(&q, t->s, t->len), what);
	s = suggest(t, settings, 3);
	if (s)
		return perr(ps, t->loc, "unknown %s setting %s; did you mean '%s'? (expected 'deny', 'container' or 'allow')%s",
			    what, quote(&q, t->s, t->len), s, non_ascii_hint(t));
	return perr(ps, t->loc, "unknown %s setting %s; expected 'deny', 'container' or 'allow'%s",
		    what, quote(&q, t->s, t->len), non_ascii_hint(t));
}

/*
 * ptrace deny | container | allow, signal deny | container | allow: which
 * other tasks a member may reach with ptrace-class access (ptrace(2),
 * /proc/PID/mem, root, ns, ..., process_vm_*, pidfd_getfd, kcmp) or with
 * signals. deny: none; container: those of its own container; allow: the
 * area is not policed (as without the line). A task may always act on
 * itself and its own threads.
 */
static int parse_scope(struct parser *ps, struct policy_group *g,
		       const struct tok *kw)
{
	bool is_ptrace = tok_is(kw, "ptrace");
	const char *what = is_ptrace ? "ptrace" : "signal";
	struct policy_loc *loc = is_ptrace ? &g->ptrace_loc : &g->signal_loc;
	uint8_t *scope = is_ptrace ? &g->ptrace_scope : &g->signal_scope;
	uint32_t flag = is_ptrace ? HARDEN_GROUP_F_PTRACE : HARDEN_GROUP_F_SIGNAL;
	struct quoted q;
	struct tok t;

	if (loc->line)
		return perr(ps, kw->loc, "duplicate '%s' in group '%s' (first on line %u)",
			    what, g->name, loc->line);
	t = next(ps);
	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected 'deny', 'container' or 'allow' after '%s', found %s",
			    what, describe(&q, &t));
	if (tok_is(&t, "deny")) {
		g->flags |= flag;
		*scope = HARDEN_SCOPE_DENY;
	} else if (tok_is(&t, "container")) {
		g->flags |= flag;
		*scope = HARDEN_SCOPE_CONTAINER;
	} else if (!tok_is(&t, "allow")) {
		return unknown_scope(ps, what, &t);
	}
	*loc = kw->loc;
	if (is_ptrace)
		return expect_end(ps, "the ptrace setting", "'ptrace' takes one value");
	return expect_end(ps, "the signal setting",
			  "'signal' takes one value, which covers every signal");
}

/*
 * net peer GROUP...: the groups whose containers an isolated group's
 * containers may still talk to. Names are checked against the whole file
 * once it is read (check_peers()), so a peer may be defined further down.
 */
static int parse_net_peer(struct parser *ps, struct policy_group *g,
			  const struct tok *kw)
{
	struct policy_peer *pp;
	struct quoted q;
	struct tok t = peek(ps);
	size_t i;

	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected a group name after 'net peer', found %s",
			    describe(&q, &t));
	for (; t.type == T_WORD; t = peek(ps)) {
		next(ps);
		if (check_name(ps, &t, "group name"))
			return -1;
		for (i = 0; i < g->n_net_peers; i++) {
			pp = &g->net_peers[i];
			if (strlen(pp->name) == t.len && !memcmp(pp->name, t.s, t.len))
				return perr(ps, t.loc, "group %s is named twice in 'net peer' of group '%s' (first on line %u, column %u)",
					    quote(&q, t.s, t.len), g->name,
					    pp->loc.line, pp->loc.col);
		}
		if (g->n_net_peers >= HARDEN_MAX_NET_PEERS)
			return perr(ps, t.loc, "too many 'net peer' groups in group '%s': the limit is %d",
				    g->name, HARDEN_MAX_NET_PEERS);
		pp = &g->net_peers[g->n_net_peers++];
		memcpy(pp->name, t.s, t.len);
		pp->name[t.len] = '\0';
		pp->loc = t.loc;
	}
	if (!g->net_peer_loc.line)
		g->net_peer_loc = kw->loc;
	return expect_end(ps, "the peer groups", "'net peer' takes group names only");
}

/*
 * net isolate: the group's containers exchange no traffic with other
 * containers, but for those of its peers.
 * net allow: traffic is not policed (as without a net line).
 * net peer GROUP...: see above; only with 'net isolate'.
 */
static int parse_net(struct parser *ps, struct policy_group *g,
		     const struct tok *kw)
{
	static const char *const settings[] = { "isolate", "allow", "peer" };
	struct quoted q;
	const char *s;
	struct tok t = next(ps);
	bool isolate;

	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected 'isolate', 'allow' or 'peer GROUP...' after 'net', found %s",
			    describe(&q, &t));
	if (tok_is(&t, "peer"))
		return parse_net_peer(ps, g, kw);
	if (!tok_is(&t, "isolate") && !tok_is(&t, "allow")) {
		if (tok_is_ci(&t, "deny") || tok_is_ci(&t, "none") ||
		    tok_is_ci(&t, "isolated") || tok_is_ci(&t, "block"))
			return perr(ps, t.loc, "unknown net setting %s; to cut a group's containers off from other containers, write 'net isolate' (expected 'isolate', 'allow' or 'peer GROUP...')",
				    quote(&q, t.s, t.len));
		s = suggest(&t, settings, 3);
		if (s)
			return perr(ps, t.loc, "unknown net setting %s; did you mean '%s'? (expected 'isolate', 'allow' or 'peer GROUP...')%s",
				    quote(&q, t.s, t.len), s, non_ascii_hint(&t));
		return perr(ps, t.loc, "unknown net setting %s; expected 'isolate', 'allow' or 'peer GROUP...'%s",
			    quote(&q, t.s, t.len), non_ascii_hint(&t));
	}
	isolate = tok_is(&t, "isolate");
	if (g->net_loc.line) {
		const char *first = (g->flags & HARDEN_GROUP_F_NET) ? "isolate" : "allow";

		if (isolate == !!(g->flags & HARDEN_GROUP_F_NET))
			return perr(ps, kw->loc, "duplicate 'net %s' in group '%s' (first on line %u)",
				    first, g->name, g->net_loc.line);
		return perr(ps, kw->loc, "'net %s' contradicts 'net %s' in group '%s' (line %u); keep one",
			    isolate ? "isolate" : "allow", first, g->name,
			    g->net_loc.line);
	}
	if (isolate)
		g->flags |= HARDEN_GROUP_F_NET;
	g->net_loc = kw->loc;
	return expect_end(ps, isolate ? "'net isolate'" : "'net allow'",
			  "it takes no value: name the groups it may talk to on a 'net peer GROUP...' line");
}

/* ---- host kernel interfaces ---- */

/*
 * The one-word host lines: the setting that polices the interface, or
 * "allow", which leaves it alone (as without the line).
 */
struct host_line {
	const char *kw;
	const char *on;
	uint32_t flag;
	size_t loc_off;			/* of its policy_loc in the group */
	const char *meaning;		/* of @on, for hints */
};

static const struct host_line host_lines[] = {
	{ "sysctl", "readonly", HARDEN_GROUP_F_SYSCTL,
	  offsetof(struct policy_group, sysctl_loc),
	  "to keep members from writing host-wide sysctls" },
	{ "procfs", "readonly", HARDEN_GROUP_F_PROCFS,
	  offsetof(struct policy_group, procfs_loc),
	  "to keep members from writing host /proc files" },
	{ "sysfs", "readonly", HARDEN_GROUP_F_SYSFS,
	  offsetof(struct policy_group, sysfs_loc),
	  "to keep members from writing sysfs and its kin" },
	{ "cgroupfs", "container", HARDEN_GROUP_F_CGROUPFS,
	  offsetof(struct policy_group, cgroupfs_loc),
	  "to let members write only their own container's cgroups" },
	{ "autoload", "deny", HARDEN_GROUP_F_AUTOLOAD,
	  offsetof(struct policy_group, autoload_loc),
	  "to keep members from making the kernel load modules" },
	{ "keyring", "deny", HARDEN_GROUP_F_KEYRING,
	  offsetof(struct policy_group, keyring_loc),
	  "to keep members away from the kernel keyrings" },
};

static const struct host_line *host_line_of(const struct tok *kw)
{
	size_t i;

	for (i = 0; i < sizeof(host_lines) / sizeof(host_lines[0]); i++)
		if (tok_is(kw, host_lines[i].kw))
			return &host_lines[i];
	return NULL;
}

/*
 * sysctl readonly | allow, procfs readonly | allow, sysfs readonly | allow,
 * cgroupfs container | allow, autoload deny | allow, keyring deny | allow:
 * one line each.
 */
static int parse_host_line(struct parser *ps, struct policy_group *g,
			   const struct tok *kw, const struct host_line *hl)
{
	const char *settings[] = { hl->on, "allow" };
	struct policy_loc *loc = (struct policy_loc *)((char *)g + hl->loc_off);
	struct quoted q;
	const char *s;
	char what[64];
	struct tok t = next(ps);
	bool on;

	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected '%s' or 'allow' after '%s', found %s",
			    hl->on, hl->kw, describe(&q, &t));
	if (!tok_is(&t, hl->on) && !tok_is(&t, "allow")) {
		if (tok_is_ci(&t, "deny") || tok_is_ci(&t, "readonly") ||
		    tok_is_ci(&t, "ro") || tok_is_ci(&t, "read-only") ||
		    tok_is_ci(&t, "none") || tok_is_ci(&t, "container") ||
		    tok_is_ci(&t, "isolate"))
			return perr(ps, t.loc, "unknown %s setting %s; %s, write '%s %s' (expected '%s' or 'allow')",
				    hl->kw, quote(&q, t.s, t.len), hl->meaning,
				    hl->kw, hl->on, hl->on);
		s = suggest(&t, settings, 2);
		if (s)
			return perr(ps, t.loc, "unknown %s setting %s; did you mean '%s'? (expected '%s' or 'allow')%s",
				    hl->kw, quote(&q, t.s, t.len), s, hl->on,
				    non_ascii_hint(&t));
		return perr(ps, t.loc, "unknown %s setting %s; expected '%s' or 'allow'%s",
			    hl->kw, quote(&q, t.s, t.len), hl->on,
			    non_ascii_hint(&t));
	}
	on = tok_is(&t, hl->on);
	if (loc->line) {
		const char *first = (g->flags & hl->flag) ? hl->on : "allow";

		if (on == !!(g->flags & hl->flag))
			return perr(ps, kw->loc, "duplicate '%s %s' in group '%s' (first on line %u)",
				    hl->kw, first, g->name, loc->line);
		return perr(ps, kw->loc, "'%s %s' contradicts '%s %s' in group '%s' (line %u); keep one",
			    hl->kw, on ? hl->on : "allow", hl->kw, first,
			    g->name, loc->line);
	}
	if (on)
		g->flags |= hl->flag;
	*loc = kw->loc;
	snprintf(what, sizeof(what), "'%s %s'", hl->kw, on ? hl->on : "allow");
	return expect_end(ps, what, on ? "it takes no value" :
			  "it takes no value: 'allow' leaves the interface alone");
}

/*
 * Devices by name, from Documentation/admin-guide/devices.txt; only those
 * with a fixed number (no dynamic majors such as rtc).
 */
struct device_name {
	const char *name;
	uint64_t rule;
};

#define DEV_C(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, maj, min)
#define DEV_B(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_BLOCK, maj, min)
#define ANY_MINOR	HARDEN_DEVICE_MINOR_ANY

/* The first name of a rule is the one policy_print() writes. */
static const struct device_name device_names[] = {
	{ "fuse", DEV_C(10, 229) },
	{ "tun", DEV_C(10, 200) },
	{ "net/tun", DEV_C(10, 200) },
	{ "kvm", DEV_C(10, 232) },
	{ "loop", DEV_B(7, ANY_MINOR) },
	{ "loop-control", DEV_C(10, 237) },
	{ "nbd", DEV_B(43, ANY_MINOR) },
	{ "sd", DEV_B(8, ANY_MINOR) },
	{ "sr", DEV_B(11, ANY_MINOR) },
	{ "sg", DEV_C(21, ANY_MINOR) },
	{ "vhost-net", DEV_C(10, 238) },
	{ "vhost-vsock", DEV_C(10, 241) },
	{ "uinput", DEV_C(10, 223) },
	{ "hwrng", DEV_C(10, 183) },
	{ "dri", DEV_C(226, ANY_MINOR) },
	{ "snd", DEV_C(116, ANY_MINOR) },
	{ "input", DEV_C(13, ANY_MINOR) },
	{ "kmsg", DEV_C(1, 11) },
	{ "mem", DEV_C(1, 1) },
	{ "port", DEV_C(1, 4) },
};

#define N_DEVICE_NAMES	(sizeof(device_names) / sizeof(device_names[0]))

#define DEVICE_SYNTAX	"a name from harden.conf(5) (glob '*' allowed) or 'c:MAJOR:MINOR', 'b:MAJOR:MINOR', 'a:MAJOR:MINOR' ('*' for any)"

/* Whole-string match of @pat (where '*' is any run of bytes) against @s. */
static bool star_match(const char *pat, size_t plen, const char *s)
{
	const char *star_p = NULL, *star_s = NULL, *pend = pat + plen;

	while (*s) {
		if (pat < pend && *pat == '*') {
			star_p = ++pat;
			star_s = s;
		} else if (pat < pend && *pat == *s) {
			pat++;
			s++;
		} else if (star_p) {
			pat = star_p;
			s = ++star_s;
		} else {
			return false;
		}
	}
	while (pat < pend && *pat == '*')
		pat++;
	return pat == pend;
}

void policy_device_text(uint64_t rule, char *buf, size_t len)
{
	uint64_t type = rule & (HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK);
	unsigned int major, minor;
	char maj[16], min[16];
	size_t i;

	for (i = 0; i < N_DEVICE_NAMES; i++) {
		if (device_names[i].rule == rule) {
			snprintf(buf, len, "%s", device_names[i].name);
			return;
		}
	}
	major = (rule >> HARDEN_DEVICE_MAJOR_SHIFT) & HARDEN_DEVICE_MAJOR_MASK;
	minor = rule & HARDEN_DEVICE_MINOR_MASK;
	if (rule & HARDEN_DEVICE_MAJOR_ANY)
		snprintf(maj, sizeof(maj), "*");
	else
		snprintf(maj, sizeof(maj), "%u", major);
	if (rule & HARDEN_DEVICE_MINOR_ANY)
		snprintf(min, sizeof(min), "*");
	else
		snprintf(min, sizeof(min), "%u", minor);
	snprintf(buf, len, "%c:%s:%s",
		 type == HARDEN_DEVICE_CHAR ? 'c' :
		 type == HARDEN_DEVICE_BLOCK ? 'b' : 'a', maj, min);
}

/*
 * One number of a "c:MAJ:MIN" spec, from @s (offset @off in the token) up
 * to ':' or the end: digits or '*'. Stores the rule bits in @bits.
 */
static int parse_dev_number(struct parser *ps, const struct tok *t, size_t off,
			    size_t end, const char *what, unsigned long max,
			    uint64_t any, unsigned int shift, uint64_t *bits)
{
	unsigned long n = 0;
	struct quoted q;
	size_t i;

	if (off == end)
		return perr(ps, loc_at(t->loc, off), "missing %s number in device %s; expected a number or '*'",
			    what, quote(&q, t->s, t->len));
	if (end - off == 1 && t->s[off] == '*') {
		*bits |= any;
		return 0;
	}
	for (i = off; i < end; i++) {
		unsigned char c = t->s[i];

		if (c < '0' || c > '9') {
			if (c > ' ' && c < 0x7f)
				return perr(ps, loc_at(t->loc, i), "invalid character '%c' in the %s number of device %s; expected a number or '*'",
					    c, what, quote(&q, t->s, t->len));
			return perr(ps, loc_at(t->loc, i), "invalid byte 0x%02x in the %s number of device %s; expected a number or '*'",
				    c, what, quote(&q, t->s, t->len));
		}
		if (n <= max)
			n = n * 10 + (c - '0');
	}
	if (n > max)
		return perr(ps, loc_at(t->loc, off), "%s number %.*s of device %s is out of range: the limit is %lu",
			    what, (int)(end - off), t->s + off,
			    quote(&q, t->s, t->len), max);
	*bits |= (uint64_t)n << shift;
	return 0;
}

/* "c:MAJ:MIN", "b:MAJ:MIN", "a:MAJ:MIN". */
static int parse_dev_spec(struct parser *ps, const struct tok *t, uint64_t *rule)
{
	struct quoted q;
	size_t colon;

	*rule = 0;
	if (t->s[0] == 'c')
		*rule = HARDEN_DEVICE_CHAR;
	else if (t->s[0] == 'b')
		*rule = HARDEN_DEVICE_BLOCK;
	else if (t->s[0] == 'a')
		*rule = HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK;
	if (!*rule || t->len < 2 || t->s[1] != ':')
		return perr(ps, t->loc, "invalid device type in %s; a device rule starts with 'c:' (character), 'b:' (block) or 'a:' (both), as in 'c:10:200'",
			    quote(&q, t->s, t->len));
	for (colon = 2; colon < t->len && t->s[colon] != ':'; colon++)
		;
	if (colon == t->len)
		return perr(ps, loc_at(t->loc, t->len), "missing ':MINOR' in device %s; write '%c:MAJOR:MINOR' ('*' for any)",
			    quote(&q, t->s, t->len), t->s[0]);
	if (parse_dev_number(ps, t, 2, colon, "major", HARDEN_DEVICE_MAJOR_MASK,
			     HARDEN_DEVICE_MAJOR_ANY, HARDEN_DEVICE_MAJOR_SHIFT, rule))
		return -1;
	return parse_dev_number(ps, t, colon + 1, t->len, "minor",
				HARDEN_DEVICE_MINOR_MASK,
				HARDEN_DEVICE_MINOR_ANY, 0, rule);
}

static int add_device(struct parser *ps, struct policy_group *g,
		      const struct tok *t, uint64_t rule)
{
	struct policy_device *d;
	struct quoted q;
	char text[32];
	size_t i;

	for (i = 0; i < g->n_devices; i++) {
		if (g->devices[i].rule != rule)
			continue;
		/* One glob may name a device twice: tun and net/tun. */
		if (g->devices[i].loc.line == t->loc.line &&
		    g->devices[i].loc.col == t->loc.col)
			return 0;
		policy_device_text(rule, text, sizeof(text));
		return perr(ps, t->loc, "device %s (%s) is already allowed in group '%s' (line %u, column %u)",
			    quote(&q, t->s, t->len), text, g->name,
			    g->devices[i].loc.line, g->devices[i].loc.col);
	}
	if (g->n_devices >= HARDEN_MAX_DEVICES)
		return perr(ps, t->loc, "too many devices in 'devices allow' of group '%s': the limit is %d rules",
			    g->name, HARDEN_MAX_DEVICES);
	d = &g->devices[g->n_devices++];
	d->rule = rule;
	d->loc = t->loc;
	return 0;
}

/* One DEVICE of "devices allow DEVICE...": a spec, or a name glob. */
static int parse_device(struct parser *ps, struct policy_group *g,
			const struct tok *t)
{
	const char *names[N_DEVICE_NAMES];
	bool matched = false;
	struct quoted q;
	const char *s;
	uint64_t rule;
	size_t i;

	if (tok_is_ci(t, "all") || tok_is_ci(t, "any"))
		return perr(ps, t->loc, "%s is not a device; 'devices allow' alone leaves devices alone",
			    quote(&q, t->s, t->len));
	if (tok_is_ci(t, "none"))
		return perr(ps, t->loc, "%s is not a device; 'devices deny' allows only the safe set",
			    quote(&q, t->s, t->len));
	if (memchr(t->s, ':', t->len)) {
		if (parse_dev_spec(ps, t, &rule))
			return -1;
		return add_device(ps, g, t, rule);
	}
	for (i = 0; i < N_DEVICE_NAMES; i++) {
		names[i] = device_names[i].name;
		if (!star_match(t->s, t->len, names[i]))
			continue;
		matched = true;
		if (add_device(ps, g, t, device_names[i].rule))
			return -1;
	}
	if (matched)
		return 0;
	if (t->s[0] == '/')
		return perr(ps, t->loc, "unknown device %s; devices are named without '/dev/' (e.g. 'kvm', 'net/tun'), or written as 'c:MAJOR:MINOR'",
			    quote(&q, t->s, t->len));
	s = suggest(t, names, N_DEVICE_NAMES);
	if (s)
		return perr(ps, t->loc, "unknown device %s; did you mean '%s'? (a device is " DEVICE_SYNTAX ")%s",
			    quote(&q, t->s, t->len), s, non_ascii_hint(t));
	if (memchr(t->s, '*', t->len))
		return perr(ps, t->loc, "device glob %s matches no known device name; a device is " DEVICE_SYNTAX "%s",
			    quote(&q, t->s, t->len), non_ascii_hint(t));
	return perr(ps, t->loc, "unknown device %s; a device is " DEVICE_SYNTAX "%s",
		    quote(&q, t->s, t->len), non_ascii_hint(t));
}

/* What the first devices line of @g said, for messages. */
static const char *devices_first(const struct policy_group *g)
{
	if (!(g->flags & HARDEN_GROUP_F_DEVICES))
		return "devices allow";
	return g->n_devices ? "devices allow DEVICE..." : "devices deny";
}

/*
 * devices deny: no block device, of the character devices only the safe
 * set. devices allow DEVICE...: the same, plus these; may be repeated.
 * devices allow: devices are not policed (as without a devices line).
 */
static int parse_devices(struct parser *ps, struct policy_group *g,
			 const struct tok *kw)
{
	static const char *const settings[] = { "deny", "allow" };
	struct quoted q;
	const char *s, *first = devices_first(g);
	struct tok t = next(ps);
	bool had = g->devices_loc.line, list;

	if (t.type != T_WORD)
		return perr(ps, t.loc, "expected 'deny', 'allow' or 'allow DEVICE...' after 'devices', found %s",
			    describe(&q, &t));
	if (tok_is(&t, "deny")) {
		if (had && !strcmp(first, "devices deny"))
			return perr(ps, kw->loc, "duplicate 'devices deny' in group '%s' (first on line %u)",
				    g->name, g->devices_loc.line);
		if (had)
			return perr(ps, kw->loc, "'devices deny' contradicts '%s' in group '%s' (line %u); keep one",
				    first, g->name, g->devices_loc.line);
		if (expect_end(ps, "'devices deny'",
			       "'devices deny' takes no devices; to allow some, write 'devices allow DEVICE...'"))
			return -1;
		g->flags |= HARDEN_GROUP_F_DEVICES;
		g->devices_loc = kw->loc;
		return 0;
	}
	if (!tok_is(&t, "allow")) {
		s = suggest(&t, settings, 2);
		if (s)
			return perr(ps, t.loc, "unknown devices setting %s; did you mean '%s'? (expected 'deny', 'allow' or 'allow DEVICE...')%s",
				    quote(&q, t.s, t.len), s, non_ascii_hint(&t));
		return perr(ps, t.loc, "unknown devices setting %s; expected 'deny', 'allow' or 'allow DEVICE...'%s",
			    quote(&q, t.s, t.len), non_ascii_hint(&t));
	}
	t = peek(ps);
	list = t.type == T_WORD;
	if (had && !list && !strcmp(first, "devices allow"))
		return perr(ps, kw->loc, "duplicate 'devices allow' in group '%s' (first on line %u)",
			    g->name, g->devices_loc.line);
	if (had && (!list || strcmp(first, "devices allow DEVICE...")))
		return perr(ps, kw->loc, "'%s' contradicts '%s' in group '%s' (line %u); keep one",
			    list ? "devices allow DEVICE..." : "devices allow",
			    first, g->name, g->devices_loc.line);
	for (; t.type == T_WORD; t = peek(ps)) {
		next(ps);
		if (parse_device(ps, g, &t))
			return -1;
	}
	if (expect_end(ps, "the devices", NULL))
		return -1;
	if (list)
		g->flags |= HARDEN_GROUP_F_DEVICES;
	if (!had)
		g->devices_loc = kw->loc;
	return 0;
}

static int parse_directive(struct parser *ps, struct policy_group *g,
			   const struct tok *kw)
{
	/* Only what this version enforces is offered as a hint. */
	static const char *const known[] = {
		"match", "mode", "caps", "mount", "ptrace", "signal", "net",
		"sysctl", "procfs", "sysfs", "cgroupfs", "devices", "autoload", "keyring",
	};
	const struct host_line *hl;
	struct quoted q;
	const char *s;

	if (tok_is(kw, "match"))
		return parse_match(ps, g, kw);
	if (tok_is(kw, "mode"))
		return parse_mode(ps, g, kw);
	if (tok_is(kw, "caps"))
		return parse_caps(ps, g, kw);
	if (tok_is(kw, "mount"))
		return parse_mount(ps, g, kw);
	if (tok_is(kw, "ptrace") || tok_is(kw, "signal"))
		return parse_scope(ps, g, kw);
	if (tok_is(kw, "net"))
		return parse_net(ps, g, kw);
	hl = host_line_of(kw);
	if (hl)
		return parse_host_line(ps, g, kw, hl);
	if (tok_is(kw, "devices"))
		return parse_devices(ps, g, kw);
	if (tok_is(kw, "group"))
		return perr(ps, kw->loc, "'group' inside group '%s' (opened on line %u); is its closing '}' missing?",
			    g->name, g->loc.line);
	s = suggest(kw, known, sizeof(known) / sizeof(known[0]));
	if (s)
		return perr(ps, kw->loc, "unknown directive %s in group '%s'; did you mean '%s'?%s",
			    quote(&q, kw->s, kw->len), g->name, s,
			    non_ascii_hint(kw));
	return perr(ps, kw->loc, "unknown directive %s in group '%s'; expected 'match', 'mode', 'caps', 'mount', 'ptrace', 'signal', 'net', 'sysctl', 'procfs', 'sysfs', 'cgroupfs', 'devices', 'autoload' or 'keyring'%s",
		    quote(&q, kw->s, kw->len), g->name, non_ascii_hint(kw));
}

static int parse_group(struct parser *ps, const struct tok *kw)
{
	struct policy *pol = ps->pol;
	struct policy_group *g;
	struct tok name, t;
	struct quoted q;
	size_t i;

	if (pol->n_groups >= HARDEN_MAX_GROUPS)
		return perr(ps, kw->loc, "too many groups: the limit is %d",
			    HARDEN_MAX_GROUPS);
	name = next(ps);
	if (name.type != T_WORD)
		return perr(ps, name.loc, "expected a group name after 'group', found %s",
			    describe(&q, &name));
	if (check_name(ps, &name, "group name"))
		return -1;
	for (i = 0; i < pol->n_groups; i++) {
		if (strlen(pol->groups[i].name) == name.len &&
		    !memcmp(pol->groups[i].name, name.s, name.len))
			return perr(ps, name.loc, "duplicate group name %s (first defined on line %u)",
				    quote(&q, name.s, name.len),
				    pol->groups[i].loc.line);
	}
	/* '{' may be on a later line. */
	do {
		t = next(ps);
	} while (t.type == T_NL);
	if (t.type != T_LBRACE)
		return perr(ps, t.loc, "expected '{' after 'group %.*s', found %s",
			    (int)name.len, name.s, describe(&q, &t));

	if (!(pol->n_groups & (pol->n_groups - 1))) {
		size_t cap = pol->n_groups ? pol->n_groups * 2 : 1;

		g = realloc(pol->groups, cap * sizeof(*g));
		if (!g)
			return perr(ps, (struct policy_loc){ 0, 0 }, "out of memory");
		pol->groups = g;
	}
	g = &pol->groups[pol->n_groups++];
	memset(g, 0, sizeof(*g));
	memcpy(g->name, name.s, name.len);
	g->loc = name.loc;
	g->mode = HARDEN_MODE_ENFORCE;

	for (;;) {
		t = next(ps);
		if (t.type == T_NL)
			continue;
		if (t.type == T_RBRACE)
			break;
		if (t.type == T_EOF)
			return perr(ps, t.loc, "unexpected end of file: group '%s' (line %u) has no closing '}'",
				    g->name, g->loc.line);
		if (t.type == T_LBRACE)
			return perr(ps, t.loc, "unexpected '{' in group '%s'", g->name);
		if (parse_directive(ps, g, &t))
			return -1;
	}
	if (!g->n_matches)
		return perr(ps, g->loc, "group '%s' has no 'match' line, so it applies to no cgroup; add one, e.g. 'match /docker/*'",
			    g->name);
	/* Peers are exceptions to isolation: meaningless without it. */
	if (g->n_net_peers && !(g->flags & HARDEN_GROUP_F_NET)) {
		if (g->net_loc.line)
			return perr(ps, g->net_peer_loc, "'net peer' in group '%s', which has 'net allow' (line %u): peers are the exceptions to 'net isolate'; write 'net isolate' there, or remove this line",
				    g->name, g->net_loc.line);
		return perr(ps, g->net_peer_loc, "'net peer' in group '%s' without 'net isolate': peers are the exceptions to isolation; add 'net isolate' to the group",
			    g->name);
	}
	t = peek(ps);
	if (t.type != T_NL && t.type != T_EOF)
		return perr(ps, t.loc, "unexpected %s after the '}' of group '%s'; start it on a new line",
			    describe(&q, &t), g->name);
	return 0;
}

/*
 * Every 'net peer' name is a group of the file, wherever it is defined:
 * checked once the whole file is read.
 */
static int check_peers(struct parser *ps)
{
	const char *names[HARDEN_MAX_GROUPS];
	const struct policy *pol = ps->pol;
	struct quoted q;
	size_t i, j, k;

	for (i = 0; i < pol->n_groups; i++)
		names[i] = pol->groups[i].name;
	for (i = 0; i < pol->n_groups; i++) {
		const struct policy_group *g = &pol->groups[i];

		for (j = 0; j < g->n_net_peers; j++) {
			const struct policy_peer *pp = &g->net_peers[j];
			struct tok t = {
				.type = T_WORD, .s = pp->name,
				.len = strlen(pp->name), .loc = pp->loc,
			};
			const char *s;

			for (k = 0; k < pol->n_groups; k++)
				if (!strcmp(names[k], pp->name))
					break;
			if (k < pol->n_groups)
				continue;
			if (tok_is_ci(&t, "all") || tok_is_ci(&t, "any"))
				return perr(ps, pp->loc, "unknown group %s in 'net peer' of group '%s'; to let its containers talk to every container, write 'net allow'",
					    quote(&q, t.s, t.len), g->name);
			s = suggest(&t, names, pol->n_groups);
			if (s)
				return perr(ps, pp->loc, "unknown group %s in 'net peer' of group '%s'; did you mean '%s'? (a peer is a group of this policy)",
					    quote(&q, t.s, t.len), g->name, s);
			return perr(ps, pp->loc, "unknown group %s in 'net peer' of group '%s'; a peer must be a group defined in this policy",
				    quote(&q, t.s, t.len), g->name);
		}
	}
	return 0;
}

int policy_parse(const char *text, size_t len, const char *file,
		 struct policy *out, struct policy_error *err)
{
	struct parser ps = { 0 };
	struct quoted q;
	struct tok t;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	snprintf(out->file, sizeof(out->file), "%s", file ? file : "");
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	ps.pol = out;
	ps.err = err;
	if (len > POLICY_FILE_MAX) {
		perr(&ps, (struct policy_loc){ 0, 0 },
		     "policy is too large: %zu bytes, the limit is %d",
		     len, POLICY_FILE_MAX);
		goto fail;
	}
	if (!text)
		text = "";
	if (check_text(&ps, (const unsigned char *)text, len))
		goto fail;

	ps.p = text;
	ps.end = text + len;
	ps.pos.line = 1;
	ps.pos.col = 1;
	for (;;) {
		t = next(&ps);
		if (t.type == T_EOF)
			break;
		if (t.type == T_NL)
			continue;
		if (tok_is(&t, "group")) {
			if (parse_group(&ps, &t))
				goto fail;
			continue;
		}
		if (tok_is(&t, "match") || tok_is(&t, "mode") ||
		    tok_is(&t, "caps") || tok_is(&t, "mount") ||
		    tok_is(&t, "ptrace") || tok_is(&t, "signal") ||
		    tok_is(&t, "net") || tok_is(&t, "devices") ||
		    host_line_of(&t)) {
			perr(&ps, t.loc, "%s outside a group; directives go inside 'group NAME { ... }'",
			     quote(&q, t.s, t.len));
			goto fail;
		}
		if (t.type == T_RBRACE)
			perr(&ps, t.loc, "unexpected '}' outside a group");
		else
			perr(&ps, t.loc, "expected 'group', found %s",
			     describe(&q, &t));
		goto fail;
	}
	if (check_peers(&ps))
		goto fail;
	return 0;
fail:
	policy_free(out);
	memset(out, 0, sizeof(*out));
	return -1;
}

int policy_parse_file(const char *path, struct policy *out,
		      struct policy_error *err)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	size_t total = 0;
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	int fd, ret = -1;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", name);

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err->msg, sizeof(err->msg), "cannot open: %s",
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err->msg, sizeof(err->msg),
				 "is a directory, not a policy file");
			goto out;
		}
		/* Refuse big regular files without reading them. */
		if (S_ISREG(st.st_mode) && st.st_size > POLICY_FILE_MAX) {
			snprintf(err->msg, sizeof(err->msg),
				 "policy is too large: %lld bytes, the limit is %d",
				 (long long)st.st_size, POLICY_FILE_MAX);
			goto out;
		}
	}

	/* One byte more than the limit tells "too large" from "exactly full". */
	buf = malloc(POLICY_FILE_MAX + 1);
	if (!buf) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		goto out;
	}
	while (total < POLICY_FILE_MAX + 1) {
		n = read(fd, buf + total, POLICY_FILE_MAX + 1 - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err->msg, sizeof(err->msg), "cannot read: %s",
				 strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		total += n;
	}
	if (total > POLICY_FILE_MAX) {
		snprintf(err->msg, sizeof(err->msg),
			 "policy is too large: more than %d bytes, the limit is %d",
			 POLICY_FILE_MAX, POLICY_FILE_MAX);
		goto out;
	}
	ret = policy_parse(buf, total, name, out, err);
out:
	free(buf);
	if (!is_stdin)
		close(fd);
	return ret;
}

/* Docker's container ID: 64 hex digits. */
#define POLICY_EXAMPLE_ID \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/*
 * Glob matches the shadow check may spend: a few microseconds each, so a
 * policy at the limits (2,048 globs, millions of pairs) costs well under a
 * second, while a real one (tens of globs) is checked whole.
 */
#define POLICY_SHADOW_BUDGET	100000

/* The first earlier group's match that takes @path, or NULL. */
static const struct policy_match *policy_taken_by(const struct policy *pol,
						  size_t before, const char *path,
						  const struct policy_group **by,
						  unsigned long *spent)
{
	size_t i, j;

	for (i = 0; i < before; i++) {
		const struct policy_group *o = &pol->groups[i];

		for (j = 0; j < o->n_matches; j++) {
			if (++*spent > POLICY_SHADOW_BUDGET)
				return NULL;
			if (harden_glob_match_subtree(o->matches[j].glob, path)) {
				*by = o;
				return &o->matches[j];
			}
		}
	}
	return NULL;
}

unsigned int policy_warn_shadowed(FILE *f, const struct policy *pol)
{
	static const char *const stars[] = {
		"x", POLICY_EXAMPLE_ID, "docker-" POLICY_EXAMPLE_ID ".scope",
	};
	const char *file = pol->file[0] ? pol->file : "<policy>";
	unsigned long spent = 0;
	unsigned int n = 0;
	char path[4096];		/* PATH_MAX: a cgroup path's longest */
	size_t i, j, k;

	for (i = 1; i < pol->n_groups; i++) {
		const struct policy_group *g = &pol->groups[i];

		for (j = 0; j < g->n_matches; j++) {
			const struct policy_match *m = &g->matches[j], *e = NULL;
			const struct policy_group *by = NULL;

			for (k = 0; k < sizeof(stars) / sizeof(stars[0]) && !e; k++) {
				if (harden_glob_example(m->glob, stars[k], path,
							sizeof(path)))
					e = policy_taken_by(pol, i, path, &by,
							    &spent);
			}
			if (spent > POLICY_SHADOW_BUDGET) {
				fprintf(f, "%s:%u:%u: note: too many globs to look further for shadowed groups\n",
					file, m->loc.line, m->loc.col);
				return n;
			}
			if (!e)
				continue;
			fprintf(f, "%s:%u:%u: warning: cgroup %s gets group '%s' (its 'match %s' on line %u), not '%s': the first group that matches wins; put '%s' before '%s' if it should\n",
				file, m->loc.line, m->loc.col, path, by->name,
				e->glob, e->loc.line, g->name, g->name, by->name);
			n++;
		}
	}
	return n;
}

void policy_free(struct policy *pol)
{
	size_t i;

	if (!pol)
		return;
	for (i = 0; i < pol->n_groups; i++)
		free(pol->groups[i].matches);
	free(pol->groups);
	pol->groups = NULL;
	pol->n_groups = 0;
}

static void print_caps(FILE *f, uint64_t caps)
{
	uint64_t known = caps & CAPS_ALL_MASK, unknown = caps & ~CAPS_ALL_MASK;
	int cap;

	if (known == CAPS_ALL_MASK) {
		fputs("\tcaps all", f);
	} else if (!known) {
		fputs("\tcaps none", f);
	} else {
		fputs("\tcaps", f);
		for (cap = 0; cap <= HARDCTL_CAP_LAST; cap++)
			if (known & (1ULL << cap))
				fprintf(f, " %s", cap_name(cap));
	}
	/*
	 * Bits past the last known capability can only come from a newer
	 * kernel; say so instead of dropping them silently.
	 */
	if (unknown) {
		fputs(" # also allows capability numbers", f);
		for (cap = HARDCTL_CAP_LAST + 1; cap < HARDEN_CAP_BITS; cap++)
			if (unknown & (1ULL << cap))
				fprintf(f, " %d", cap);
	}
	fputc('\n', f);
}

/* Nothing for a group that leaves mounts alone: no line means the same. */
static void print_mount(FILE *f, const struct policy_group *g)
{
	size_t i;

	if (!(g->flags & HARDEN_GROUP_F_MOUNT))
		return;
	if (!g->n_mount_types) {
		fputs("\tmount deny\n", f);
		return;
	}
	fputs("\tmount allow", f);
	for (i = 0; i < g->n_mount_types; i++)
		fprintf(f, " %s", g->mount_types[i].name);
	fputc('\n', f);
}

/*
 * "ptrace deny", "signal container"; nothing for a group that leaves the
 * area alone, as no line means the same. A scope this hardctl has no name
 * for (a newer kernel's) is shown as its number, which does not load back.
 */
static void print_scope(FILE *f, const char *what, bool on, uint8_t scope)
{
	if (!on)
		return;
	if (scope == HARDEN_SCOPE_DENY)
		fprintf(f, "\t%s deny\n", what);
	else if (scope == HARDEN_SCOPE_CONTAINER)
		fprintf(f, "\t%s container\n", what);
	else
		fprintf(f, "\t%s %u\n", what, scope);
}

/*
 * "net isolate" and its peers on one line; nothing for a group that
 * leaves traffic alone, as no line means the same.
 */
static void print_net(FILE *f, const struct policy_group *g)
{
	size_t i;

	if (!(g->flags & HARDEN_GROUP_F_NET))
		return;
	fputs("\tnet isolate\n", f);
	if (!g->n_net_peers)
		return;
	fputs("\tnet peer", f);
	for (i = 0; i < g->n_net_peers; i++)
		fprintf(f, " %s", g->net_peers[i].name);
	fputc('\n', f);
}

/*
 * The host lines that police something; nothing for an interface left
 * alone, as no line means the same. Devices on one line, by name where
 * the table has one.
 */
static void print_host(FILE *f, const struct policy_group *g)
{
	char text[32];
	size_t i;

	for (i = 0; i < sizeof(host_lines) / sizeof(host_lines[0]); i++)
		if (g->flags & host_lines[i].flag)
			fprintf(f, "\t%s %s\n", host_lines[i].kw, host_lines[i].on);
	if (!(g->flags & HARDEN_GROUP_F_DEVICES))
		return;
	if (!g->n_devices) {
		fputs("\tdevices deny\n", f);
		return;
	}
	fputs("\tdevices allow", f);
	for (i = 0; i < g->n_devices; i++) {
		policy_device_text(g->devices[i].rule, text, sizeof(text));
		fprintf(f, " %s", text);
	}
	fputc('\n', f);
}

void policy_print(FILE *f, const struct policy *pol)
{
	size_t i, j;

	for (i = 0; i < pol->n_groups; i++) {
		const struct policy_group *g = &pol->groups[i];

		if (i)
			fputc('\n', f);
		fprintf(f, "group %s {\n", g->name);
		for (j = 0; j < g->n_matches; j++)
			fprintf(f, "\tmatch %s\n", g->matches[j].glob);
		if (g->mode == HARDEN_MODE_ENFORCE)
			fputs("\tmode enforce\n", f);
		else if (g->mode == HARDEN_MODE_AUDIT)
			fputs("\tmode audit\n", f);
		else
			fprintf(f, "\tmode %u\n", g->mode);
		if (g->flags & HARDEN_GROUP_F_CAPS)
			print_caps(f, g->caps);
		print_mount(f, g);
		print_scope(f, "ptrace", g->flags & HARDEN_GROUP_F_PTRACE,
			    g->ptrace_scope);
		print_scope(f, "signal", g->flags & HARDEN_GROUP_F_SIGNAL,
			    g->signal_scope);
		print_net(f, g);
		print_host(f, g);
		fputs("}\n", f);
	}
}

void policy_error_print(FILE *f, const struct policy_error *err)
{
	const char *file = err->file[0] ? err->file : "<policy>";

	if (err->loc.line)
		fprintf(f, "%s:%u:%u: error: %s\n", file, err->loc.line,
			err->loc.col, err->msg);
	else
		fprintf(f, "%s: error: %s\n", file, err->msg);
}
