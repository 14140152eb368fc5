package dev.labbook.metrics;

import java.util.function.IntBinaryOperator;

/** A stable sort of the indexes 0..n-1 by a comparator on indexes, without boxing them. */
final class IntMergeSort {
    private IntMergeSort() {}

    static int[] sorted(int n, IntBinaryOperator compare) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    b[k] = i < mid && (j >= hi || compare.applyAsInt(a[i], a[j]) <= 0) ? a[i++] : a[j++];
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
        }
        return a;
    }
}
