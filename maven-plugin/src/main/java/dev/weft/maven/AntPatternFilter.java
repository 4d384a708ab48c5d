package dev.weft.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ant-style include/exclude patterns over paths relative to the classes directory, with {@code /}
 * separators: {@code **} matches any number of directories (also none), {@code *} any characters
 * but {@code /}, {@code ?} one such character. A pattern ending in {@code /} means everything below
 * it. With no includes, every class file is included.
 */
final class AntPatternFilter {
    static final String DEFAULT_INCLUDE = "**/*.class";

    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    AntPatternFilter(List<String> includes, List<String> excludes) {
        List<Pattern> inc = compile(includes == null ? List.of() : includes);
        this.includes = inc.isEmpty() ? compile(List.of(DEFAULT_INCLUDE)) : inc;
        this.excludes = compile(excludes == null ? List.of() : excludes);
    }

    static AntPatternFilter all() {
        return new AntPatternFilter(null, null);
    }

    /** Whether {@code relativePath} (such as {@code com/acme/Foo.class}) is to be woven. */
    boolean matches(String relativePath) {
        return matchesAny(includes, relativePath) && !matchesAny(excludes, relativePath);
    }

    private static boolean matchesAny(List<Pattern> patterns, String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> out = new ArrayList<>();
        for (String p : patterns) {
            if (p != null && !p.isBlank()) {
                out.add(toRegex(p.trim()));
            }
        }
        return out;
    }

    static Pattern toRegex(String antPattern) {
        String p = antPattern.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.endsWith("/")) {
            p = p + "**";
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*' && p.startsWith("**", i)) {
                boolean segmentStart = i == 0 || p.charAt(i - 1) == '/';
                if (segmentStart && p.startsWith("**/", i)) {
                    re.append("(?:.*/)?");      // zero or more whole directories
                    i += 3;
                } else {
                    re.append(".*");
                    i += 2;
                }
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }
}
