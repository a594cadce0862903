/*
 * The wasm engine's matrix product in native AVX2 + FMA: the contract of gemm.ts, on the engine's
 * own WebAssembly memory (an ArrayBuffer and byte offsets, nothing copied in or out).
 *
 *   gemm(buffer, M, N, K, a, sAr, sAt, b, ldb, c, ldc, init, bias, post, mask, fuse)
 *   C[r, j] = post(start(r, j) + sum over t = 0..K-1 of A(r, t) * B(t, j))
 *
 * A(r, t) = a[r*sAr + t*sAt], B(t, j) = b[t*ldb + j], C(r, j) = c[r*ldc + j]; offsets are bytes,
 * strides floats. start: 0 (init 0), the old C (init 1), bias[j] (init 2). post: 0 none, 1 ReLU,
 * 2 x where mask(r, j) > 0 else 0.
 *
 * Why it is bitwise the WebAssembly kernel: every C element is its start value followed by one
 * step per t, t ascending, each step a fused multiply-add (fuse = 1, as relaxed SIMD's madd on a
 * CPU with FMA) or a multiply then an add, each rounded (fuse = 0, the plain SIMD kernel). Lanes
 * are independent, so the register tile's shape, the packing and the zero padding of the edges
 * change where a value is computed, never how: no reassociation, no K splitting.
 *
 * Layout: A is read in place, one broadcast per row and t at A + r*sAr + t*sAt (packing it
 * measured 8% slower on the engine's products: the broadcasts hit L1 either way); B, when more
 * than one row tile reads it, is packed as panels of NR columns [t][NR] padded with zeros (a
 * contiguous stream, free of the cache-set conflicts of a row stride of 2^k floats: without it
 * dZ . W^T ran at 40 instead of 90 GFLOP/s). The MR x NR tile keeps 12 of the 16 ymm registers
 * as accumulators.
 *
 * Built with the system C compiler by scripts/build-native.mjs; the kernel functions carry the
 * target attribute, so the module loads on any x86-64 and reports `available: false` where the
 * CPU lacks AVX2 or FMA (the engine then keeps the WebAssembly kernel).
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define HAVE_X86 1
#else
#define HAVE_X86 0
#endif

#define MR 6
#define NR 16

/* Packing space, one per Node environment (each worker thread has its own), grown as needed. */
typedef struct {
  float *a;
  size_t aFloats;
  float *b;
  size_t bFloats;
} Scratch;

static float *grow(float **p, size_t *have, size_t want) {
  if (want <= *have) return *p;
  free(*p);
  /* 64-byte alignment for the packed panels; a little slack so sizes stay multiples of 64. */
  size_t bytes = ((want * sizeof(float)) + 63) & ~(size_t)63;
  *p = aligned_alloc(64, bytes);
  *have = *p ? want : 0;
  return *p;
}

#if HAVE_X86
#define KERNEL __attribute__((target("avx2,fma")))
#define INLINE_KERNEL static inline __attribute__((always_inline, target("avx2,fma")))

typedef struct {
  int init, post;
  const float *bias; /* bias + j of this tile */
  const float *mask; /* mask(r, j) of this tile */
  float *c;          /* C(r, j) */
  size_t ldc;
} Edge;

INLINE_KERNEL __m256 step(int fuse, __m256 acc, __m256 a, __m256 b) {
  return fuse ? _mm256_fmadd_ps(a, b, acc) : _mm256_add_ps(acc, _mm256_mul_ps(a, b));
}

INLINE_KERNEL __m256 load(int full, const float *p, __m256i m) {
  return full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, m);
}

/* The start value of accumulator (dr, v). */
INLINE_KERNEL __m256 startValue(int full, const Edge *e, int dr, int v, __m256i m) {
  if (e->init == 0) return _mm256_setzero_ps();
  return load(full, e->init == 1 ? e->c + dr * e->ldc + 8 * v : e->bias + 8 * v, m);
}

