// SPDX-License-Identifier: GPL-2.0
/*
 * Network isolation by container identity: an --icc=false that holds on
 * any bridge or network, in both address families, for --network host
 * containers, and after a container changes or forges its address.
 *
 * Who an end of a flow is:
 *   - a socket is the container it was created in: the cgroup of the
 *     socket (sock_cgroup_ptr()), or its nearest ancestor harden knows.
 *     A policed task cannot move out of its container's cgroup (tamper.c
 *     refuses it), so its sockets cannot either;
 *   - an address is the network namespace it is configured in, learned
 *     from the kernel's address notifications, and a network namespace is
 *     the container whose task first ran (exec'd) in it. The initial
 *     network namespace belongs to no container.
 * A container is an end whose cgroup a group matches; every other end is
 * the host or the outside world, and never restricted.
 *
 * A flow between two containers in different network namespaces is
 * allowed only if each end whose group isolates (HARDEN_GROUP_F_NET) lists
 * the other's group as a peer. Traffic inside one network namespace is
 * one network stack's business and is never separated.
 *
 * Checks, each on what it knows for certain:
 *   security_socket_connect  the socket and the address it connects to:
 *       a refused TCP connect fails at once with EPERM.
 *   netfilter LOCAL_OUT, every netns  the sending socket (skb->sk) and the
 *       destination address: every packet a socket sends; sendmsg() gets
 *       EPERM. Also refuses a packet from an isolating container whose
 *       source address is not its network namespace's own (forged with a
 *       raw socket), so that receivers may trust source addresses.
 *   netfilter FORWARD, container netns  a packet a container's namespace
 *       routes on (injected through a tun device, say) is that
 *       container's.
 *   security_sock_rcv_skb  the receiving socket and the source address:
 *       covers receivers the sender cannot resolve, i.e. sockets of
 *       --network host containers; dropped silently (softirq).
 *   security_socket_create  AF_PACKET: raw frames bypass IP and every
 *       check above, so an isolating group's tasks get none.
 *
 * Fail-open cases, on purpose and documented: an address the table has no
 * room for (HARDEN_NET_ADDRS) is the outside world; so is any address
 * whose namespace harden has not seen. Nothing here allocates on the
 * packet path; the address table is preallocated.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/cgroup.h>
#include <linux/if_ether.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/net.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/nsproxy.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <net/addrconf.h>
#include <net/ndisc.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/route.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "cgroup.h"
#include "decision.h"
#include "hooks.h"
#include "net.h"
#include "policy.h"
#include "track.h"

/* Per network namespace: its owner. */
struct harden_netns {
	u64 owner;		/* cgroup id of the owning container; 0: none */
};

static unsigned int harden_net_id;
static bool harden_net_ready;	/* harden_net_id is valid */

/*
 * The address table: (address, network namespace) pairs, preallocated so
 * that neither a notifier nor a packet ever waits on memory. Readers are
 * RCU; writers (address notifiers, namespace exit) take one spinlock. A
 * removed entry returns to the free list after a grace period.
 */
struct harden_net_addr {
	struct hlist_node node;
	struct rcu_head rcu;
	struct harden_net_addr *next_free;
	const struct net *net;	/* compared; dereferenced only under RCU */
	struct in6_addr addr;	/* IPv4 as ::ffff:a.b.c.d */
	unsigned int refs;	/* interfaces of @net that have it */
};

#define HARDEN_NET_ADDR_BITS	10
static struct hlist_head harden_net_addrs[1 << HARDEN_NET_ADDR_BITS];
static struct harden_net_addr *harden_net_pool;
static struct harden_net_addr *harden_net_free;
static DEFINE_SPINLOCK(harden_net_lock);
static atomic_t harden_net_addrs_n = ATOMIC_INIT(0);
static atomic64_t harden_net_untracked = ATOMIC64_INIT(0);
static u32 harden_net_seed __read_mostly;	/* no chains made to order */

static u32 harden_net_hash(const struct in6_addr *a)
{
	/* The address bytes as hash input only: their order does not matter. */
	return jhash2((const u32 *)a->s6_addr32, 4, harden_net_seed) &
	       ((1 << HARDEN_NET_ADDR_BITS) - 1);
}

/*
 * Entries of one namespace: no namespace may take more than its share of
 * the table. Caller holds harden_net_lock.
 */
static unsigned int harden_net_ns_entries(const struct net *net)
{
	const struct harden_net_addr *e;
	unsigned int b, n = 0;

	for (b = 0; b < ARRAY_SIZE(harden_net_addrs); b++)
		hlist_for_each_entry(e, &harden_net_addrs[b], node)
			n += e->net == net;
	return n;
}

