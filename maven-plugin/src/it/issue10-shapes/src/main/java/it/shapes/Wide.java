package it.shapes;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;

/** An @Async method with 254 parameter slots (127 longs): woven, it has 255, the JVM's limit. */
final class Wide {
    private Wide() {
    }

    @Async
    static Task<Long> sum(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
            long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16, long a17, long a18,
            long a19, long a20, long a21, long a22, long a23, long a24, long a25, long a26, long a27, long
            a28, long a29, long a30, long a31, long a32, long a33, long a34, long a35, long a36, long a37,
            long a38, long a39, long a40, long a41, long a42, long a43, long a44, long a45, long a46, long
            a47, long a48, long a49, long a50, long a51, long a52, long a53, long a54, long a55, long a56,
            long a57, long a58, long a59, long a60, long a61, long a62, long a63, long a64, long a65, long
            a66, long a67, long a68, long a69, long a70, long a71, long a72, long a73, long a74, long a75,
            long a76, long a77, long a78, long a79, long a80, long a81, long a82, long a83, long a84, long
            a85, long a86, long a87, long a88, long a89, long a90, long a91, long a92, long a93, long a94,
            long a95, long a96, long a97, long a98, long a99, long a100, long a101, long a102, long a103, long
            a104, long a105, long a106, long a107, long a108, long a109, long a110, long a111, long a112, long
            a113, long a114, long a115, long a116, long a117, long a118, long a119, long a120, long a121, long
            a122, long a123, long a124, long a125, long a126) {
        long first = await(Main.value(a0));
        return Task.of(first + a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 +
                a15 + a16 + a17 + a18 + a19 + a20 + a21 + a22 + a23 + a24 + a25 + a26 + a27 + a28 + a29 + a30
                + a31 + a32 + a33 + a34 + a35 + a36 + a37 + a38 + a39 + a40 + a41 + a42 + a43 + a44 + a45 +
                a46 + a47 + a48 + a49 + a50 + a51 + a52 + a53 + a54 + a55 + a56 + a57 + a58 + a59 + a60 + a61
                + a62 + a63 + a64 + a65 + a66 + a67 + a68 + a69 + a70 + a71 + a72 + a73 + a74 + a75 + a76 +
                a77 + a78 + a79 + a80 + a81 + a82 + a83 + a84 + a85 + a86 + a87 + a88 + a89 + a90 + a91 + a92
                + a93 + a94 + a95 + a96 + a97 + a98 + a99 + a100 + a101 + a102 + a103 + a104 + a105 + a106 +
                a107 + a108 + a109 + a110 + a111 + a112 + a113 + a114 + a115 + a116 + a117 + a118 + a119 +
                a120 + a121 + a122 + a123 + a124 + a125 + a126);
    }

    @Async
    static Task<String> sumOfOneTo127() {
        return Task.of(String.valueOf(await(sum(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L,
                15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L, 31L, 32L, 33L,
                34L, 35L, 36L, 37L, 38L, 39L, 40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L, 50L, 51L, 52L,
                53L, 54L, 55L, 56L, 57L, 58L, 59L, 60L, 61L, 62L, 63L, 64L, 65L, 66L, 67L, 68L, 69L, 70L, 71L,
                72L, 73L, 74L, 75L, 76L, 77L, 78L, 79L, 80L, 81L, 82L, 83L, 84L, 85L, 86L, 87L, 88L, 89L, 90L,
                91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L,
                108L, 109L, 110L, 111L, 112L, 113L, 114L, 115L, 116L, 117L, 118L, 119L, 120L, 121L, 122L,
                123L, 124L, 125L, 126L, 127L))));
    }
}