/* Applies `post` to accumulator (dr, v) and stores it into C. */
INLINE_KERNEL void finish(int full, const Edge *e, int dr, int v, __m256i m, __m256 x) {
  const __m256 zero = _mm256_setzero_ps();
  if (e->post == 1) {
    /* WebAssembly's max: NaN stays NaN, and max(-0, 0) is +0. */
    x = _mm256_blendv_ps(_mm256_max_ps(x, zero), x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
  } else if (e->post == 2) {
    x = _mm256_and_ps(x, _mm256_cmp_ps(load(full, e->mask + dr * e->ldc + 8 * v, m), zero, _CMP_GT_OQ));
  }
  float *to = e->c + dr * e->ldc + 8 * v;
  if (full) _mm256_storeu_ps(to, x);
  else _mm256_maskstore_ps(to, m, x);
}

/*
 * One tile: `rows` (1..MR) rows by `vectors` (1 or 2) vectors of 8 columns, `full` when every
 * column is inside N (else `m` masks the columns of each vector). pa: A(r, 0), rows ar floats
 * apart and t values at floats apart; pb: B's first row for this tile, rows bs floats apart (NR
 * when packed, ldb when read in place).
 * The accumulators are named variables, not an array, so the compiler keeps all twelve in
 * registers (with an array GCC spilled them to the stack at every step).
 */
#define ACC_FOR(X) X(0, 0) X(0, 1) X(1, 0) X(1, 1) X(2, 0) X(2, 1) X(3, 0) X(3, 1) X(4, 0) X(4, 1) X(5, 0) X(5, 1)
#define LIVE(dr, v) (rows > (dr) && vectors > (v))
INLINE_KERNEL void tile(const int fuse, const int rows, const int vectors, const int full, size_t K, const float *pa, size_t ar, size_t at, const float *pb, size_t bs, const __m256i *m, const Edge *e) {
#define DECLARE(dr, v) __m256 c##dr##v = LIVE(dr, v) ? startValue(full, e, dr, v, m[v]) : _mm256_setzero_ps();
  ACC_FOR(DECLARE)
#undef DECLARE
#pragma GCC unroll 4
  for (size_t t = 0; t < K; t++) {
    const __m256 b0 = load(full, pb, m[0]);
    const __m256 b1 = vectors > 1 ? load(full, pb + 8, m[1]) : _mm256_setzero_ps();
#define ROW(dr)                                                   \
    if (rows > (dr)) {                                            \
      const __m256 a = _mm256_broadcast_ss(pa + (dr) * ar);       \
      c##dr##0 = step(fuse, c##dr##0, a, b0);                     \
      if (vectors > 1) c##dr##1 = step(fuse, c##dr##1, a, b1);    \
    }
    ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
#undef ROW
    pa += at;
    pb += bs;
  }
#define STORE(dr, v) if (LIVE(dr, v)) finish(full, e, dr, v, m[v], c##dr##v);
  ACC_FOR(STORE)
#undef STORE
}

/* Instantiates the tile for constant rows, vectors and fullness, so each inner loop is fixed. */
#define TILE_CASES(FUSE, V, FULL)                                               \
  switch (rows) {                                                               \
    case 6: tile(FUSE, 6, V, FULL, K, pa, ar, at, pb, bs, m, e); break;                \
    case 5: tile(FUSE, 5, V, FULL, K, pa, ar, at, pb, bs, m, e); break;                \
    case 4: tile(FUSE, 4, V, FULL, K, pa, ar, at, pb, bs, m, e); break;                \
    case 3: tile(FUSE, 3, V, FULL, K, pa, ar, at, pb, bs, m, e); break;                \
    case 2: tile(FUSE, 2, V, FULL, K, pa, ar, at, pb, bs, m, e); break;                \
    default: tile(FUSE, 1, V, FULL, K, pa, ar, at, pb, bs, m, e); break;               \
  }

static KERNEL void tileFused(int rows, int vectors, int full, size_t K, const float *pa, size_t ar, size_t at, const float *pb, size_t bs, const __m256i *m, const Edge *e) {
  if (vectors == 2) {
    if (full) { TILE_CASES(1, 2, 1) } else { TILE_CASES(1, 2, 0) }
  } else {
    if (full) { TILE_CASES(1, 1, 1) } else { TILE_CASES(1, 1, 0) }
  }
}

static KERNEL void tilePlain(int rows, int vectors, int full, size_t K, const float *pa, size_t ar, size_t at, const float *pb, size_t bs, const __m256i *m, const Edge *e) {
  if (vectors == 2) {
    if (full) { TILE_CASES(0, 2, 1) } else { TILE_CASES(0, 2, 0) }
  } else {
    if (full) { TILE_CASES(0, 1, 1) } else { TILE_CASES(0, 1, 0) }
  }
}

/* The mask of the columns j0 .. j0 + 7 that lie below `cols`. */
static KERNEL __m256i columnMask(size_t cols, size_t j0) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  long left = (long)cols - (long)j0;
  if (left < 0) left = 0;
  if (left > 8) left = 8;
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)left), lanes);
}