static void harden_net_addr_add(const struct net *net, const struct in6_addr *a)
{
	struct hlist_head *head = &harden_net_addrs[harden_net_hash(a)];
	struct harden_net_addr *e;
	unsigned long flags;

	spin_lock_irqsave(&harden_net_lock, flags);
	hlist_for_each_entry(e, head, node) {
		if (e->net == net && ipv6_addr_equal(&e->addr, a)) {
			e->refs++;
			goto out;
		}
	}
	e = harden_net_free;
	if (!e || (!net_eq(net, &init_net) &&
		   harden_net_ns_entries(net) >= HARDEN_NET_ADDRS_PER_NS)) {
		atomic64_inc(&harden_net_untracked);
		pr_warn_ratelimited("address table full (%d, %d per namespace): an address is treated as outside traffic\n",
				    HARDEN_NET_ADDRS, HARDEN_NET_ADDRS_PER_NS);
		goto out;
	}
	harden_net_free = e->next_free;
	e->net = net;
	e->addr = *a;
	e->refs = 1;
	hlist_add_head_rcu(&e->node, head);
	atomic_inc(&harden_net_addrs_n);
out:
	spin_unlock_irqrestore(&harden_net_lock, flags);
}

static void harden_net_addr_free_rcu(struct rcu_head *rcu)
{
	struct harden_net_addr *e = container_of(rcu, struct harden_net_addr, rcu);
	unsigned long flags;

	spin_lock_irqsave(&harden_net_lock, flags);
	e->next_free = harden_net_free;
	harden_net_free = e;
	spin_unlock_irqrestore(&harden_net_lock, flags);
}

/* Caller holds harden_net_lock. */
static void harden_net_addr_unlink(struct harden_net_addr *e)
{
	hlist_del_rcu(&e->node);
	atomic_dec(&harden_net_addrs_n);
	call_rcu(&e->rcu, harden_net_addr_free_rcu);
}

static void harden_net_addr_del(const struct net *net, const struct in6_addr *a)
{
	struct hlist_head *head = &harden_net_addrs[harden_net_hash(a)];
	struct harden_net_addr *e;
	struct hlist_node *tmp;
	unsigned long flags;

	spin_lock_irqsave(&harden_net_lock, flags);
	hlist_for_each_entry_safe(e, tmp, head, node)
		if (e->net == net && ipv6_addr_equal(&e->addr, a) && !--e->refs)
			harden_net_addr_unlink(e);
	spin_unlock_irqrestore(&harden_net_lock, flags);
}

/* Every entry of @net, or all of them (@net NULL). */
static void harden_net_addr_sweep(const struct net *net)
{
	struct harden_net_addr *e;
	struct hlist_node *tmp;
	unsigned long flags;
	unsigned int b;

	spin_lock_irqsave(&harden_net_lock, flags);
	for (b = 0; b < ARRAY_SIZE(harden_net_addrs); b++)
		hlist_for_each_entry_safe(e, tmp, &harden_net_addrs[b], node)
			if (!net || e->net == net)
				harden_net_addr_unlink(e);
	spin_unlock_irqrestore(&harden_net_lock, flags);
}

/*
 * Loopback addresses exist in every namespace and never leave it;
 * traffic to one stays in the sender's namespace.
 */
static bool harden_net_addr_ignored(const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return ipv4_is_loopback(a->s6_addr32[3]);
	return ipv6_addr_loopback(a);
}

/* Is (@a, @net) in @head, @a's bucket? RCU read side. */
static bool harden_net_addr_in(struct hlist_head *head, const struct net *net,
			       const struct in6_addr *a)
{
	const struct harden_net_addr *x;

	hlist_for_each_entry_rcu(x, head, node)
		if (x->net == net && ipv6_addr_equal(&x->addr, a))
			return true;
	return false;
}

static bool harden_net_addr_known(const struct net *net, const struct in6_addr *a)
{
	return harden_net_addr_in(&harden_net_addrs[harden_net_hash(a)], net, a);
}

static int harden_net_inetaddr_event(struct notifier_block *nb,
				     unsigned long event, void *ptr)
{
	const struct in_ifaddr *ifa = ptr;
	struct in6_addr a;

	ipv6_addr_set_v4mapped(ifa->ifa_local, &a);
	if (harden_net_addr_ignored(&a))
		return NOTIFY_DONE;
	if (event == NETDEV_UP)
		harden_net_addr_add(dev_net(ifa->ifa_dev->dev), &a);
	else if (event == NETDEV_DOWN)
		harden_net_addr_del(dev_net(ifa->ifa_dev->dev), &a);
	return NOTIFY_DONE;
}

static int harden_net_inet6addr_event(struct notifier_block *nb,
				      unsigned long event, void *ptr)
{
	const struct inet6_ifaddr *ifa = ptr;

	if (harden_net_addr_ignored(&ifa->addr))
		return NOTIFY_DONE;
	if (event == NETDEV_UP)
		harden_net_addr_add(dev_net(ifa->idev->dev), &ifa->addr);
	else if (event == NETDEV_DOWN)
		harden_net_addr_del(dev_net(ifa->idev->dev), &ifa->addr);
	return NOTIFY_DONE;
}

