package io.releasegates.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers of the OS package databases: dpkg status, apk installed, and rpm query output. */
final class OsPackages {
    private OsPackages() {
    }

    /** Installed packages of a dpkg status file (paragraphs whose Status ends in "installed"). */
    static List<Component> dpkg(Reader status, String namespace, String distro) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(status, ": ")) {
            String state = p.getOrDefault("Status", "");
            String name = p.get("Package");
            String version = p.get("Version");
            if (!state.endsWith(" installed") || name == null || version == null) {
                continue;
            }
            String arch = p.getOrDefault("Architecture", "");
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("arch", arch);
            if (p.containsKey("Source")) {
                facts.put("source", p.get("Source"));
            }
            out.add(os(name, version, purl("deb", namespace, name, version, arch, distro, null),
                    Evidence.DPKG_STATUS, facts));
        }
        return out;
    }

    /** Packages of an apk installed database ({@code P:} name, {@code V:} version, {@code A:} arch). */
    static List<Component> apk(Reader installed, String namespace, String distro) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(installed, ":")) {
            String name = p.get("P");
            String version = p.get("V");
            if (name == null || version == null) {
                continue;
            }
            String arch = p.getOrDefault("A", "");
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("arch", arch);
            if (p.containsKey("o")) {
                facts.put("origin", p.get("o"));
            }
            out.add(os(name, version, purl("apk", namespace, name, version, arch, distro, null),
                    Evidence.APK_DATABASE, facts));
        }
        return out;
    }

    /** The query format {@link HostInventory} passes to {@code rpm -qa}: one tab-separated line per package. */
    static final String RPM_QUERY_FORMAT = "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n";

    static List<Component> rpm(Reader queryOutput, String namespace, String distro) throws IOException {
        List<Component> out = new ArrayList<>();
        BufferedReader lines = new BufferedReader(queryOutput);
        for (String line; (line = lines.readLine()) != null; ) {
            String[] f = line.split("\t");
            if (f.length != 5 || f[0].equals("gpg-pubkey")) {
                continue; // gpg-pubkey entries are imported keys, not software
            }
            String version = f[2] + "-" + f[3];
            String epoch = f[1].equals("0") || f[1].isEmpty() ? null : f[1];
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("arch", f[4]);
            if (epoch != null) {
                facts.put("epoch", epoch);
            }
            out.add(os(f[0], version, purl("rpm", namespace, f[0], version, f[4], distro, epoch),
                    Evidence.RPM_DATABASE, facts));
        }
        return out;
    }

    private static Component os(String name, String version, String purl, Evidence evidence, Map<String, String> facts) {
        return new Component(Component.Type.LIBRARY, "", name, version, purl, "", "", "", evidence, null, List.of(),
                facts);
    }

    static String purl(String type, String namespace, String name, String version, String arch, String distro,
                       String epoch) {
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType(type).withNamespace(namespace)
                    .withName(name).withVersion(version);
            if (arch != null && !arch.isEmpty()) {
                b.withQualifier("arch", arch);
            }
            if (epoch != null) {
                b.withQualifier("epoch", epoch);
            }
            if (distro != null && !distro.isEmpty()) {
                b.withQualifier("distro", distro);
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            return ""; // a name the purl spec cannot express is listed without purl rather than mangled
        }
    }

    /** RFC 822-like paragraphs separated by blank lines; continuation lines (leading space) are dropped. */
    private static List<Map<String, String>> paragraphs(Reader reader, String separator) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            int at = line.indexOf(separator);
            if (at > 0) {
                current.putIfAbsent(line.substring(0, at), line.substring(at + separator.length()).trim());
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