/*
 * Narrow products (N < 8, e.g. the output layer's single unit): a column tile would leave most
 * lanes idle, so here the lanes run over 8 rows of one column instead: lane dr of a group takes
 * exactly the steps it would take in a tile, fma(A(r + dr, t), B(t, j), c) for t ascending.
 * Four row groups at a time keep four independent chains in flight. A is read in place when its
 * rows are adjacent (sAr = 1) and whole groups stay inside M, else packed as [group][t][8].
 */
#define GROUPS 4
INLINE_KERNEL void narrowGroups(const int fuse, const int groups, size_t K, const float *pa, size_t at, size_t gs, const float *pb, size_t ldb, __m256 *acc) {
  __m256 c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3];
#pragma GCC unroll 2
  for (size_t t = 0; t < K; t++) {
    const __m256 b = _mm256_broadcast_ss(pb + t * ldb);
    const float *p = pa + t * at;
    c0 = step(fuse, c0, _mm256_loadu_ps(p), b);
    if (groups > 1) c1 = step(fuse, c1, _mm256_loadu_ps(p + gs), b);
    if (groups > 2) c2 = step(fuse, c2, _mm256_loadu_ps(p + 2 * gs), b);
    if (groups > 3) c3 = step(fuse, c3, _mm256_loadu_ps(p + 3 * gs), b);
  }
  acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3;
}

static KERNEL void narrowRun(int fuse, int groups, size_t K, const float *pa, size_t at, size_t gs, const float *pb, size_t ldb, __m256 *acc) {
  switch (groups * 2 + fuse) {
    case 8 + 1: narrowGroups(1, 4, K, pa, at, gs, pb, ldb, acc); break;
    case 8: narrowGroups(0, 4, K, pa, at, gs, pb, ldb, acc); break;
    case 6 + 1: narrowGroups(1, 3, K, pa, at, gs, pb, ldb, acc); break;
    case 6: narrowGroups(0, 3, K, pa, at, gs, pb, ldb, acc); break;
    case 4 + 1: narrowGroups(1, 2, K, pa, at, gs, pb, ldb, acc); break;
    case 4: narrowGroups(0, 2, K, pa, at, gs, pb, ldb, acc); break;
    case 2 + 1: narrowGroups(1, 1, K, pa, at, gs, pb, ldb, acc); break;
    default: narrowGroups(0, 1, K, pa, at, gs, pb, ldb, acc); break;
  }
}

