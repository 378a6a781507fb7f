/*
 * form.c — the knob form (R): the kernel's knobs from the run module's
 * table, filled from the page's {kernel} line, edited, checked as the
 * kernel checks them, and run with Enter. MPI kernels get two more
 * fields: how many ranks, and the launcher (where srun is offered on a
 * SLURM login node).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/live.h"

#define FORM_MAX 40

enum field_kind { F_KNOB, F_RANKS, F_LAUNCHER };

struct form_field {
	enum field_kind kind;
	const struct run_knob *knob;
	char val[128];
};

struct form {
	const struct run_kernel *k;
	struct form_field f[FORM_MAX];
	int n, sel;
	char err[300];
};

static void set(char *dst, const char *s)
{
	snprintf(dst, 128, "%s", s ? s : "");
}

void form_open(struct app *a, const char *args)
{
	char **w = NULL;
	int nw = run_words_split(args, &w);

	if (nw <= 0) {
		app_message(a, "Cannot read the kernel line: %s", args);
		run_words_free(w);
		return;
	}
	const struct run_kernel *k = run_kernel_find(w[0]);
	if (!k) {
		app_message(a, "hpctutor does not know the knobs of %s: r runs it as written", w[0]);
		run_words_free(w);
		return;
	}
	struct form *f = calloc(1, sizeof *f);
	if (!f) {
		run_words_free(w);
		a->oom = true;
		return;
	}
	f->k = k;
	if (k->mpi) {
		const char *why;
		char err[128];
		const struct run_launcher *l = run_launcher_pick(
			a->opts->paths ? a->opts->paths->launcher : NULL, true, &why, err, sizeof err);
		f->f[f->n].kind = F_RANKS;
		snprintf(f->f[f->n++].val, 128, "%d", k->ranks_default);
		f->f[f->n].kind = F_LAUNCHER;
		set(f->f[f->n++].val, l ? l->name : "mpiexec");
	}
	for (size_t i = 0; i < k->nknobs && f->n < FORM_MAX; i++) {
		f->f[f->n].kind = F_KNOB;
		f->f[f->n++].knob = &k->knobs[i];
	}
	/* The line's own values. */
	for (int i = 1; i < nw; i++) {
		const char *s = w[i];
		if (strncmp(s, "--", 2) != 0)
			continue;
		char name[64];
		const char *eq = strchr(s, '='), *val = NULL;
		snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - s - 2 : (long)strlen(s) - 2),
			 s + 2);
		for (int j = 0; j < f->n; j++) {
			struct form_field *fd = &f->f[j];
			const char *fname = fd->kind == F_RANKS ? "ranks" :
					    fd->kind == F_LAUNCHER ? "launcher" : fd->knob->name;
			if (strcmp(fname, name) != 0)
				continue;
			if (fd->kind == F_KNOB && fd->knob->type == RUN_KNOB_FLAG) {
				set(fd->val, "yes");
			} else {
				val = eq ? eq + 1 : i + 1 < nw ? w[++i] : "";
				set(fd->val, val);
			}
			break;
		}
	}
	run_words_free(w);
	free(a->form);
	a->form = f;
	a->mode = MODE_FORM;
}

void form_close(struct app *a)
{
	free(a->form);
	a->form = NULL;
	a->mode = MODE_PAGER;
}

void form_move(struct app *a, int dir)
{
	struct form *f = a->form;

	f->sel = (f->sel + dir + f->n) % f->n;
}

static const char *field_name(const struct form_field *fd)
{
	return fd->kind == F_RANKS ? "ranks" : fd->kind == F_LAUNCHER ? "launcher" :
	       fd->knob->name;
}

/* The choices of a field, '|' separated, or NULL when it is typed. */
static const char *field_choices(const struct form_field *fd)
{
	if (fd->kind == F_LAUNCHER)
		return "none|mpiexec|srun";
	if (fd->kind == F_KNOB && fd->knob->type == RUN_KNOB_FLAG)
		return "yes";
	if (fd->kind == F_KNOB && fd->knob->type == RUN_KNOB_CHOICE)
		return fd->knob->choices;
	return NULL;
}

/* What Left/Right/Space step through: the choices of a one-of knob, and
 * for a comma-list knob (sum's --variant) each single word and group,
 * while a list of several can still be typed. */
static const char *field_steps(const struct form_field *fd)
{
	if (fd->kind == F_KNOB && fd->knob->type == RUN_KNOB_CHOICES)
		return fd->knob->choices;
	return field_choices(fd);
}