static struct notifier_block harden_net_inetaddr_nb = {
	.notifier_call = harden_net_inetaddr_event,
};

static struct notifier_block harden_net_inet6addr_nb = {
	.notifier_call = harden_net_inet6addr_event,
};

/* The addresses @net has now; the notifiers keep it up to date after. */
static void harden_net_addr_walk(struct net *net)
{
	struct net_device *dev;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		struct in_device *in_dev = __in_dev_get_rcu(dev);
		struct inet6_dev *idev = __in6_dev_get(dev);
		const struct in_ifaddr *ifa;
		struct inet6_ifaddr *ifp;
		struct in6_addr a;

		if (in_dev) {
			in_dev_for_each_ifa_rcu(ifa, in_dev) {
				ipv6_addr_set_v4mapped(ifa->ifa_local, &a);
				if (!harden_net_addr_ignored(&a))
					harden_net_addr_add(net, &a);
			}
		}
		if (idev) {
			read_lock_bh(&idev->lock);
			list_for_each_entry(ifp, &idev->addr_list, if_list)
				if (!harden_net_addr_ignored(&ifp->addr))
					harden_net_addr_add(net, &ifp->addr);
			read_unlock_bh(&idev->lock);
		}
	}
	rcu_read_unlock();
}

static struct harden_netns *harden_netns(const struct net *net)
{
	if (!READ_ONCE(harden_net_ready))
		return NULL;
	return net_generic(net, harden_net_id);
}

void harden_net_claim(struct net *net, u64 cgroup_id)
{
	struct harden_netns *hn;

	if (!net || net_eq(net, &init_net) || !cgroup_id)
		return;
	/* The per-namespace data is freed after a grace period at unload. */
	rcu_read_lock();
	hn = harden_netns(net);
	if (hn && !READ_ONCE(hn->owner))
		cmpxchg(&hn->owner, 0, cgroup_id);
	rcu_read_unlock();
}

/*
 * struct harden_net_end - one end of a flow, as far as harden knows it.
 * @cg: its container cgroup entry; NULL for the host or the outside
 * @grp: the group matching @cg; NULL: not a container
 * @net: its network namespace; NULL if not known (outside)
 */
struct harden_net_end {
	struct harden_cg *cg;
	const struct harden_group *grp;
	const struct net *net;
};

/*
 * The entry of @cgrp's shallowest ancestor harden knows (or of @cgrp): a
 * container's own cgroup, however deep the container nests sub-cgroups
 * under it, found in as many lookups as the container is deep. The root
 * cgroup only counts for a socket in it. RCU read side.
 */
static struct harden_cg *harden_net_cgroup(struct cgroup *cgrp)
{
	int level;

	for (level = cgrp->level ? 1 : 0; level <= cgrp->level; level++) {
		struct harden_cg *cg = harden_cg_find(cgroup_id(cgroup_ancestor(cgrp, level)));

		if (cg)
			return cg;
	}
	return NULL;
}

static void harden_net_end_cg(struct harden_net_end *e, struct harden_cg *cg,
			      const struct harden_policy *pol)
{
	e->cg = cg;
	e->grp = cg ? harden_cg_group(cg, pol) : NULL;
}

/* The owner of @net, as an end. */
static void harden_net_end_netns(struct harden_net_end *e, const struct net *net,
				 const struct harden_policy *pol)
{
	struct harden_netns *hn = harden_netns(net);
	u64 owner = hn ? READ_ONCE(hn->owner) : 0;

	e->net = net;
	harden_net_end_cg(e, owner ? harden_cg_find(owner) : NULL, pol);
}

/*
 * A socket's end: the container it was created in. That holds for
 * kernel sockets made on a container's behalf too (MPTCP subflows, which
 * take their socket's cgroup). A socket that is no container's and was
 * made by the kernel (a namespace's ICMP and TCP control sockets), or no
 * full socket (timewait), is the namespace's owner.
 */
static void harden_net_end_sk(struct harden_net_end *e, struct sock *sk,
			      const struct net *net,
			      const struct harden_policy *pol)
{
	sk = sk ? sk_to_full_sk(sk) : NULL;
	if (!sk || !sk_fullsock(sk)) {
		harden_net_end_netns(e, net, pol);
		return;
	}
	e->net = net;
	harden_net_end_cg(e, harden_net_cgroup(sock_cgroup_ptr(&sk->sk_cgrp_data)),
			  pol);
	if (!e->grp && sk->sk_kern_sock)
		harden_net_end_netns(e, net, pol);
}

static bool harden_net_local(const struct net *net, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return ipv4_is_loopback(a->s6_addr32[3]) ||
		       __ip_dev_find((struct net *)net, a->s6_addr32[3], false);
	return ipv6_addr_loopback(a) ||
	       ipv6_chk_addr((struct net *)net, a, NULL, 0);
}

/*
 * Is the flow between @a and @b allowed? Returns the end whose rule it
 * breaks, or NULL. RCU read side.
 */
