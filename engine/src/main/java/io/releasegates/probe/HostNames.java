package io.releasegates.probe;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** RFC 6125 host name matching: subjectAltName DNS and IP entries (one left-most wildcard label), else the CN. */
final class HostNames {
    private HostNames() {
    }

    static boolean matches(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean ip = h.matches("[0-9.]+") || h.contains(":");
        List<String> dns = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                    if (type == 7 && ip && value.equals(h) || type == 2 && !ip && dnsMatches(value, h)) {
                        return true;
                    }
                    if (type == 2) {
                        dns.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        // the CN counts only for certificates without DNS names (RFC 6125 6.4.4)
        return dns.isEmpty() && !ip && commonName(cert).map(cn -> dnsMatches(cn.toLowerCase(Locale.ROOT), h)).orElse(false);
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    /** What the certificate names, for the message. */
    static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                cert.getSubjectAlternativeNames().forEach(san -> out.add(String.valueOf(san.get(1))));
            }
        } catch (CertificateParsingException e) {
            // the CN below is all we can say
        }
        if (out.isEmpty()) {
            commonName(cert).ifPresent(out::add);
        }
        return out;
    }

    private static java.util.Optional<String> commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return java.util.Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
