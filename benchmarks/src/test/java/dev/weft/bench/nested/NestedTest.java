package dev.weft.bench.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every contender of the nested-calls workload computes the same sum at a tiny scale. */
class NestedTest {
    private static final int CHAINS = 7;
    private static final int DEPTH = 3;

    @Test
    void expectedSumCountsEveryLevelOfEveryChain() {
        // chain i: i + (1+1) + (2+1) + (3+1) = i + 9; chains 0..6: 21 + 63
        assertEquals(84, NestedBenchmark.expected(CHAINS, DEPTH));
        assertEquals(65, NestedBenchmark.expected(1, NestedBenchmark.DEPTH));
    }

    @Test
    void everyContenderComputesTheSameSum() {
        long expected = NestedBenchmark.expected(CHAINS, DEPTH);
        assertEquals(expected, WeftNested.run(CHAINS, DEPTH));
        assertEquals(expected, KotlinNested.run(CHAINS, DEPTH));
        assertEquals(expected, EaNested.run(CHAINS, DEPTH));
    }

    @Test
    void aChainOfOneLevelStillSuspendsAndReturns() {
        long expected = NestedBenchmark.expected(3, 1);
        assertEquals(expected, WeftNested.run(3, 1));
        assertEquals(expected, KotlinNested.run(3, 1));
        assertEquals(expected, EaNested.run(3, 1));
    }
}