static const struct harden_net_end *
harden_net_broken(const struct harden_policy *pol, const struct harden_net_end *a,
		  const struct harden_net_end *b)
{
	const struct harden_net_end *broken = NULL;
	unsigned int ia, ib;

	if (!a->grp || !b->grp || (a->net && a->net == b->net))
		return NULL;
	ia = a->grp - pol->groups;
	ib = b->grp - pol->groups;
	if ((a->grp->flags & HARDEN_GROUP_F_NET) && !(a->grp->net_peers & BIT_ULL(ib)))
		broken = a;
	else if ((b->grp->flags & HARDEN_GROUP_F_NET) && !(b->grp->net_peers & BIT_ULL(ia)))
		broken = b;
	/* Last, as it compares paths: peers pass without it. */
	if (broken && harden_cg_same_container(a->cg, b->cg))
		return NULL;
	return broken;
}

/*
 * The TCP listener for @a, @port in @net, if any. Listeners are freed
 * after an RCU grace period: no reference is taken. No skb: a reuseport
 * group answers by hash, as for a connect without a BPF selector.
 */
static struct sock *harden_net_listener(const struct net *net,
					const struct in6_addr *a, int port)
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;

	if (ipv6_addr_v4mapped(a))
		return __inet_lookup_listener((struct net *)net, h, NULL, 0, 0, 0,
					      a->s6_addr32[3], port, 0, 0);
#if IS_BUILTIN(CONFIG_IPV6)
	return inet6_lookup_listener((struct net *)net, h, NULL, 0, &in6addr_any,
				     0, a, port, 0, 0);
#else
	return NULL;
#endif
}

/*
 * The remote end for address @a seen from namespace @net: the sender's own
 * namespace if the address is local to it, else the namespace(s) the
 * address is configured in. An address configured in several namespaces
 * (a container took another's address) is checked against each; the
 * first that breaks a rule is returned in @e, so forging an address can
 * only ever cut traffic, never open it. NULL: allowed.
 *
 * @tcp_port >= 0 (a TCP connect): a namespace that is no container's (the
 * host's, where --network host containers listen) is asked for the
 * listener on that port, so that a connect it would drop on receipt
 * fails at once instead of timing out.
 */
static const struct harden_net_end *
harden_net_check_addr(const struct harden_policy *pol, const struct harden_net_end *me,
		      const struct in6_addr *a, int tcp_port, struct harden_net_end *e)
{
	const struct harden_net_end *broken;
	struct harden_net_addr *x;
	struct hlist_head *head;
	struct sock *l;

	if (harden_net_addr_ignored(a))
		return NULL;	/* loopback: the sender's own namespace */
	/*
	 * The table knows the sender's own addresses too: asking it, not
	 * the kernel (__ip_dev_find() walks the FIB for every address that
	 * is not local, i.e. for nearly every packet), is one bucket walk.
	 */
	head = &harden_net_addrs[harden_net_hash(a)];
	if (harden_net_addr_in(head, me->net, a))
		return NULL;	/* same namespace */
	hlist_for_each_entry_rcu(x, head, node) {
		if (!ipv6_addr_equal(&x->addr, a))
			continue;
		harden_net_end_netns(e, x->net, pol);
		if (!e->grp && tcp_port >= 0) {
			l = harden_net_listener(x->net, a, tcp_port);
			if (l)
				harden_net_end_sk(e, l, x->net, pol);
		}
		broken = harden_net_broken(pol, me, e);
		if (broken)
			return broken;
	}
	return NULL;
}

static u32 harden_net_object(char *buf, size_t len, const struct in6_addr *a,
			     int port)
{
	if (ipv6_addr_v4mapped(a))
		return port >= 0 ? snprintf(buf, len, "%pI4:%d", &a->s6_addr32[3], port) :
				   snprintf(buf, len, "%pI4", &a->s6_addr32[3]);
	return port >= 0 ? snprintf(buf, len, "[%pI6c]:%d", a, port) :
			   snprintf(buf, len, "%pI6c", a);
}

/*
 * harden_net_violation() - count and report a flow that breaks @broken's
 * rule; returns true when it must be refused (enforce mode).
 * @me: the local end (the sender, or the receiving socket)
 * @other: the other end
 * @task: current is the acting task (process context, @me's side)
 */
static bool harden_net_violation(const struct harden_net_end *broken,
				 const struct harden_net_end *me,
				 const struct harden_net_end *other, u16 op, u8 proto,
				 const struct in6_addr *addr, int port, bool task)
{
	const struct harden_net_end *peer = broken == me ? other : me;
	char obj[HARDEN_OBJECT_MAX];

	harden_net_object(obj, sizeof(obj), addr, port);
	return harden_decide_net(broken->grp, broken->cg, op, proto,
				 task && broken == me, obj,
				 peer->cg, peer->grp) == HARDEN_DENY;
}

