/* oomlens-bench-pop: forks N children that each touch some memory and sleep until killed.
 * Usage: oomlens-bench-pop COUNT KB
 * Prints one child pid per line, then "ready COUNT". Every child dies with this process
 * (PR_SET_PDEATHSIG), and this process dies with the benchmark that started it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void child(pid_t parent, long kb) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(0); /* the parent died before prctl: do not linger */
  size_t bytes = (size_t)kb * 1024;
  char *block = malloc(bytes);
  if (block != NULL) memset(block, 1, bytes);
  for (;;) pause();
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s COUNT KB\n", argv[0]);
    return 2;
  }
  long count = atol(argv[1]);
  long kb = atol(argv[2]);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  pid_t self = getpid();
  long made = 0;
  for (; made < count; made++) {
    pid_t pid = fork();
    if (pid == 0) child(self, kb + (made % 64) * 4); /* varied sizes: a ranking with some spread */
    if (pid < 0) {
      fprintf(stderr, "fork failed after %ld children: %s\n", made, strerror(errno));
      break;
    }
    printf("%d\n", (int)pid);
  }
  printf("ready %ld\n", made);
  fflush(stdout);
  for (;;) pause();
}
