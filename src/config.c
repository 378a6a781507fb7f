/*
 * config.c — read the configuration file into the environment.
 *
 * The settings are handed on as the environment variables they stand for,
 * so the run module, the TUI and the kernels' launcher see one source of
 * truth, and a variable set by the user still wins over the file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "store/store.h"

struct config_key {
	const char *key;
	const char *env;
	const char *what;     /* for messages */
	int (*valid)(const char *value);
};

static int valid_launcher(const char *v)
{
	return strcmp(v, "mpiexec") == 0 || strcmp(v, "srun") == 0 ||
	       strcmp(v, "none") == 0;
}

static int valid_seconds(const char *v)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	return *v && *end == '\0' && errno == 0 && d >= 0 && d <= 86400;
}

static int valid_any(const char *v)
{
	return *v != '\0';
}

static const struct config_key keys[] = {
	{ "launcher",     "HPCTUTOR_LAUNCHER",     "mpiexec, srun or none", valid_launcher },
	{ "mpiexec",      "HPCTUTOR_MPIEXEC",      "a command",             valid_any },
	{ "hang-timeout", "HPCTUTOR_HANG_TIMEOUT", "seconds from 0 to 86400", valid_seconds },
	{ "lessons",      "HPCTUTOR_LESSONS",      "directories",           valid_any },
};

char *config_path(void)
{
	char *dir = store_xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = dir ? store_join(dir, "config") : NULL;

	free(dir);
	return path;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load(const char *path, FILE *err)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	int lineno = 0, problems = 0;

	if (!fp) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		fprintf(err, "hpctutor: %s: %s (the configuration is ignored)\n",
			path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, fp)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			fprintf(err, "%s:%d: line too long; skipped\n", path, lineno);
			problems++;
			int c;
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			continue;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (!*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			fprintf(err, "%s:%d: expected 'key = value'\n", path, lineno);
			problems++;
			continue;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		const struct config_key *k = NULL;
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(keys[i].key, key) == 0)
				k = &keys[i];
		if (!k) {
			fprintf(err, "%s:%d: unknown key '%s' (known: launcher, "
				"mpiexec, hang-timeout, lessons)\n", path, lineno, key);
			problems++;
			continue;
		}
		if (!k->valid(value)) {
			fprintf(err, "%s:%d: %s takes %s, not '%s'\n",
				path, lineno, k->key, k->what, value);
			problems++;
			continue;
		}
		if (!getenv(k->env) && setenv(k->env, value, 0) != 0) {
			fprintf(err, "hpctutor: %s\n", strerror(errno));
			problems++;
		}
	}
	fclose(fp);
	return problems;
}