static const struct harden_policy *harden_net_policy(void)
{
	const struct harden_policy *pol = harden_policy_get();

	return pol && (pol->flags & HARDEN_GROUP_F_NET) ? pol : NULL;
}

/* L4 protocol and the port at @off (TCP, UDP) of @skb; -1 if none. */
static int harden_net_port(const struct sk_buff *skb, unsigned int off, u8 proto,
			   bool dst)
{
	__be16 _p[2];
	const __be16 *p;

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return -1;
	p = skb_header_pointer(skb, off, sizeof(_p), _p);
	return p ? ntohs(p[dst ? 1 : 0]) : -1;
}

/*
 * The addresses of @skb's IP header, as IPv6 (IPv4 mapped), its protocol
 * and the port at the @dst end. false if it is no IP packet.
 */
static bool harden_net_parse(const struct sk_buff *skb, struct in6_addr *saddr,
			     struct in6_addr *daddr, u8 *proto, int *port, bool dst)
{
	unsigned int off = skb_network_offset(skb);
	u8 _v;
	const u8 *v = skb_header_pointer(skb, off, 1, &_v);

	if (!v)
		return false;
	if ((*v >> 4) == 4) {
		struct iphdr _ih;
		const struct iphdr *ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);

		if (!ih)
			return false;
		ipv6_addr_set_v4mapped(ih->saddr, saddr);
		ipv6_addr_set_v4mapped(ih->daddr, daddr);
		*proto = ih->protocol;
		*port = ih->frag_off & htons(IP_OFFSET) ? -1 :
			harden_net_port(skb, off + ih->ihl * 4, *proto, dst);
		return true;
	}
	if ((*v >> 4) == 6) {
		struct ipv6hdr _ih;
		const struct ipv6hdr *ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);

		if (!ih)
			return false;
		*saddr = ih->saddr;
		*daddr = ih->daddr;
		*proto = ih->nexthdr;
		*port = harden_net_port(skb, off + sizeof(*ih), *proto, dst);
		return true;
	}
	return false;
}

/*
 * A user socket's source address must be its namespace's own. The
 * unspecified address is no exception: receivers could not tell who sent
 * it (the kernel's own DAD and MLD packets come from kernel sockets,
 * which are not checked).
 */
static bool harden_net_source_ok(const struct net *net, const struct in6_addr *a)
{
	/* The table first: one bucket; the kernel for what it could not hold. */
	return harden_net_addr_known(net, a) || harden_net_local(net, a);
}

/* Multicast or broadcast: every receiver on the link, whoever it is. */
static bool harden_net_group_dst(const struct sk_buff *skb, const struct in6_addr *d)
{
	if (!ipv6_addr_v4mapped(d))
		return ipv6_addr_is_multicast(d);
	if (ipv4_is_multicast(d->s6_addr32[3]) || ipv4_is_lbcast(d->s6_addr32[3]))
		return true;
	return skb_rtable(skb) && skb_rtable(skb)->rt_type == RTN_BROADCAST;
}

/* Does @e's container own its network namespace? */
static bool harden_net_owns_netns(const struct harden_net_end *e,
				  const struct harden_policy *pol)
{
	struct harden_net_end o;

	harden_net_end_netns(&o, e->net, pol);
	return o.grp && harden_cg_same_container(o.cg, e->cg);
}

/*
 * The kernel's own IPv6 neighbour discovery (router and neighbour
 * solicitations and advertisements, redirects) resolves link addresses;
 * it carries nothing of a container's, and refusing it would only count
 * packets no task sent whenever two isolated containers share a link.
 * Only the kernel's: a raw socket's are checked as any packet.
 */
static bool harden_net_kernel_nd(const struct sk_buff *skb, u8 proto)
{
	struct sock *sk = skb->sk ? sk_to_full_sk(skb->sk) : NULL;
	u8 _t;
	const u8 *t;

	if (proto != IPPROTO_ICMPV6 || (sk && sk_fullsock(sk) && !sk->sk_kern_sock))
		return false;
	t = skb_header_pointer(skb, skb_network_offset(skb) + sizeof(struct ipv6hdr),
			       1, &_t);
	return t && *t >= NDISC_ROUTER_SOLICITATION && *t <= NDISC_REDIRECT;
}

/*
 * The netfilter hooks: LOCAL_OUT (a socket sends; the sender is
 * skb->sk) and FORWARD in a container's namespace (the namespace sends).
 */
#define HARDEN_NET_HOOKS	5
static struct harden_hook harden_net_hooks[HARDEN_NET_HOOKS];

