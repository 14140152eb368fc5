package dev.labbook.metrics;

/** SQL's NTILE(buckets) over a count of ordered rows, as arithmetic. */
final class Ntile {
    private Ntile() {}

    /**
     * The 0-based rank of each non-empty bucket's first row. Buckets hold rows / buckets rows, and the
     * first rows % buckets of them one more; with fewer rows than buckets each row is its own bucket.
     */
    static long[] bucketStarts(long rows, int buckets) {
        int count = (int) Math.min(rows, buckets);
        long size = rows / buckets;
        long larger = rows % buckets;
        long[] starts = new long[count];
        for (int b = 0; b < count; b++) {
            starts[b] = b <= larger ? b * (size + 1) : larger * (size + 1) + (b - larger) * size;
        }
        return starts;
    }
}
