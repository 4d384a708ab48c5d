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

    /** An IPv4 dotted quad or an IPv6 address (which has a colon; a host name never has). */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
