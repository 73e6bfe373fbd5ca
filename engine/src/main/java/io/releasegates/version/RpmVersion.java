package io.releasegates.version;

import java.util.Comparator;

/** rpm's rpmvercmp on "[epoch:]version[-release]": alternating digit/alpha segments, '~' before all, '^' after. */
public final class RpmVersion {
    public static final Comparator<String> ORDER = RpmVersion::compareEvr;

    private RpmVersion() {
    }

    public static int compareEvr(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        for (int k = 0; k < 3; k++) {
            int c = rpmvercmp(x[k], y[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String[] split(String evr) {
        String v = evr == null ? "" : evr;
        String epoch = "0";
        int colon = v.indexOf(':');
        if (colon > 0) {
            epoch = v.substring(0, colon);
            v = v.substring(colon + 1);
        }
        int hyphen = v.lastIndexOf('-');
        return hyphen >= 0 ? new String[] {epoch, v.substring(0, hyphen), v.substring(hyphen + 1)}
                : new String[] {epoch, v, ""};
    }

    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = j < b.length() ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (i >= a.length()) {
                    return -1;
                }
                if (j >= b.length()) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= a.length() || j >= b.length()) {
                break;
            }
            boolean numeric = Character.isDigit(ca);
            int si = i;
            int sj = j;
            while (i < a.length() && (numeric ? Character.isDigit(a.charAt(i)) : Character.isLetter(a.charAt(i)))) {
                i++;
            }
            while (j < b.length() && (numeric ? Character.isDigit(b.charAt(j)) : Character.isLetter(b.charAt(j)))) {
                j++;
            }
            String sa = a.substring(si, i);
            String sb = b.substring(sj, j);
            if (sb.isEmpty()) {
                return numeric ? 1 : -1;
            }
            if (numeric) {
                sa = sa.replaceFirst("^0+", "");
                sb = sb.replaceFirst("^0+", "");
                if (sa.length() != sb.length()) {
                    return sa.length() > sb.length() ? 1 : -1;
                }
            }
            int c = sa.compareTo(sb);
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        boolean aDone = i >= a.length();
        boolean bDone = j >= b.length();
        if (aDone && bDone) {
            return 0;
        }
        return aDone ? -1 : 1;
    }
}
