package io.releasegates.fleet.web;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Host} header values {@code serve} answers for: a defence against DNS rebinding, where a page on an
 * attacker's domain re-points that domain at 127.0.0.1 and reads the API from the victim's browser. Such a request
 * carries the attacker's host name, so names are checked against an allow-list (the loopback name, the --bind name,
 * --public-host names). An IP literal is always accepted: a browser sends the literal only when the user typed it,
 * which no rebinding can arrange. A request without the header (HTTP/1.0) is accepted for the same reason.
 */
final class HostAllowList {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final Set<String> names;

    HostAllowList(String bindAddress, List<String> publicHosts) {
        Set<String> out = new HashSet<>();
        out.add("localhost");
        out.add(normalise(bindAddress));
        publicHosts.forEach(h -> out.add(normalise(h)));
        this.names = Set.copyOf(out);
    }

    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostHeader.strip();
        if (host.startsWith("[")) {
            return host.indexOf(']') > 0; // an IPv6 literal
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (host.indexOf(':', colon + 1) >= 0) {
                return false; // an unbracketed IPv6 address is not a valid Host header
            }
            host = host.substring(0, colon);
        }
        return IPV4.matcher(host).matches() || names.contains(normalise(host));
    }

    private static String normalise(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
