/*
 * store.c — where state lives and how a file is replaced safely.
 *
 * The rename trick only protects against a torn file when the temporary
 * file sits on the same file system as the target, so it is made in the
 * target's own directory; the directory is fsync'd after the rename so the
 * new name survives a power cut too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

char *store_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (!s)
		return NULL;
	memcpy(s, a, la);
	size_t n = la;
	if (n == 0 || s[n - 1] != '/')
		s[n++] = '/';
	memcpy(s + n, b, lb + 1);
	return s;
}

char *store_xdg_dir(const char *var, const char *fallback)
{
	const char *x = getenv(var);

	/* The XDG spec says relative paths are invalid and must be ignored. */
	if (x && x[0] == '/')
		return store_join(x, "hpctutor");
	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		errno = ENOENT;
		return NULL;
	}
	char *base = store_join(home, fallback);
	if (!base)
		return NULL;
	char *dir = store_join(base, "hpctutor");
	free(base);
	return dir;
}

char *store_state_dir(void)
{
	return store_xdg_dir("XDG_STATE_HOME", ".local/state");
}

int store_mkdirs(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	char *p = strdup(dir);
	if (!p)
		return -1;
	/* Walk the components from the top, making each that is missing. */
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Directory part of path ("." when there is none); malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int store_write_atomic(const char *path, const void *data, size_t len)
{
	char *dir = dir_of(path);
	char *tmp = NULL;
	int fd = -1, e;

	if (!dir)
		return -1;
	if (store_mkdirs(dir) != 0)
		goto fail;
	size_t lp = strlen(path);
	tmp = malloc(lp + sizeof ".tmpXXXXXX");
	if (!tmp)
		goto fail;
	memcpy(tmp, path, lp);
	memcpy(tmp + lp, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
		goto fail_unlink;
	if (close(fd) != 0) {
		fd = -1;
		goto fail_unlink;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail_unlink;
	/* Make the rename itself durable; a failure here loses nothing. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dir);
	return 0;

fail_unlink:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
fail:
	e = errno;
	free(tmp);
	free(dir);
	errno = e;
	return -1;
}

char *store_read_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t cap, n = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	/* The size is a hint (files may grow, /proc files say 0). */
	cap = st.st_size > 0 && (size_t)st.st_size <= max ? (size_t)st.st_size : 4096;
	buf = malloc(cap + 1);
	if (!buf)
		goto fail;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				/* One byte more than max tells a file of exactly max. */
				char probe;
				ssize_t r = read(fd, &probe, 1);
				if (r == 0)
					break;
				errno = r < 0 ? errno : EFBIG;
				goto fail;
			}
			size_t ncap = cap * 2 < max ? cap * 2 : max;
			char *t = realloc(buf, ncap + 1);
			if (!t)
				goto fail;
			buf = t;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:;
	int e = errno;
	free(buf);
	close(fd);
	errno = e;
	return NULL;
}
