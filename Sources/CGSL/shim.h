#ifndef ONESTOP_CGSL_SHIM_H
#define ONESTOP_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>

/* GSL's generator types are mutable C globals; Swift 6 refuses to read those directly. */
static inline const gsl_rng_type *onestop_rng_mt19937(void) { return gsl_rng_mt19937; }

/* The uniform draw without GSL's out-of-line call: the generator's own function pointer. */
static inline double onestop_rng_uniform(const gsl_rng *r) { return (r->type->get_double)(r->state); }

/* Uniform on (0, 1): never exactly 0, for logarithms. */
static inline double onestop_rng_uniform_pos(const gsl_rng *r) {
    double x;
    do { x = (r->type->get_double)(r->state); } while (x == 0);
    return x;
}

/* The state layout of GSL's mt19937 (gsl/rng/mt.c). GSL seeds it from 32 bits only; filling all
   624 words from a 64-bit seed keeps distinct streams from ever sharing a sequence. */
typedef struct { unsigned long mt[624]; int mti; } onestop_mt19937_state;

/* Writes 624 words into an mt19937 generator's state; returns 0 (and changes nothing) when the
   generator is not mt19937 with the expected layout. */
static inline int onestop_mt19937_fill(gsl_rng *r, const unsigned int *words) {
    if (r->type != gsl_rng_mt19937 || gsl_rng_size(r) != sizeof(onestop_mt19937_state)) return 0;
    onestop_mt19937_state *s = (onestop_mt19937_state *)r->state;
    int nonzero = 0;
    for (int i = 0; i < 624; i++) { s->mt[i] = words[i]; nonzero |= (words[i] != 0); }
    if (!nonzero) s->mt[0] = 0x80000000UL;
    s->mti = 624;
    return 1;
}

/* The derivative-free simplex minimiser's type (a C global, like the generator types). */
static inline const gsl_multimin_fminimizer_type *onestop_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

#endif
