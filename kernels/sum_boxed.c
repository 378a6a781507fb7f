/* sum_boxed.c - a model of what CPython does for
 *
 *     s = 0.0
 *     for v in x:
 *         s += v
 *
 * It is a model, not a delay loop: it does the same kinds of work per
 * element that the interpreter does, so its cost has the same causes.
 *   - The loop body is bytecode, run by a dispatch loop that fetches each
 *     instruction and calls its handler through a table.
 *   - Every value is a heap object (a "box"): a reference count, a pointer
 *     to its type, and the number. Iterating over an array makes a new box
 *     for each element, as iterating over an ndarray makes a NumPy scalar.
 *   - `s += v` looks up the add in the left operand's type (a function
 *     pointer in the type's number table) and calls it; the add allocates
 *     a new box for the result.
 *   - Storing a local drops the reference to the old value; a count that
 *     reaches zero frees the box through its type's deallocator.
 * What the model leaves out (the evaluation stack's checks, the eval
 * breaker, tracing hooks, type checks in the iterator) only makes real
 * CPython slower, so the model is a lower bound on the interpreter. */
#include "sum_boxed.h"

#include <stdio.h>
#include <stdlib.h>

struct box;

struct box_type {
	const char *name;
	struct box *(*nb_add)(struct box *, struct box *);
	void (*dealloc)(struct box *);
};

struct box {
	long refcnt;
	const struct box_type *type;
	double value;
};

static void box_out_of_memory(void)
{
	fputs("hpct-sum: out of memory in the boxed loop\n", stderr);
	exit(1);
}

static struct box *box_new(const struct box_type *type, double value)
{
	struct box *b = malloc(sizeof *b);
	if (!b)
		box_out_of_memory();
	b->refcnt = 1;
	b->type = type;
	b->value = value;
	return b;
}

static void box_decref(struct box *b)
{
	if (--b->refcnt == 0)
		b->type->dealloc(b);
}

static void box_incref(struct box *b)
{
	b->refcnt++;
}

static void float_dealloc(struct box *b)
{
	free(b);
}

static struct box *float_add(struct box *l, struct box *r);

static const struct box_type box_float = { "float", float_add, float_dealloc };

static struct box *float_add(struct box *l, struct box *r)
{
	return box_new(&box_float, l->value + r->value);
}

/* The bytecode of the loop above, as CPython 3.11 compiles it. */
enum op { OP_FOR_ITER, OP_STORE_V, OP_LOAD_S, OP_LOAD_V, OP_BINARY_ADD, OP_STORE_S,
	  OP_JUMP_BACK, OP_RETURN };

struct frame {
	struct box *s, *v;        /* the two local variables */
	struct box *stack[4];     /* the value stack */
	int sp;
	int pc;
	const void *data;         /* the iterator: an array and a position */
	int is_f32;
	uint64_t i, n;
};

typedef int (*op_handler)(struct frame *);

/* Each handler does one instruction and returns 0 to go on, 1 to stop. */
static int op_for_iter(struct frame *f)
{
	double v;
	if (f->i == f->n) {
		f->pc = 7; /* past the loop */
		return 0;
	}
	v = f->is_f32 ? ((const float *)f->data)[f->i] : ((const double *)f->data)[f->i];
	f->i++;
	f->stack[f->sp++] = box_new(&box_float, v);
	f->pc++;
	return 0;
}

static int op_store_v(struct frame *f)
{
	struct box *old = f->v;
	f->v = f->stack[--f->sp];
	if (old)
		box_decref(old);
	f->pc++;
	return 0;
}

static int op_load_s(struct frame *f)
{
	box_incref(f->s);
	f->stack[f->sp++] = f->s;
	f->pc++;
	return 0;
}

static int op_load_v(struct frame *f)
{
	box_incref(f->v);
	f->stack[f->sp++] = f->v;
	f->pc++;
	return 0;
}

static int op_binary_add(struct frame *f)
{
	struct box *r = f->stack[--f->sp], *l = f->stack[--f->sp];
	struct box *res = l->type->nb_add(l, r);  /* dispatch through the type */
	box_decref(l);
	box_decref(r);
	f->stack[f->sp++] = res;
	f->pc++;
	return 0;
}

static int op_store_s(struct frame *f)
{
	struct box *old = f->s;
	f->s = f->stack[--f->sp];
	box_decref(old);
	f->pc++;
	return 0;
}

static int op_jump_back(struct frame *f)
{
	f->pc = 0;
	return 0;
}

static int op_return(struct frame *f)
{
	return 1;
}

static const op_handler box_ops[] = {
	[OP_FOR_ITER] = op_for_iter, [OP_STORE_V] = op_store_v, [OP_LOAD_S] = op_load_s,
	[OP_LOAD_V] = op_load_v, [OP_BINARY_ADD] = op_binary_add, [OP_STORE_S] = op_store_s,
	[OP_JUMP_BACK] = op_jump_back, [OP_RETURN] = op_return,
};

static const unsigned char box_code[] = {
	OP_FOR_ITER, OP_STORE_V, OP_LOAD_S, OP_LOAD_V, OP_BINARY_ADD, OP_STORE_S,
	OP_JUMP_BACK, OP_RETURN,
};

static double boxed_run(const void *x, uint64_t n, int is_f32)
{
	struct frame f = { 0 };
	double result;

	f.s = box_new(&box_float, 0.0);
	f.data = x;
	f.is_f32 = is_f32;
	f.n = n;
	/* The dispatch loop: fetch, look up, call. */
	while (!box_ops[box_code[f.pc]](&f))
		;
	result = f.s->value;
	box_decref(f.s);
	if (f.v)
		box_decref(f.v);
	return result;
}

double boxed_sum_f64(const double *x, uint64_t n)
{
	return boxed_run(x, n, 0);
}

double boxed_sum_f32(const float *x, uint64_t n)
{
	return boxed_run(x, n, 1);
}
