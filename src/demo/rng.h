/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's random numbers: splitmix64 to seed, xoshiro256** to draw, and keyed
 * permutations that give distinct values for distinct indexes without any table. Never rand(): the
 * output must not depend on the C library. */
#ifndef XY_DEMO_RNG_H
#define XY_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply; the bias is below 2^-32, irrelevant here). */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline int rng_range(struct rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline bool rng_permille(struct rng *r, unsigned pm)
{
    return rng_below(r, 1000) < pm;
}

/* A keyed permutation of [0, n): a bijective mix on the smallest power-of-two domain holding n
 * (xor with key, multiply by an odd constant, xor-shift: each step is invertible), walked until
 * the value falls below n. Distinct indexes give distinct values without any table. */
struct perm {
    uint64_t n, mask, key[3];
    unsigned bits;
};

static inline void perm_init(struct perm *p, uint64_t n, uint64_t seed, uint64_t salt)
{
    uint64_t x = seed ^ (salt * 0xD6E8FEB86659FD93ull);
    p->n = n;
    p->bits = 1;
    while (p->bits < 63 && (1ull << p->bits) < n)
        p->bits++;
    p->mask = (1ull << p->bits) - 1;
    for (int i = 0; i < 3; i++)
        p->key[i] = splitmix64(&x) & p->mask;
}

static inline uint64_t perm_apply(const struct perm *p, uint64_t x)
{
    unsigned shift = p->bits / 2 + 1;
    x %= p->n;
    do {
        for (int i = 0; i < 3; i++) {
            x ^= p->key[i];
            x = (x * 0x9E3779B97F4A7C15ull) & p->mask;
            x ^= x >> shift;
        }
    } while (x >= p->n);
    return x;
}

#endif
