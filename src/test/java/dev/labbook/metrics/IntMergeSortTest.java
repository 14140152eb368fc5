package dev.labbook.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IntMergeSortTest {
    @Test
    void sortsIndexesStablyLikeTheLibrarySort() {
        Random random = new Random(7);
        for (int n : new int[] {0, 1, 2, 3, 17, 1000, 4097}) {
            int[] keys = random.ints(n, 0, Math.max(1, n / 4)).toArray();
            Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(expected, Comparator.comparingInt(i -> keys[i])); // stable
            int[] actual = IntMergeSort.sorted(n, (a, b) -> Integer.compare(keys[a], keys[b]));
            assertArrayEquals(java.util.Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), actual, "n=" + n);
        }
    }
}
