/*
 * Preloaded into the tests' pcscd only. The vsmartcard reader driver (vpcd) sends each message to the virtual
 * card as two writes, the 2-byte length and then the payload, on a TCP socket without TCP_NODELAY: Nagle holds
 * the payload until the card's kernel acknowledges the length, and on loopback that acknowledgement is delayed
 * by 40 ms. Every APDU then took ~43 ms, a harness artefact larger than everything the desk does. This sets
 * TCP_NODELAY on the sockets pcscd accepts (vpcd's card connections); nothing else changes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void nodelay(int fd) {
  int one = 1;
  if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* fails harmlessly on non-TCP */
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  int c = real(fd, addr, len);
  nodelay(c);
  return c;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  int c = real(fd, addr, len, flags);
  nodelay(c);
  return c;
}