static KERNEL int narrow(Scratch *s, char *base, size_t M, size_t N, size_t K, size_t a, size_t sAr, size_t sAt, size_t b, size_t ldb, size_t c, size_t ldc, int init, size_t bias, int post, size_t mask, int fuse) {
  const float *A = (const float *)(base + a);
  const float *B = (const float *)(base + b);
  float *C = (float *)(base + c);
  const float *bs = (const float *)(base + bias);
  const float *ms = (const float *)(base + mask);
  size_t groups = (M + 7) / 8;
  const float *pa = A;
  size_t at = sAt, gs = 8;
  if (!(sAr == 1 && M % 8 == 0)) {
    float *packed = grow(&s->a, &s->aFloats, groups * 8 * (K ? K : 1));
    if (!packed) return -1;
    for (size_t g = 0; g < groups; g++)
      for (size_t t = 0; t < K; t++)
        for (size_t dr = 0; dr < 8; dr++) packed[(g * K + t) * 8 + dr] = g * 8 + dr < M ? A[(g * 8 + dr) * sAr + t * sAt] : 0;
    pa = packed, at = 8, gs = 8 * K;
  }
  for (size_t g0 = 0; g0 < groups; g0 += GROUPS) {
    int live = (int)(groups - g0 < GROUPS ? groups - g0 : GROUPS);
    for (size_t j = 0; j < N; j++) {
      __m256 acc[GROUPS];
      float lanes[8];
      for (int g = 0; g < live; g++) {
        for (size_t dr = 0; dr < 8; dr++) {
          size_t r = (g0 + g) * 8 + dr;
          lanes[dr] = r >= M || init == 0 ? 0.0f : init == 1 ? C[r * ldc + j] : bs[j];
        }
        acc[g] = _mm256_loadu_ps(lanes);
      }
      narrowRun(fuse, live, K, pa + g0 * gs, at, gs, B + j, ldb, acc);
      const __m256 zero = _mm256_setzero_ps();
      for (int g = 0; g < live; g++) {
        __m256 x = acc[g];
        if (post == 1) x = _mm256_blendv_ps(_mm256_max_ps(x, zero), x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
        _mm256_storeu_ps(lanes, x);
        for (size_t dr = 0; dr < 8; dr++) {
          size_t r = (g0 + g) * 8 + dr;
          if (r >= M) break;
          /* ReLU's mask as the tiles apply it: x where mask > 0, else +0. */
          C[r * ldc + j] = post == 2 && !(ms[r * ldc + j] > 0) ? 0.0f : lanes[dr];
        }
      }
    }
  }
  return 0;
}

/* Returns 0, or -1 when the packing space cannot be allocated. */
static KERNEL int gemm(Scratch *s, char *base, size_t M, size_t N, size_t K, size_t a, size_t sAr, size_t sAt, size_t b, size_t ldb, size_t c, size_t ldc, int init, size_t bias, int post, size_t mask, int fuse) {
  if (M == 0 || N == 0) return 0;
  if (N < 8 && M >= 8) return narrow(s, base, M, N, K, a, sAr, sAt, b, ldb, c, ldc, init, bias, post, mask, fuse);
  const float *A = (const float *)(base + a);
  const float *B = (const float *)(base + b);
  size_t tiles = (M + MR - 1) / MR;
  /* B, packed into NR-column panels when several row tiles read it. */
  size_t panels = (N + NR - 1) / NR;
  int packB = tiles > 1 && K > 0;
  float *pb = 0;
  if (packB) {
    pb = grow(&s->b, &s->bFloats, panels * NR * K);
    if (!pb) return -1;
    for (size_t p = 0; p < panels; p++) {
      float *to = pb + p * NR * K;
      size_t cols = N - p * NR < NR ? N - p * NR : NR;
      for (size_t t = 0; t < K; t++) {
        memcpy(to + t * NR, B + t * ldb + p * NR, cols * sizeof(float));
        if (cols < NR) memset(to + t * NR + cols, 0, (NR - cols) * sizeof(float));
      }
    }
  }
  for (size_t p = 0; p < panels; p++) {
    size_t j = p * NR;
    size_t cols = N - j < NR ? N - j : NR;
    int vectors = cols > 8 ? 2 : 1;
    int full = cols == 16 || cols == 8;
    __m256i m[2] = {columnMask(cols, 0), columnMask(cols, 8)};
    const float *panel = packB ? pb + p * NR * K : B + j;
    size_t bs = packB ? NR : ldb;
    /* One flag for loads, start values and stores: a packed panel's zero padding would allow
       unmasked loads, but the stores of a partial panel still need the mask. */
    for (size_t i = 0; i < tiles; i++) {
      size_t r = i * MR;
      Edge e = {init, post, (const float *)(base + bias) + j, (const float *)(base + mask) + r * ldc + j, (float *)(base + c) + r * ldc + j, ldc};
      int rows = (int)(M - r < MR ? M - r : MR);
      (fuse ? tileFused : tilePlain)(rows, vectors, full, K, A + r * sAr, sAr, sAt, panel, bs, m, &e);
    }
  }
  return 0;
}

static int cpuHasKernel(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
static int cpuHasKernel(void) { return 0; }
#endif

static void freeScratch(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Scratch *s = data;
  free(s->a);
  free(s->b);
  free(s);
}

static napi_value fail(napi_env env, const char *code, const char *message) {
  napi_throw_range_error(env, code, message);
  return NULL;
}

#define ARGS 16

/* Whether [offset, offset + floats*4) lies in a buffer of `length` bytes, 4-byte aligned. */
static int inside(size_t length, int64_t offset, int64_t floats) {
  /* floats may be near 2^63 (two products of 31-bit values): compare before multiplying by 4. */
  return offset >= 0 && offset % 4 == 0 && floats >= 0 && (uint64_t)floats <= length / 4 && (uint64_t)offset + (uint64_t)floats * 4 <= length;
}

static napi_value gemmCall(napi_env env, napi_callback_info info) {
  size_t argc = ARGS;
  napi_value argv[ARGS];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != ARGS) return fail(env, "ERR_MLPIPE_GEMM_ARGS", "gemm takes a buffer and 15 whole numbers");
  void *data;
  size_t length;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok) return fail(env, "ERR_MLPIPE_GEMM_ARGS", "gemm's first argument must be an ArrayBuffer (the engine's WebAssembly memory)");
  int64_t v[ARGS - 1];
  for (int i = 0; i < ARGS - 1; i++) {
    if (napi_get_value_int64(env, argv[i + 1], &v[i]) != napi_ok) return fail(env, "ERR_MLPIPE_GEMM_ARGS", "gemm's arguments after the buffer must be numbers");
    if (v[i] < 0 || v[i] > INT32_MAX) return fail(env, "ERR_MLPIPE_GEMM_ARGS", "gemm's sizes, offsets and strides must be whole numbers from 0 to 2^31 - 1");
  }
  int64_t M = v[0], N = v[1], K = v[2], a = v[3], sAr = v[4], sAt = v[5], b = v[6], ldb = v[7], c = v[8], ldc = v[9], init = v[10], bias = v[11], post = v[12], mask = v[13], fuse = v[14];
  if (init > 2 || post > 2 || fuse > 1) return fail(env, "ERR_MLPIPE_GEMM_ARGS", "gemm's init and post must be 0, 1 or 2, and fuse 0 or 1");
  /* Every float the product reads or writes must lie in the buffer: the last index plus one. */
  int ok = 1;
  if (M > 0 && N > 0) {
    if (K > 0) ok = ok && inside(length, a, (M - 1) * sAr + (K - 1) * sAt + 1) && inside(length, b, (K - 1) * ldb + N);
    ok = ok && inside(length, c, (M - 1) * ldc + N);
    if (init == 2) ok = ok && inside(length, bias, N);
    if (post == 2) ok = ok && inside(length, mask, (M - 1) * ldc + N);
  }
  if (!ok) return fail(env, "ERR_MLPIPE_GEMM_RANGE", "gemm's operands reach outside the memory (or are not 4-byte aligned)");
#if HAVE_X86
  Scratch *s;
  if (napi_get_instance_data(env, (void **)&s) != napi_ok || !s) return fail(env, "ERR_MLPIPE_GEMM_STATE", "gemm's packing space is missing");
  if (gemm(s, data, M, N, K, a, sAr, sAt, b, ldb, c, ldc, (int)init, bias, (int)post, mask, (int)fuse) != 0) {
    napi_throw_error(env, "ERR_MLPIPE_GEMM_MEMORY", "gemm could not allocate its packing space");
  }
#endif
  return NULL;
}

