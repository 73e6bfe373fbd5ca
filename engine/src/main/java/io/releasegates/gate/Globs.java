package io.releasegates.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code *}-only wildcards for rule ids and subjects, so ids like {@code RG-SCAN-SECRET-*} need no regex escaping. */
final class Globs {
    private Globs() {
    }

    static boolean matches(String glob, String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (glob.indexOf('*') < 0) {
            return glob.equals(text);
        }
        List<String> quoted = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            quoted.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", quoted), Pattern.DOTALL).matcher(text).matches();
    }

    static boolean anyMatches(List<String> globs, List<String> texts) {
        for (String g : globs) {
            for (String t : texts) {
                if (matches(g, t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