void form_cycle(struct app *a, int dir)
{
	struct form_field *fd = &a->form->f[a->form->sel];
	const char *c = field_steps(fd);
	char opts[16][64];
	int n = 0, cur = -1;

	if (!c)
		return;
	/* The empty value (the kernel's default) is a choice too, but for
	 * the launcher. */
	if (fd->kind != F_LAUNCHER)
		opts[n++][0] = '\0';
	while (*c && n < 16) {
		size_t l = strcspn(c, "|");
		snprintf(opts[n++], 64, "%.*s", (int)(l < 63 ? l : 63), c);
		c += l + (c[l] == '|');
	}
	for (int i = 0; i < n; i++)
		if (strcmp(opts[i], fd->val) == 0)
			cur = i;
	cur = cur < 0 ? 0 : (cur + dir + n) % n;
	set(fd->val, opts[cur]);
	a->form->err[0] = '\0';
}

void form_erase(struct app *a, int all)
{
	struct form_field *fd = &a->form->f[a->form->sel];
	size_t n = strlen(fd->val);

	if (all || field_choices(fd)) {
		fd->val[0] = '\0';
		return;
	}
	while (n > 0 && (fd->val[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		fd->val[n - 1] = '\0';
}

void form_type(struct app *a, int ch)
{
	struct form_field *fd = &a->form->f[a->form->sel];
	size_t n = strlen(fd->val);

	if (ch == ' ' && field_steps(fd)) {
		form_cycle(a, +1);
		return;
	}
	if (ch < 0x21 || ch > 0x7e || n + 1 >= sizeof fd->val)
		return;
	if (fd->kind == F_KNOB && fd->knob->type == RUN_KNOB_FLAG)
		return;
	fd->val[n] = (char)ch;
	fd->val[n + 1] = '\0';
	a->form->err[0] = '\0';
}

/* The kernel's words from the fields as they are, for the preview. */
static int form_words(struct form *f, char **kv, char (*flags)[72], int *ranks,
		      const char **launcher)
{
	int kc = 0;

	for (int i = 0; i < f->n; i++) {
		struct form_field *fd = &f->f[i];
		if (fd->kind == F_RANKS)
			*ranks = atoi(fd->val);
		else if (fd->kind == F_LAUNCHER)
			*launcher = run_launcher_find(fd->val) ? fd->val : NULL;
		else if (fd->val[0]) {
			snprintf(flags[i], 72, "--%s", fd->knob->name);
			kv[kc++] = flags[i];
			if (fd->knob->type != RUN_KNOB_FLAG)
				kv[kc++] = fd->val;
		}
	}
	kv[kc] = NULL;
	return kc;
}

void form_submit(struct app *a)
{
	struct form *f = a->form;
	char *kv[2 * FORM_MAX + 1];
	char flags[FORM_MAX][72];
	int kc = 0, ranks = 0;
	const char *launcher = NULL;

	for (int i = 0; i < f->n; i++) {
		struct form_field *fd = &f->f[i];
		f->sel = i;
		if (fd->kind == F_RANKS) {
			char *end;
			long r = strtol(fd->val, &end, 10);
			if (!fd->val[0] || *end || r < f->k->ranks_min || r > f->k->ranks_max) {
				snprintf(f->err, sizeof f->err, "--ranks: %s needs %d to %d ranks",
					 f->k->name, f->k->ranks_min, f->k->ranks_max);
				return;
			}
			ranks = (int)r;
		} else if (fd->kind == F_LAUNCHER) {
			if (!run_launcher_find(fd->val)) {
				snprintf(f->err, sizeof f->err, "--launcher: use none, mpiexec or srun");
				return;
			}
			launcher = fd->val;
		} else if (fd->val[0]) {
			if (fd->knob->type == RUN_KNOB_FLAG) {
				snprintf(flags[i], sizeof flags[i], "--%s", fd->knob->name);
				kv[kc++] = flags[i];
				continue;
			}
			if (run_knob_check(fd->knob, fd->val, f->err, sizeof f->err))
				return;
			snprintf(flags[i], sizeof flags[i], "--%s", fd->knob->name);
			kv[kc++] = flags[i];
			kv[kc++] = fd->val;
		}
	}
	kv[kc] = NULL;
	/* The words live in the form: start before it is freed. */
	a->mode = MODE_PAGER;
	live_start(a, f->k->name, kv, kc, ranks, launcher);
	form_close(a);
}

void form_draw(struct app *a)
{
	struct form *f = a->form;
	int w = a->cols - 4 < 96 ? a->cols - 4 : 96;
	char *kv[2 * FORM_MAX + 1], flags[FORM_MAX][72];
	const char *launcher = NULL;
	int ranks = 0, kc = form_words(f, kv, flags, &ranks, &launcher);
	char *cmd = live_command_preview(a, f->k->name, kv, kc, ranks, launcher);
	int h = f->n + 8;
	if (h > a->rows - 3)
		h = a->rows - 3;
	int y0 = (a->rows - h) / 2, x0 = (a->cols - w) / 2;
	int nw = 11, vw = w / 3 < 24 ? 24 : w / 3;
	char t[256];

	snprintf(t, sizeof t, "Knobs of %s %s %s", f->k->name, crt_glyph(a, "—", "-"),
		 f->k->summary);
	live_bar(a, y0, x0 - 1, w + 2, t, crt_ui(CRT_BAR));
	/* A frame, so the page behind does not run into the form. */
	for (int y = 1; y < h; y++) {
		move(y0 + y, x0 - 1);
		attrset(crt_ui(CRT_BAR));
		addch(' ');
		attrset(A_NORMAL);
		for (int x = 0; x < w; x++)
			addch(' ');
		attrset(crt_ui(CRT_BAR));
		addch(' ');
	}
	move(y0 + h, x0 - 1);
	for (int x = 0; x < w + 2; x++)
		addch(' ');
	attrset(A_NORMAL);
	int rows = h - 7, first = f->sel >= rows ? f->sel - rows + 1 : 0;
	for (int i = 0; i < rows && first + i < f->n; i++) {
		const struct form_field *fd = &f->f[first + i];
		int y = y0 + 1 + i;
		bool sel = first + i == f->sel;
		char name[48], help[256], val[160];
		snprintf(name, sizeof name, "--%s", field_name(fd));
		live_put(a, y, x0 + 2, nw, name, sel ? A_BOLD : A_NORMAL);
		const char *def = fd->kind == F_KNOB ? fd->knob->def : NULL;
		if (fd->val[0])
			snprintf(val, sizeof val, "%s", fd->val);
		else
			snprintf(val, sizeof val, "%s", def ? def : "");
		move(y, x0 + 3 + nw);
		attrset(sel ? crt_ui(CRT_SELECT) : crt_style(LAYOUT_CODE, 0));
		for (int x = 0; x < vw; x++)
			addch(' ');
		live_put(a, y, x0 + 4 + nw, vw - 2, val, (sel ? crt_ui(CRT_SELECT) :
			 crt_style(LAYOUT_CODE, 0)) | (fd->val[0] ? 0 : A_DIM));
		if (fd->kind == F_RANKS)
			snprintf(help, sizeof help, "MPI processes, %d to %d", f->k->ranks_min,
				 f->k->ranks_max);
		else if (fd->kind == F_LAUNCHER)
			snprintf(help, sizeof help, "none, mpiexec or srun");
		else
			snprintf(help, sizeof help, "%s%s%s", fd->knob->help,
				 field_choices(fd) && fd->knob->type != RUN_KNOB_FLAG ? ": " : "",
				 field_choices(fd) && fd->knob->type != RUN_KNOB_FLAG ?
				 fd->knob->choices : "");
		live_put(a, y, x0 + 5 + nw + vw, w - 6 - nw - vw, help, crt_ui(CRT_NOTE));
	}
	/* The exact command Enter runs, to copy into a shell. */
	if (cmd) {
		char line[2048];
		/* Two rows at most: when a long install path would push the
		 * knobs out of sight, the start of the command gives way (the
		 * status line and the output pane show it whole once it runs). */
		size_t room = 2 * (size_t)(w - 4) - 6, clen = strlen(cmd);
		if (clen > room) {
			const char *tail = cmd + clen - room;
			while ((*tail & 0xc0) == 0x80)
				tail++;
			snprintf(line, sizeof line, "$ %s%s", crt_glyph(a, "…", "..."), tail);
		} else {
			snprintf(line, sizeof line, "$ %s", cmd);
		}
		/* Wrap onto the second row at a space, so no knob is cut. */
		size_t len = strlen(line), cut = len, space = 0;
		int cols = 0;
		for (size_t i = 0; i < len; i++) {
			if ((line[i] & 0xc0) == 0x80)
				continue;
			if (++cols > w - 4) {
				cut = space > len / 4 ? space : i;
				break;
			}
			if (line[i] == ' ')
				space = i + 1;
		}
		char *row = strndup(line, cut);
		if (row) {
			live_put(a, y0 + h - 5, x0 + 2, w - 4, row, crt_style(LAYOUT_PROMPT, 0));
			free(row);
		}
		if (cut < len)
			live_put(a, y0 + h - 4, x0 + 4, w - 6, line + cut,
				 crt_style(LAYOUT_PROMPT, 0));
		free(cmd);
	}
	if (f->err[0])
		live_put(a, y0 + h - 3, x0 + 2, w - 4, f->err, crt_ui(CRT_WARN));
	else
		live_put(a, y0 + h - 3, x0 + 2, w - 4, "Empty fields take the kernel's default.",
			 crt_ui(CRT_NOTE));
	live_put(a, y0 + h - 2, x0 + 2, w - 4, a->utf8 ?
		 "[Enter] run  [Esc] cancel  [↑/↓ Tab] field  [←/→ Space] choose  [Ctrl-U] clear" :
		 "[Enter] run  [Esc] cancel  [Up/Down Tab] field  [Left/Right Space] choose",
		 A_BOLD);
}
