// SPDX-License-Identifier: GPL-2.0
/*
 * Policy <-> HARDEN_A_GROUP attributes, one per group at top level.
 * hardctl validates before sending, so the kernel rarely says no; when it
 * does, its extack offset is mapped back to file:line:col here, as
 * nftables does.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "nl.h"
#include "policy_nl.h"

static int map_add(struct policy_nl_map *map, const struct nlmsghdr *nlh,
		   const struct nlattr *attr, struct policy_loc loc)
{
	if (!map || !loc.line)
		return 0;
	if (map->n == map->cap) {
		size_t cap = map->cap ? map->cap * 2 : 64;
		void *p = realloc(map->ent, cap * sizeof(*map->ent));

		if (!p)
			return -1;
		map->ent = p;
		map->cap = cap;
	}
	map->ent[map->n].off = (uint32_t)((const char *)attr - (const char *)nlh);
	map->ent[map->n].len = mnl_attr_get_len(attr);
	map->ent[map->n].loc = loc;
	map->n++;
	return 0;
}

/* The attribute just put is the last one in the message. */
static struct nlattr *last_attr(struct nlmsghdr *nlh, size_t len)
{
	return (struct nlattr *)((char *)nlh + nlh->nlmsg_len - MNL_ALIGN(len));
}

#define PUT_CHECK(ok)	do { if (!(ok)) return -1; } while (0)

/*
 * The largest group the limits allow must fit one attribute (nla_len is 16
 * bits); the whole policy no longer has to, as each group is its own
 * top-level attribute.
 */
#define GROUP_WIRE_MAX	(MNL_ATTR_HDRLEN + \
			 MNL_ALIGN(MNL_ATTR_HDRLEN + HARDEN_GROUP_NAME_MAX) + \
			 HARDEN_MAX_MATCHES * MNL_ALIGN(MNL_ATTR_HDRLEN + HARDEN_GLOB_MAX) + \
			 MNL_ALIGN(MNL_ATTR_HDRLEN + 1) + MNL_ALIGN(MNL_ATTR_HDRLEN + 4) + \
			 MNL_ALIGN(MNL_ATTR_HDRLEN + 8) + \
			 HARDEN_MAX_MOUNT_TYPES * MNL_ALIGN(MNL_ATTR_HDRLEN + HARDEN_FSTYPE_MAX) + \
			 2 * MNL_ALIGN(MNL_ATTR_HDRLEN + 1) + \
			 HARDEN_MAX_NET_PEERS * MNL_ALIGN(MNL_ATTR_HDRLEN + HARDEN_GROUP_NAME_MAX) + \
			 HARDEN_MAX_DEVICES * MNL_ALIGN(MNL_ATTR_HDRLEN + 8))
_Static_assert(GROUP_WIRE_MAX <= 0xffff, "a full group must fit one netlink attribute");

/*
 * The flags say which areas a group polices; a kernel that refuses them
 * (an older one, without an area) is pointed at the line of the newest
 * area present.
 */
static struct policy_loc flags_loc(const struct policy_group *pg)
{
	static const struct {
		uint32_t flag;
		size_t off;
	} host[] = {
		{ HARDEN_GROUP_F_AUTOLOAD, offsetof(struct policy_group, autoload_loc) },
		{ HARDEN_GROUP_F_KEYRING, offsetof(struct policy_group, keyring_loc) },
		{ HARDEN_GROUP_F_DEVICES, offsetof(struct policy_group, devices_loc) },
		{ HARDEN_GROUP_F_CGROUPFS, offsetof(struct policy_group, cgroupfs_loc) },
		{ HARDEN_GROUP_F_SYSFS, offsetof(struct policy_group, sysfs_loc) },
		{ HARDEN_GROUP_F_PROCFS, offsetof(struct policy_group, procfs_loc) },
		{ HARDEN_GROUP_F_SYSCTL, offsetof(struct policy_group, sysctl_loc) },
	};
	size_t i;

	for (i = 0; i < sizeof(host) / sizeof(host[0]); i++) {
		const struct policy_loc *loc =
			(const struct policy_loc *)((const char *)pg + host[i].off);

		if ((pg->flags & host[i].flag) && loc->line)
			return *loc;
	}
	if ((pg->flags & HARDEN_GROUP_F_NET) && pg->net_loc.line)
		return pg->net_loc;
	if ((pg->flags & HARDEN_GROUP_F_SIGNAL) && pg->signal_loc.line)
		return pg->signal_loc;
	if ((pg->flags & HARDEN_GROUP_F_PTRACE) && pg->ptrace_loc.line)
		return pg->ptrace_loc;
	if ((pg->flags & HARDEN_GROUP_F_MOUNT) && pg->mount_loc.line)
		return pg->mount_loc;
	if ((pg->flags & HARDEN_GROUP_F_CAPS) && pg->caps_loc.line)
		return pg->caps_loc;
	return pg->loc;
}

