/* sum_boxed.h - the interpreter model behind hpct-sum --variant boxed. */
#ifndef SUM_BOXED_H
#define SUM_BOXED_H

#include <stdint.h>

/* Sum x[0..n) the way an interpreter runs `s = 0.0; for v in x: s += v`. */
double boxed_sum_f64(const double *x, uint64_t n);
double boxed_sum_f32(const float *x, uint64_t n);

#endif