static unsigned int harden_net_nf_out(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct harden_net_end me, other;
	const struct harden_net_end *broken;
	const struct harden_policy *pol;
	struct in6_addr s, d;
	bool fwd = state->hook == NF_INET_FORWARD;
	unsigned int verdict = NF_ACCEPT;
	int port;
	u8 proto;

	harden_hook_hit_custom(&harden_net_hooks[fwd ? 1 : 0]);
	rcu_read_lock();
	pol = harden_net_policy();
	if (!pol || !harden_net_parse(skb, &s, &d, &proto, &port, true))
		goto out;
	if (fwd)
		harden_net_end_netns(&me, state->net, pol);
	else
		harden_net_end_sk(&me, skb->sk, state->net, pol);
	if (!me.grp)
		goto out;
	/* The sender's address must be its namespace's: receivers trust it. */
	if (!fwd && (me.grp->flags & HARDEN_GROUP_F_NET) && skb->sk &&
	    sk_fullsock(sk_to_full_sk(skb->sk)) && !sk_to_full_sk(skb->sk)->sk_kern_sock &&
	    !harden_net_source_ok(state->net, &s)) {
		char obj[HARDEN_OBJECT_MAX];

		harden_net_object(obj, sizeof(obj), &s, -1);
		if (harden_decide_net(me.grp, me.cg, HARDEN_OP_NET_SPOOF, proto,
				      in_task(), obj, NULL, NULL) == HARDEN_DENY)
			verdict = NF_DROP;
		goto out;
	}
	/*
	 * Broadcast and multicast reach every receiver on the link, and a
	 * receiver knows the sender by its address only: from a namespace
	 * the isolating container does not own (the host's, for --network
	 * host), that address is not the container's.
	 */
	if (!fwd && (me.grp->flags & HARDEN_GROUP_F_NET) && me.cg &&
	    harden_net_group_dst(skb, &d) && !harden_net_owns_netns(&me, pol)) {
		char obj[HARDEN_OBJECT_MAX];

		harden_net_object(obj, sizeof(obj), &d, port);
		if (harden_decide_net(me.grp, me.cg, HARDEN_OP_NET_SEND, proto,
				      in_task(), obj, NULL, NULL) == HARDEN_DENY)
			verdict = NF_DROP;
		goto out;
	}
	if (!fwd && harden_net_kernel_nd(skb, proto))
		goto out;
	broken = harden_net_check_addr(pol, &me, &d, -1, &other);
	if (broken && harden_net_violation(broken, &me, &other,
					   fwd ? HARDEN_OP_NET_FORWARD : HARDEN_OP_NET_SEND,
					   proto, &d, port, !fwd && in_task()))
		verdict = NF_DROP;
out:
	rcu_read_unlock();
	return verdict;
}

static const struct nf_hook_ops harden_net_nf_ops[] = {
	{ .hook = harden_net_nf_out, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_LOCAL_OUT, .priority = NF_IP_PRI_FIRST },
	{ .hook = harden_net_nf_out, .pf = NFPROTO_IPV6,
	  .hooknum = NF_INET_LOCAL_OUT, .priority = NF_IP6_PRI_FIRST },
	{ .hook = harden_net_nf_out, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_FORWARD, .priority = NF_IP_PRI_FIRST },
	{ .hook = harden_net_nf_out, .pf = NFPROTO_IPV6,
	  .hooknum = NF_INET_FORWARD, .priority = NF_IP6_PRI_FIRST },
};

/*
 * In the initial namespace only LOCAL_OUT: what it forwards (between
 * Docker's bridges) was sent by a socket whose own namespace checked it.
 */
static int __net_init harden_net_ns_init(struct net *net)
{
	unsigned int n = net_eq(net, &init_net) ? 2 : ARRAY_SIZE(harden_net_nf_ops);

	harden_net_addr_walk(net);
	return nf_register_net_hooks(net, harden_net_nf_ops, n);
}

static void __net_exit harden_net_ns_exit(struct net *net)
{
	unsigned int n = net_eq(net, &init_net) ? 2 : ARRAY_SIZE(harden_net_nf_ops);

	nf_unregister_net_hooks(net, harden_net_nf_ops, n);
	harden_net_addr_sweep(net);
}

static struct pernet_operations harden_net_ops = {
	.init = harden_net_ns_init,
	.exit = harden_net_ns_exit,
	.id = &harden_net_id,
	.size = sizeof(struct harden_netns),
};

static int harden_net_nf_attach(struct harden_hook *hook)
{
	int err = register_pernet_subsys(&harden_net_ops);

	if (!err)
		WRITE_ONCE(harden_net_ready, true);
	return err;
}

static void harden_net_nf_detach(struct harden_hook *hook)
{
	WRITE_ONCE(harden_net_ready, false);
	unregister_pernet_subsys(&harden_net_ops);
}

/* FORWARD shares LOCAL_OUT's registration; this entry counts its calls. */
static int harden_net_nf_none(struct harden_hook *hook)
{
	return 0;
}

static void harden_net_nf_none_detach(struct harden_hook *hook)
{
}

static bool harden_net_sockaddr(const struct sockaddr *sa, int len,
				 struct in6_addr *a, int *port)
{
	if (sa->sa_family == AF_INET && len >= (int)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)sa;

