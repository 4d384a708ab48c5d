package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LocalHttpTest {
    private static final Pattern TOOK = Pattern.compile("3 requests in (\\d+) ms");

    @Test
    void fetchesThreeEndpointsConcurrentlyInAboutTheLongestDelay() {
        SampleOutput out = SampleOutput.run(() -> LocalHttp.main(new String[0]));
        assertEquals("200 /users -> users: alice, bob\n"
                + "200 /posts -> posts: 2 new\n"
                + "200 /comments -> comments: 5 new\n"
                + "3 requests in N ms: about the longest delay (900 ms), not the sum (1800 ms)\n",
                TOOK.matcher(out.text).replaceAll("3 requests in N ms"));
        Matcher m = TOOK.matcher(out.text);
        assertTrue(m.find());
        long ms = Long.parseLong(m.group(1));
        assertTrue(ms >= 895 && ms < 1800, "the requests took " + ms + " ms");
        assertTrue(out.millis < 5000, "took " + out.millis + " ms");
    }
}
