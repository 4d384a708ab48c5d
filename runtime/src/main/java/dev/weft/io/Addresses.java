package dev.weft.io;

import dev.weft.Task;
import dev.weft.Weft;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution: a literal address at once, a host name off the loop (it may block on DNS). */
final class Addresses {
    private Addresses() {
    }

    static Task<InetAddress[]> resolve(String host) {
        if (host == null || host.isEmpty()) {
            return Task.of(null); // any local address
        }
        if (isLiteral(host)) {
            try {
                return Task.of(InetAddress.getAllByName(host)); // a literal is parsed, never looked up
            } catch (UnknownHostException e) {
                return Task.failed(e);
            }
        }
        return Weft.toThread(() -> InetAddress.getAllByName(host));
    }

    /**
     * An IPv4 dotted quad (four decimal numbers of at most 255) or an IPv6 address (which has a
     * colon; a host name never has): the JDK parses these without a look-up. Other strings of digits
     * and dots ({@code 256.1.1.1}, {@code 1.2.3.4.5}) are not literals to the JDK, which asks DNS
     * for them, so they are resolved off the loop like any name.
     */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        int parts = 0;
        int i = 0;
        int n = host.length();
        while (i < n) {
            int value = 0;
            int digits = 0;
            for (; i < n && host.charAt(i) != '.'; i++, digits++) {
                char c = host.charAt(i);
                if (c < '0' || c > '9' || digits == 3) {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (digits == 0 || value > 255 || ++parts > 4) {
                return false;
            }
            if (i < n && ++i == n) {
                return false; // a trailing dot
            }
        }
        return parts == 4;
    }
}
