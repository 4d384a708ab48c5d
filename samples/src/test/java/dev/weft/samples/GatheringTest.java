package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatheringTest {
    @Test
    void fetchesConcurrentlyInAboutThreeSecondsNotSix() {
        SampleOutput out = SampleOutput.run(() -> Gathering.main(new String[0]));
        assertEquals("Fetching users...\nFetching posts...\nFetching comments...\n"
                + "[users data, posts data, comments data]\n", out.text);
        assertTrue(out.millis >= 2990 && out.millis < 5500, "took " + out.millis + " ms");
    }
}