/*
 * gather(x, order, start, n, cols, dest): dest row k = x row order[start + k], k < n. The batch's
 * rows are random rows of the data set, so a plain copy waits on one cache miss after another
 * (0.4 s of a 1M x 50 epoch in JavaScript); here the rows a few ahead are prefetched. A copy:
 * nothing is computed, so nothing can round differently.
 */
#define GATHER_AHEAD 8
static napi_value gatherCall(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6) return fail(env, "ERR_MLPIPE_GATHER_ARGS", "gather takes x, order, start, n, cols and dest");
  napi_typedarray_type type;
  size_t xLength, orderLength, destLength;
  void *xData, *orderData, *destData;
  if (napi_get_typedarray_info(env, argv[0], &type, &xLength, &xData, NULL, NULL) != napi_ok || type != napi_float32_array) return fail(env, "ERR_MLPIPE_GATHER_ARGS", "gather's x must be a Float32Array");
  if (napi_get_typedarray_info(env, argv[1], &type, &orderLength, &orderData, NULL, NULL) != napi_ok || type != napi_int32_array) return fail(env, "ERR_MLPIPE_GATHER_ARGS", "gather's order must be an Int32Array");
  if (napi_get_typedarray_info(env, argv[5], &type, &destLength, &destData, NULL, NULL) != napi_ok || type != napi_float32_array) return fail(env, "ERR_MLPIPE_GATHER_ARGS", "gather's dest must be a Float32Array");
  int64_t start, n, cols;
  if (napi_get_value_int64(env, argv[2], &start) != napi_ok || napi_get_value_int64(env, argv[3], &n) != napi_ok || napi_get_value_int64(env, argv[4], &cols) != napi_ok) return fail(env, "ERR_MLPIPE_GATHER_ARGS", "gather's start, n and cols must be numbers");
  if (start < 0 || n < 0 || cols <= 0 || (uint64_t)(start + n) > orderLength || (uint64_t)(n * cols) > destLength) return fail(env, "ERR_MLPIPE_GATHER_RANGE", "gather's rows reach outside order or dest");
  const float *x = xData;
  const int32_t *order = (const int32_t *)orderData + start;
  float *dest = destData;
  size_t rows = xLength / (size_t)cols;
  for (int64_t k = 0; k < n; k++)
    if (order[k] < 0 || (size_t)order[k] >= rows) return fail(env, "ERR_MLPIPE_GATHER_RANGE", "gather's order names a row outside x");
  size_t bytes = (size_t)cols * sizeof(float);
  for (int64_t k = 0; k < n; k++) {
    if (k + GATHER_AHEAD < n) {
      const char *ahead = (const char *)(x + (size_t)order[k + GATHER_AHEAD] * cols);
      for (size_t o = 0; o < bytes; o += 64) __builtin_prefetch(ahead + o);
      __builtin_prefetch(ahead + bytes - 1);
    }
    memcpy(dest + (size_t)k * cols, x + (size_t)order[k] * cols, bytes);
  }
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  int available = cpuHasKernel();
  napi_value flag;
  napi_get_boolean(env, available, &flag);
  napi_set_named_property(env, exports, "available", flag);
  if (available) {
    Scratch *s = calloc(1, sizeof(Scratch));
    if (!s || napi_set_instance_data(env, s, freeScratch, NULL) != napi_ok) {
      free(s);
      napi_throw_error(env, "ERR_MLPIPE_GEMM_MEMORY", "gemm could not allocate its state");
      return NULL;
    }
    napi_value fn;
    napi_create_function(env, "gemm", NAPI_AUTO_LENGTH, gemmCall, NULL, &fn);
    napi_set_named_property(env, exports, "gemm", fn);
    napi_create_function(env, "gather", NAPI_AUTO_LENGTH, gatherCall, NULL, &fn);
    napi_set_named_property(env, exports, "gather", fn);
  }
  return exports;
}
