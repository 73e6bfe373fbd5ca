package io.releasegates.version;

import java.util.Comparator;

/**
 * Debian version ordering exactly as dpkg implements it ({@code lib/dpkg/version.c}: parseversion, verrevcmp):
 * numeric epoch, then upstream version, then Debian revision; '~' sorts before everything, even the end of the string,
 * letters sort before other non-digits, runs of digits compare numerically.
 */
public final class DebianVersion implements Comparable<DebianVersion> {
    public static final Comparator<String> ORDER = (a, b) -> parse(a).compareTo(parse(b));

    private final long epoch;
    private final String upstream;
    private final String revision;

    private DebianVersion(long epoch, String upstream, String revision) {
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    public static DebianVersion parse(String text) {
        String v = text == null ? "" : text.strip();
        long epoch = 0;
        int colon = v.indexOf(':');
        if (colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit)) {
            // dpkg rejects epochs beyond INT_MAX; saturate instead of failing the whole fleet view
            String digits = v.substring(0, colon);
            epoch = digits.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(digits);
            v = v.substring(colon + 1);
        }
        int hyphen = v.lastIndexOf('-');
        String upstream = hyphen >= 0 ? v.substring(0, hyphen) : v;
        String revision = hyphen >= 0 ? v.substring(hyphen + 1) : "";
        return new DebianVersion(epoch, upstream, revision);
    }

    @Override
    public int compareTo(DebianVersion other) {
        int c = Long.compare(epoch, other.epoch);
        if (c != 0) {
            return c;
        }
        c = verrevcmp(upstream, other.upstream);
        return c != 0 ? c : verrevcmp(revision, other.revision);
    }

    /** dpkg's order(): digits 0, letters their code, '~' -1, end of string 0, anything else code + 256. */
    private static int order(int c) {
        if (c >= '0' && c <= '9') {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((at(a, i) != 0 && !digit(at(a, i))) || (at(b, j) != 0 && !digit(at(b, j)))) {
                int ac = order(at(a, i));
                int bc = order(at(b, j));
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (at(a, i) == '0') {
                i++;
            }
            while (at(b, j) == '0') {
                j++;
            }
            while (digit(at(a, i)) && digit(at(b, j))) {
                if (firstDiff == 0) {
                    firstDiff = at(a, i) - at(b, j);
                }
                i++;
                j++;
            }
            if (digit(at(a, i))) {
                return 1;
            }
            if (digit(at(b, j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion d && compareTo(d) == 0;
    }

    @Override
    public int hashCode() {
        // equal versions may differ in spelling ("1.0" and "1.00"), so only the epoch is safe to hash
        return Long.hashCode(epoch);
    }

    @Override
    public String toString() {
        return (epoch != 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }
}