		ipv6_addr_set_v4mapped(in->sin_addr.s_addr, a);
		*port = ntohs(in->sin_port);
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= SIN6_LEN_RFC2133) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		*a = in6->sin6_addr;
		*port = ntohs(in6->sin6_port);
		return true;
	}
	return false;
}

/**
 * hook_security_socket_connect() - refuse a connect to another container
 * at once, so a TCP connect fails with EPERM instead of timing out.
 * @fregs: security_socket_connect(sock, address, addrlen); @address is
 *         the kernel's copy
 */
static HARDEN_HOOK(hook_security_socket_connect)
{
	struct socket *sock = (void *)HARDEN_HOOK_ARG(fregs, 0);
	const struct sockaddr *sa = (void *)HARDEN_HOOK_ARG(fregs, 1);
	int len = (int)HARDEN_HOOK_ARG(fregs, 2);
	const struct harden_net_end *broken;
	const struct harden_policy *pol;
	struct harden_net_end me, other;
	struct sock *sk = sock->sk;
	struct in6_addr d;
	int port;

	harden_hook_hit(ops);
	if (!sk || (sk->sk_family != AF_INET && sk->sk_family != AF_INET6))
		return;
	rcu_read_lock();
	pol = harden_net_policy();
	if (!pol || !harden_net_sockaddr(sa, len, &d, &port))
		goto out;
	harden_net_end_sk(&me, sk, sock_net(sk), pol);
	if (!me.grp)
		goto out;
	broken = harden_net_check_addr(pol, &me, &d,
				       sk->sk_protocol == IPPROTO_TCP ||
				       sk->sk_protocol == IPPROTO_MPTCP ? port : -1,
				       &other);
	if (broken && harden_net_violation(broken, &me, &other, HARDEN_OP_NET_CONNECT,
					   sk->sk_protocol, &d, port, true))
		harden_hook_deny_eperm(fregs);
out:
	rcu_read_unlock();
}

/**
 * hook_security_sock_rcv_skb() - a packet reaches a socket.
 * @fregs: security_sock_rcv_skb(sk, skb)
 *
 * Softirq. The sender is known only by the source address here, which an
 * isolating container cannot forge (LOCAL_OUT refuses it). Denied packets
 * are dropped; nothing tells the sender.
 */
static HARDEN_HOOK(hook_security_sock_rcv_skb)
{
	struct sock *sk = (void *)HARDEN_HOOK_ARG(fregs, 0);
	const struct sk_buff *skb = (void *)HARDEN_HOOK_ARG(fregs, 1);
	const struct harden_net_end *broken;
	const struct harden_policy *pol;
	struct harden_net_end me, other;
	struct in6_addr s, d;
	int port;
	u8 proto;

	harden_hook_hit(ops);
	if (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)
		return;
	rcu_read_lock();
	pol = harden_net_policy();
	if (!pol)
		goto out;
	harden_net_end_sk(&me, sk, sock_net(sk), pol);
	if (!me.grp || !harden_net_parse(skb, &s, &d, &proto, &port, false))
		goto out;
	broken = harden_net_check_addr(pol, &me, &s, -1, &other);
	if (broken && harden_net_violation(broken, &me, &other, HARDEN_OP_NET_RECV,
					   proto, &s, port, false))
		harden_hook_deny_eperm(fregs);
out:
	rcu_read_unlock();
}

/*
 * The socket families an isolating group keeps. Every other one carries
 * traffic past the IP checks: frames (AF_PACKET, AF_XDP, AF_LLC, AF_TIPC's
 * Ethernet bearer), sockets the kernel opens on the caller's behalf in
 * ways these checks do not follow (AF_SMC, AF_RDS, AF_RXRPC, AF_KCM), or
 * transports that are no network namespace's (AF_VSOCK's loopback).
 */
static bool harden_net_family_ok(int family)
{
	switch (family) {
	case AF_UNIX:
	case AF_INET:
	case AF_INET6:
	case AF_NETLINK:
	case AF_ALG:		/* the kernel's crypto API, no traffic */
		return true;
	}
	return false;
}

/**
 * hook_security_socket_create() - only IP, unix, netlink and crypto
 * sockets for isolating groups.
 * @fregs: security_socket_create(family, type, protocol, kern)
 *
 * Sockets opened before the policy was loaded, or passed in from outside,
 * are not affected.
 */
static HARDEN_HOOK(hook_security_socket_create)
{
	int family = (int)HARDEN_HOOK_ARG(fregs, 0);
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	char obj[HARDEN_OBJECT_MAX];

	harden_hook_hit(ops);
	if (harden_net_family_ok(family) || HARDEN_HOOK_ARG(fregs, 3) ||
	    !harden_current_maybe_bound())
		return;
	rcu_read_lock();
	grp = harden_current_policed(HARDEN_GROUP_F_NET, &cg);
	if (grp) {
		snprintf(obj, sizeof(obj), family == AF_PACKET ? "AF_PACKET" :
			 family == AF_XDP ? "AF_XDP" : "family %d", family);
		if (harden_decide_net(grp, cg, HARDEN_OP_NET_PACKET, 0, true,
				      obj, NULL, NULL) == HARDEN_DENY)
			harden_hook_deny_eperm(fregs);
	}
	rcu_read_unlock();
}

