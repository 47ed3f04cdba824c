/* Reference timing for bi-level G4 TIFF card images: libtiff (Debian) opening a file held in
 * memory and reading it to RGBA with TIFFReadRGBAImageOriented, in process, N times; prints the
 * median nanoseconds per decode and writes the RGBA of the last decode for the pixel comparison.
 * Compiled and run by scripts/bench.sh:
 *   tiff_bench ITERATIONS IMAGE OUT.rgba
 * The work matches the Rust side's image::decode: parse the IFD, decode G4, expand to RGBA. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tiffio.h>

typedef struct { const uint8_t *data; toff_t len, pos; } mem_t;

static tmsize_t mem_read(thandle_t h, void *buf, tmsize_t n) {
    mem_t *m = (mem_t *)h;
    if (m->pos >= m->len) return 0;
    toff_t k = m->len - m->pos;
    if ((toff_t)n < k) k = (toff_t)n;
    memcpy(buf, m->data + m->pos, (size_t)k);
    m->pos += k;
    return (tmsize_t)k;
}
static tmsize_t mem_write(thandle_t h, void *buf, tmsize_t n) { (void)h; (void)buf; (void)n; return -1; }
static toff_t mem_seek(thandle_t h, toff_t off, int whence) {
    mem_t *m = (mem_t *)h;
    toff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
    m->pos = base + off;
    return m->pos;
}
static int mem_close(thandle_t h) { (void)h; return 0; }
static toff_t mem_size(thandle_t h) { return ((mem_t *)h)->len; }
static int mem_map(thandle_t h, void **base, toff_t *size) {
    mem_t *m = (mem_t *)h;
    *base = (void *)m->data;
    *size = m->len;
    return 1;
}
static void mem_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static uint32_t *decode(const uint8_t *data, size_t len, uint32_t *w, uint32_t *h) {
    mem_t m = {data, len, 0};
    TIFF *t = TIFFClientOpen("card", "rm", (thandle_t)&m, mem_read, mem_write, mem_seek, mem_close, mem_size,
                             mem_map, mem_unmap);
    if (!t) return NULL;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, w);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, h);
    uint32_t *raster = _TIFFmalloc((tmsize_t)(*w) * (*h) * 4);
    if (!TIFFReadRGBAImageOriented(t, *w, *h, raster, ORIENTATION_TOPLEFT, 0)) {
        _TIFFfree(raster);
        raster = NULL;
    }
    TIFFClose(t);
    return raster;
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
    TIFFSetWarningHandler(NULL);
    long long *ns = malloc(sizeof(long long) * iters);
    uint32_t *last = NULL, w = 0, h = 0;
    for (int i = 0; i < iters; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        uint32_t *raster = decode(buf, len, &w, &h);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (!raster) { fprintf(stderr, "%s: decode failed\n", argv[2]); return 1; }
        ns[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        if (last) _TIFFfree(last);
        last = raster;
    }
    qsort(ns, iters, sizeof *ns, cmp);
    /* ABGR packed in a uint32: on a little-endian machine the bytes are R, G, B, A. */
    FILE *o = fopen(argv[3], "wb");
    fwrite(last, 4, (size_t)w * h, o);
    fclose(o);
    printf("median_ns %lld width %u height %u iterations %d\n", ns[iters / 2], w, h, iters);
    return 0;
}
