/* Reference timing for JPEG 2000 faces: OpenJPEG (Debian libopenjp2) decoding a file from memory to
 * RGBA, in process, N times; prints the median nanoseconds per decode and writes the RGBA of the
 * last decode for the pixel comparison. Compiled and run by scripts/bench.sh:
 *   opj_bench ITERATIONS IMAGE OUT.rgba
 * The work matches the Rust side's image::decode: parse, decode, convert to 8-bit RGBA. */
#include <openjpeg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { const uint8_t *data; size_t len, pos; } mem_t;

static OPJ_SIZE_T mem_read(void *buf, OPJ_SIZE_T n, void *user) {
    mem_t *m = user;
    if (m->pos >= m->len) return (OPJ_SIZE_T)-1;
    size_t k = m->len - m->pos;
    if (k > n) k = n;
    memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return k;
}
static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user) {
    mem_t *m = user;
    if (n < 0 || (size_t)n > m->len - m->pos) n = (OPJ_OFF_T)(m->len - m->pos);
    m->pos += (size_t)n;
    return n;
}
static OPJ_BOOL mem_seek(OPJ_OFF_T n, void *user) {
    mem_t *m = user;
    if (n < 0 || (size_t)n > m->len) return OPJ_FALSE;
    m->pos = (size_t)n;
    return OPJ_TRUE;
}

static uint8_t to_u8(int v, unsigned prec, int sgnd) {
    long long x = v;
    if (sgnd) x += 1LL << (prec - 1);
    long long max = (1LL << prec) - 1;
    if (x < 0) x = 0;
    if (x > max) x = max;
    return prec == 8 ? (uint8_t)x : (uint8_t)((x * 255 + max / 2) / max);
}

/* Decodes once; returns RGBA (malloc'd) or NULL. */
static uint8_t *decode(const uint8_t *data, size_t len, unsigned *w, unsigned *h) {
    OPJ_CODEC_FORMAT fmt = (len > 4 && data[0] == 0xFF && data[1] == 0x4F) ? OPJ_CODEC_J2K : OPJ_CODEC_JP2;
    mem_t m = {data, len, 0};
    opj_stream_t *s = opj_stream_default_create(OPJ_TRUE);
    opj_stream_set_user_data(s, &m, NULL);
    opj_stream_set_user_data_length(s, len);
    opj_stream_set_read_function(s, mem_read);
    opj_stream_set_skip_function(s, mem_skip);
    opj_stream_set_seek_function(s, mem_seek);
    opj_codec_t *c = opj_create_decompress(fmt);
    opj_dparameters_t p;
    opj_set_default_decoder_parameters(&p);
    opj_setup_decoder(c, &p);
    opj_image_t *img = NULL;
    uint8_t *rgba = NULL;
    if (opj_read_header(s, c, &img) && opj_decode(c, s, img) && opj_end_decompress(c, s)) {
        unsigned n = img->numcomps, W = img->comps[0].w, H = img->comps[0].h;
        *w = W;
        *h = H;
        rgba = malloc((size_t)W * H * 4);
        for (size_t i = 0; i < (size_t)W * H; i++) {
            uint8_t px[4];
            for (unsigned k = 0; k < n && k < 4; k++)
                px[k] = to_u8(img->comps[k].data[i], img->comps[k].prec, img->comps[k].sgnd);
            uint8_t *o = rgba + 4 * i;
            if (n == 1) { o[0] = o[1] = o[2] = px[0]; o[3] = 255; }
            else if (n == 2) { o[0] = o[1] = o[2] = px[0]; o[3] = px[1]; }
            else { o[0] = px[0]; o[1] = px[1]; o[2] = px[2]; o[3] = n >= 4 ? px[3] : 255; }
        }
    }
    if (img) opj_image_destroy(img);
    opj_destroy_codec(c);
    opj_stream_destroy(s);
    return rgba;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s ITERATIONS IMAGE OUT.rgba\n", argv[0]); return 2; }
    int iters = atoi(argv[1]);
    FILE *f = fopen(argv[2], "rb");
    if (!f || iters < 1) { perror(argv[2]); return 2; }
    static uint8_t buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    long long *ns = malloc(sizeof(long long) * iters);
    uint8_t *last = NULL;
    unsigned w = 0, h = 0;
    for (int i = 0; i < iters; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        uint8_t *rgba = decode(buf, len, &w, &h);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (!rgba) { fprintf(stderr, "%s: decode failed\n", argv[2]); return 1; }
        ns[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        free(last);
        last = rgba;
    }
    qsort(ns, iters, sizeof *ns, cmp);
    FILE *o = fopen(argv[3], "wb");
    fwrite(last, 1, (size_t)w * h * 4, o);
    fclose(o);
    printf("median_ns %lld width %u height %u iterations %d\n", ns[iters / 2], w, h, iters);
    return 0;
}
