package dev.labbook.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bucket starts against NTILE applied row by row as the SQL standard defines it. */
class NtileTest {

    @Test
    void bucketStartsMatchNtileRowByRow() {
        for (int rows = 0; rows <= 120; rows++) {
            for (int buckets = 1; buckets <= 40; buckets++) {
                assertArrayEquals(rowByRow(rows, buckets), Ntile.bucketStarts(rows, buckets),
                        rows + " rows, " + buckets + " buckets");
            }
        }
        assertArrayEquals(new long[] {0, 333_334, 666_667}, Ntile.bucketStarts(1_000_000, 3));
    }

    /** Row i (0-based) falls in bucket b, filled in order: the first rows % buckets buckets get one more. */
    private static long[] rowByRow(int rows, int buckets) {
        List<Long> starts = new ArrayList<>();
        int size = rows / buckets;
        int larger = rows % buckets;
        int row = 0;
        for (int b = 0; b < buckets && row < rows; b++) {
            starts.add((long) row);
            row += b < larger ? size + 1 : size;
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }
}
