// SPDX-License-Identifier: GPL-2.0
/*
 * bpflsm OBJ CGROUP_DIR: load and attach the BPF LSM program in OBJ
 * (bpflsm.bpf.o), refusing CAP_SYS_CHROOT to the cgroup at CGROUP_DIR (a
 * cgroup v2 directory, or "-" for none). Prints "attached" once it is in
 * force, then, on SIGTERM or SIGINT, "calls N refused N" and exits 0; the
 * program is detached as it exits. For tests/vm/bpflsm_docker.sh.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	__u64 cgid = 0, calls = 0, refused = 0;
	__u32 k;
	struct stat st;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: bpflsm OBJ CGROUP_DIR|-\n");
		return 2;
	}
	if (strcmp(argv[2], "-")) {
		if (stat(argv[2], &st) < 0) {
			perror(argv[2]);
			return 2;
		}
		cgid = st.st_ino;	/* a cgroup v2 id is its directory's inode */
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || libbpf_get_error(obj) || bpf_object__load(obj)) {
		fprintf(stderr, "bpflsm: cannot load %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fd = bpf_object__find_map_fd_by_name(obj, "state");
	k = 0;
	if (fd < 0 || bpf_map_update_elem(fd, &k, &cgid, BPF_ANY)) {
		fprintf(stderr, "bpflsm: cannot set the cgroup: %s\n", strerror(errno));
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "peer_capable");
	link = prog ? bpf_program__attach_lsm(prog) : NULL;
	if (!link || libbpf_get_error(link)) {
		fprintf(stderr, "bpflsm: cannot attach: %s (is bpf in lsm=?)\n",
			strerror(errno));
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		pause();
	k = 1;
	bpf_map_lookup_elem(fd, &k, &calls);
	k = 2;
	bpf_map_lookup_elem(fd, &k, &refused);
	printf("calls %llu refused %llu\n", (unsigned long long)calls,
	       (unsigned long long)refused);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