static struct harden_hook harden_net_hooks[HARDEN_NET_HOOKS] = {
	{ .name = "netfilter LOCAL_OUT", .area = HARDEN_AREA_NET,
	  .attach = harden_net_nf_attach, .detach = harden_net_nf_detach },
	{ .name = "netfilter FORWARD", .area = HARDEN_AREA_NET,
	  .attach = harden_net_nf_none, .detach = harden_net_nf_none_detach },
	{ .name = "security_socket_connect", .area = HARDEN_AREA_NET,
	  .func = hook_security_socket_connect, .ipmodify = true },
	{ .name = "security_sock_rcv_skb", .area = HARDEN_AREA_NET,
	  .func = hook_security_sock_rcv_skb, .ipmodify = true },
	{ .name = "security_socket_create", .area = HARDEN_AREA_NET,
	  .func = hook_security_socket_create, .ipmodify = true },
};

static struct harden_hook_set harden_net_set = {
	.hooks = harden_net_hooks,
	.n = ARRAY_SIZE(harden_net_hooks),
};

int harden_net_policy_build(struct harden_policy *pol, const struct nlattr *head,
			    int len, struct netlink_ext_ack *extack)
{
	const struct nlattr *nest, *a;
	unsigned int g = 0, p;
	int rem, rem2;

	nla_for_each_attr(nest, head, len, rem) {
		struct harden_group *grp;

		if (nla_type(nest) != HARDEN_A_GROUP)
			continue;
		grp = &pol->groups[g++];
		nla_for_each_nested(a, nest, rem2) {
			if (nla_type(a) != HARDEN_GROUP_A_NET_PEER)
				continue;
			if (!(grp->flags & HARDEN_GROUP_F_NET)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "net peer without the net flag");
				return -EINVAL;
			}
			for (p = 0; p < pol->n_groups; p++)
				if (!strcmp(pol->groups[p].name, nla_data(a)))
					break;
			if (p == pol->n_groups) {
				NL_SET_ERR_MSG_ATTR(extack, a, "net peer names no group of this policy");
				return -EINVAL;
			}
			if (grp->net_peers & BIT_ULL(p)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "duplicate net peer");
				return -EINVAL;
			}
			grp->net_peers |= BIT_ULL(p);
		}
	}
	return 0;
}

int harden_net_group_fill(struct sk_buff *skb, const struct harden_policy *pol,
			  const struct harden_group *grp)
{
	unsigned int p;

	for (p = 0; p < pol->n_groups; p++)
		if ((grp->net_peers & BIT_ULL(p)) &&
		    nla_put_string(skb, HARDEN_GROUP_A_NET_PEER, pol->groups[p].name))
			return -EMSGSIZE;
	return 0;
}

unsigned int harden_net_addr_count(void)
{
	return atomic_read(&harden_net_addrs_n);
}

u64 harden_net_addr_untracked(void)
{
	return atomic64_read(&harden_net_untracked);
}

int harden_net_init(void)
{
	unsigned int i;
	int err;

	BUILD_BUG_ON(HARDEN_MAX_GROUPS > 64);
	harden_net_seed = get_random_u32();
	harden_net_pool = vzalloc(array_size(HARDEN_NET_ADDRS, sizeof(*harden_net_pool)));
	if (!harden_net_pool)
		return -ENOMEM;
	for (i = 0; i < HARDEN_NET_ADDRS; i++) {
		harden_net_pool[i].next_free = harden_net_free;
		harden_net_free = &harden_net_pool[i];
	}
	/* Notifiers first: an address added during the walk is not missed. */
	err = register_inetaddr_notifier(&harden_net_inetaddr_nb);
	if (err)
		goto err_pool;
	err = register_inet6addr_notifier(&harden_net_inet6addr_nb);
	if (err)
		goto err_inet;
	err = harden_hooks_attach(&harden_net_set);
	if (err)
		goto err_inet6;
	return 0;

err_inet6:
	unregister_inet6addr_notifier(&harden_net_inet6addr_nb);
err_inet:
	unregister_inetaddr_notifier(&harden_net_inetaddr_nb);
err_pool:
	harden_net_addr_sweep(NULL);
	rcu_barrier();
	vfree(harden_net_pool);
	harden_net_pool = NULL;
	return err;
}

void harden_net_uninit(void)
{
	harden_hooks_detach(&harden_net_set);
	unregister_inet6addr_notifier(&harden_net_inet6addr_nb);
	unregister_inetaddr_notifier(&harden_net_inetaddr_nb);
	harden_net_addr_sweep(NULL);
	/* Every entry back on the free list before the pool goes. */
	rcu_barrier();
	vfree(harden_net_pool);
	harden_net_pool = NULL;
}