int policy_to_nl(struct nlmsghdr *nlh, size_t buflen, const struct policy *pol,
		 struct policy_nl_map *map)
{
	struct nlattr *grp;
	size_t g, m, t;

	for (g = 0; g < pol->n_groups; g++) {
		const struct policy_group *pg = &pol->groups[g];
		struct policy_loc mode_loc = pg->mode_loc.line ? pg->mode_loc : pg->loc;
		struct policy_loc caps_loc = pg->caps_loc.line ? pg->caps_loc : pg->loc;

		grp = mnl_attr_nest_start_check(nlh, buflen, HARDEN_A_GROUP);
		PUT_CHECK(grp);
		PUT_CHECK(mnl_attr_put_strz_check(nlh, buflen, HARDEN_GROUP_A_NAME,
						  pg->name));
		map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + strlen(pg->name) + 1),
			pg->loc);
		for (m = 0; m < pg->n_matches; m++) {
			const char *glob = pg->matches[m].glob;

			PUT_CHECK(mnl_attr_put_strz_check(nlh, buflen,
							  HARDEN_GROUP_A_MATCH, glob));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + strlen(glob) + 1),
				pg->matches[m].loc);
		}
		PUT_CHECK(mnl_attr_put_u8_check(nlh, buflen, HARDEN_GROUP_A_MODE,
						pg->mode));
		map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 1), mode_loc);
		PUT_CHECK(mnl_attr_put_u32_check(nlh, buflen, HARDEN_GROUP_A_FLAGS,
						 pg->flags));
		map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 4), flags_loc(pg));
		if (pg->flags & HARDEN_GROUP_F_CAPS) {
			PUT_CHECK(mnl_attr_put_u64_check(nlh, buflen,
							 HARDEN_GROUP_A_CAPS, pg->caps));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 8), caps_loc);
		}
		/* No types with the flag is "mount deny"; no flag, no types. */
		for (t = 0; (pg->flags & HARDEN_GROUP_F_MOUNT) &&
		     t < pg->n_mount_types; t++) {
			const struct policy_fstype *ft = &pg->mount_types[t];

			PUT_CHECK(mnl_attr_put_strz_check(nlh, buflen,
							  HARDEN_GROUP_A_MOUNT_TYPE,
							  ft->name));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + strlen(ft->name) + 1),
				ft->loc.line ? ft->loc : pg->loc);
		}
		/* A scope goes with its flag, and only with it. */
		if (pg->flags & HARDEN_GROUP_F_PTRACE) {
			PUT_CHECK(mnl_attr_put_u8_check(nlh, buflen, HARDEN_GROUP_A_PTRACE,
							pg->ptrace_scope));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 1),
				pg->ptrace_loc.line ? pg->ptrace_loc : pg->loc);
		}
		if (pg->flags & HARDEN_GROUP_F_SIGNAL) {
			PUT_CHECK(mnl_attr_put_u8_check(nlh, buflen, HARDEN_GROUP_A_SIGNAL,
							pg->signal_scope));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 1),
				pg->signal_loc.line ? pg->signal_loc : pg->loc);
		}
		/* Peers go with "net isolate" only. */
		for (t = 0; (pg->flags & HARDEN_GROUP_F_NET) &&
		     t < pg->n_net_peers; t++) {
			const struct policy_peer *pp = &pg->net_peers[t];

			PUT_CHECK(mnl_attr_put_strz_check(nlh, buflen,
							  HARDEN_GROUP_A_NET_PEER,
							  pp->name));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + strlen(pp->name) + 1),
				pp->loc.line ? pp->loc : pg->loc);
		}
		/* Device rules go with "devices allow DEVICE..." only. */
		for (t = 0; (pg->flags & HARDEN_GROUP_F_DEVICES) &&
		     t < pg->n_devices; t++) {
			const struct policy_device *pd = &pg->devices[t];

			PUT_CHECK(mnl_attr_put_u64_check(nlh, buflen,
							 HARDEN_GROUP_A_DEVICE,
							 pd->rule));
			map_add(map, nlh, last_attr(nlh, MNL_ATTR_HDRLEN + 8),
				pd->loc.line ? pd->loc : pg->loc);
		}
		/* Per-group sanity: a longer nest would be silently corrupt. */
		PUT_CHECK((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)grp <= 0xffff);
		mnl_attr_nest_end(nlh, grp);
		map_add(map, nlh, grp, pg->loc);
	}
	return 0;
}

size_t policy_nl_group_size(const struct policy_group *pg)
{
	size_t m, size = MNL_ATTR_HDRLEN +			/* HARDEN_A_GROUP */
		MNL_ALIGN(MNL_ATTR_HDRLEN + strlen(pg->name) + 1) +
		MNL_ALIGN(MNL_ATTR_HDRLEN + 1) +		/* mode */
		MNL_ALIGN(MNL_ATTR_HDRLEN + 4);			/* flags */

	if (pg->flags & HARDEN_GROUP_F_CAPS)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + 8);
	for (m = 0; m < pg->n_matches; m++)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + strlen(pg->matches[m].glob) + 1);
	for (m = 0; (pg->flags & HARDEN_GROUP_F_MOUNT) && m < pg->n_mount_types; m++)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + strlen(pg->mount_types[m].name) + 1);
	if (pg->flags & HARDEN_GROUP_F_PTRACE)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + 1);
	if (pg->flags & HARDEN_GROUP_F_SIGNAL)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + 1);
	for (m = 0; (pg->flags & HARDEN_GROUP_F_NET) && m < pg->n_net_peers; m++)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + strlen(pg->net_peers[m].name) + 1);
	if (pg->flags & HARDEN_GROUP_F_DEVICES)
		size += pg->n_devices * MNL_ALIGN(MNL_ATTR_HDRLEN + 8);
	return size;
}

struct policy_loc policy_nl_locate(const struct policy_nl_map *map, uint32_t off)
{
	struct policy_loc best = { 0, 0 };
	uint32_t best_len = UINT32_MAX;
	size_t i;

	for (i = 0; map && i < map->n; i++) {
		if (off >= map->ent[i].off &&
		    off < map->ent[i].off + map->ent[i].len &&
		    map->ent[i].len < best_len) {
			best = map->ent[i].loc;
			best_len = map->ent[i].len;
		}
	}
	return best;
}

void policy_nl_map_free(struct policy_nl_map *map)
{
	free(map->ent);
	memset(map, 0, sizeof(*map));
}

struct group_parse {
	struct policy_group *pg;
	int bad;
	bool has_ptrace, has_signal;
};

static int group_attr_cb(const struct nlattr *attr, void *data)
{
	struct group_parse *gp = data;
	struct policy_group *pg = gp->pg;

	switch (mnl_attr_get_type(attr)) {
	case HARDEN_GROUP_A_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= sizeof(pg->name))
			goto bad;
		strcpy(pg->name, mnl_attr_get_str(attr));
		break;
	case HARDEN_GROUP_A_MATCH: {
		struct policy_match *pm;

		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= HARDEN_GLOB_MAX ||
		    pg->n_matches >= HARDEN_MAX_MATCHES)
			goto bad;
		pm = realloc(pg->matches, (pg->n_matches + 1) * sizeof(*pm));
		if (!pm)
			goto bad;
		pg->matches = pm;
		memset(&pm[pg->n_matches], 0, sizeof(*pm));
		strcpy(pm[pg->n_matches++].glob, mnl_attr_get_str(attr));
		break;
	}
	case HARDEN_GROUP_A_MODE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			goto bad;
		pg->mode = mnl_attr_get_u8(attr);
		break;
	case HARDEN_GROUP_A_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			goto bad;
		pg->flags = mnl_attr_get_u32(attr);
		break;
	case HARDEN_GROUP_A_CAPS:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			goto bad;
		pg->caps = mnl_attr_get_u64(attr);
		break;
	case HARDEN_GROUP_A_MOUNT_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= HARDEN_FSTYPE_MAX ||
		    pg->n_mount_types >= HARDEN_MAX_MOUNT_TYPES)
			goto bad;
		strcpy(pg->mount_types[pg->n_mount_types++].name,
		       mnl_attr_get_str(attr));
		break;
	case HARDEN_GROUP_A_PTRACE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			goto bad;
		pg->ptrace_scope = mnl_attr_get_u8(attr);
		gp->has_ptrace = true;
		break;
	case HARDEN_GROUP_A_SIGNAL:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			goto bad;
		pg->signal_scope = mnl_attr_get_u8(attr);
		gp->has_signal = true;
		break;
	case HARDEN_GROUP_A_NET_PEER: {
		size_t i;

		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    strlen(mnl_attr_get_str(attr)) >= HARDEN_GROUP_NAME_MAX ||
		    pg->n_net_peers >= HARDEN_MAX_NET_PEERS)
			goto bad;
		/* Each name once, as the kernel accepts them. */
		for (i = 0; i < pg->n_net_peers; i++)
			if (!strcmp(pg->net_peers[i].name, mnl_attr_get_str(attr)))
				goto bad;
		strcpy(pg->net_peers[pg->n_net_peers++].name,
		       mnl_attr_get_str(attr));
		break;
	}
	case HARDEN_GROUP_A_DEVICE: {
		const uint64_t types = HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK;
		const uint64_t known = types | HARDEN_DEVICE_MAJOR_ANY |
			HARDEN_DEVICE_MINOR_ANY |
			(HARDEN_DEVICE_MAJOR_MASK << HARDEN_DEVICE_MAJOR_SHIFT) |
			HARDEN_DEVICE_MINOR_MASK;
		uint64_t rule;

		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0 ||
		    pg->n_devices >= HARDEN_MAX_DEVICES)
			goto bad;
		rule = mnl_attr_get_u64(attr);
		/*
		 * Rules the kernel refuses: no type, unknown bits, "any" with
		 * a number. A rule twice is accepted by the kernel and shown
		 * as it is (check then refuses the repeat), as mount types.
		 */
		if (!(rule & types) || (rule & ~known) ||
		    ((rule & HARDEN_DEVICE_MAJOR_ANY) &&
		     (rule & (HARDEN_DEVICE_MAJOR_MASK << HARDEN_DEVICE_MAJOR_SHIFT))) ||
		    ((rule & HARDEN_DEVICE_MINOR_ANY) &&
		     (rule & HARDEN_DEVICE_MINOR_MASK)))
			goto bad;
		pg->devices[pg->n_devices++].rule = rule;
		break;
	}
	}
	return MNL_CB_OK;
bad:
	gp->bad = 1;
	return MNL_CB_ERROR;
}

static int group_from_nl(const struct nlattr *grp, struct policy *out)
{
	struct group_parse gp;
	struct policy_group *pg;

	if (out->n_groups >= HARDEN_MAX_GROUPS)
		return -1;
	pg = realloc(out->groups, (out->n_groups + 1) * sizeof(*pg));
	if (!pg)
		return -1;
	out->groups = pg;
	gp.pg = &pg[out->n_groups++];
	gp.bad = 0;
	gp.has_ptrace = gp.has_signal = false;
	memset(gp.pg, 0, sizeof(*gp.pg));
	if (mnl_attr_validate(grp, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(grp, group_attr_cb, &gp) < 0 || gp.bad)
		return -1;
	/* Types without the flag would print as nothing: never accepted so. */
	if (gp.pg->n_mount_types && !(gp.pg->flags & HARDEN_GROUP_F_MOUNT))
		return -1;
	/* Peers without "net isolate" likewise: the kernel refuses them. */
	if (gp.pg->n_net_peers && !(gp.pg->flags & HARDEN_GROUP_F_NET))
		return -1;
	/* Device rules without the flag would print as nothing, too. */
	if (gp.pg->n_devices && !(gp.pg->flags & HARDEN_GROUP_F_DEVICES))
		return -1;
	/*
	 * A scope comes with its flag and only with it, as the kernel
	 * accepts them: either alone would print as something else.
	 */
	if (gp.has_ptrace != !!(gp.pg->flags & HARDEN_GROUP_F_PTRACE) ||
	    gp.has_signal != !!(gp.pg->flags & HARDEN_GROUP_F_SIGNAL))
		return -1;
	return 0;
}

void policy_dump_init(struct policy_dump *d)
{
	memset(d, 0, sizeof(*d));
}

void policy_dump_free(struct policy_dump *d)
{
	policy_free(&d->pol);
	memset(d, 0, sizeof(*d));
}

int policy_dump_msg(struct policy_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	bool have_gen = false;
	uint64_t gen = 0;

	mnl_attr_for_each(attr, nlh, HNL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case HARDEN_A_GENERATION:
			if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
				return -1;
			gen = mnl_attr_get_u64(attr);
			have_gen = true;
			break;
		case HARDEN_A_LOAD_TIME:
			if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
				return -1;
			d->load_time = mnl_attr_get_u64(attr);
			break;
		case HARDEN_A_GROUP_COUNT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return -1;
			d->group_count = mnl_attr_get_u32(attr);
			d->got_header = true;
			break;
		case HARDEN_A_GROUP:
			if (group_from_nl(attr, &d->pol) < 0)
				return -1;
			break;
		}
		/* Anything else is newer than this hardctl: skipped. */
	}
	/* Every message names its generation; a change means a load raced us. */
	if (!have_gen)
		return -1;
	if (d->n_msgs++ && gen != d->generation)
		d->changed = true;
	d->generation = gen;
	return 0;
}

int policy_dump_check(const struct policy_dump *d)
{
	if (d->changed)
		return 1;
	if (!d->got_header || d->group_count != d->pol.n_groups)
		return -1;
	return 0;
}
