package io.releasegates.probe;

import io.releasegates.report.Finding;
import io.releasegates.scan.ProductAdvisories;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Server} and {@code X-Powered-By} banners: a product with a version is an information leak, and that version
 * is matched against NVD's CPE ranges for the product ({@code Apache/2.4.49} is {@code apache:http_server} 2.4.49).
 */
final class Banners {
    /** One product and version read off a banner. */
    record Product(String header, String banner, String token, String version) {
    }

    /** Banner token (lower case) → NVD vendor:product pairs; NVD lists nginx under both its old and its new vendor. */
    private static final Map<String, List<String>> CPE = Map.of(
            "apache", List.of("apache:http_server"),
            "nginx", List.of("f5:nginx", "nginx:nginx"),
            "jetty", List.of("eclipse:jetty"),
            "microsoft-iis", List.of("microsoft:internet_information_services"),
            "php", List.of("php:php"),
            "openssl", List.of("openssl:openssl"),
            "lighttpd", List.of("lighttpd:lighttpd"),
            "apache-tomcat", List.of("apache:tomcat"),
            "openresty", List.of("openresty:openresty"));
    private static final Pattern TOKEN = Pattern.compile("([A-Za-z][\\w.-]*)/(\\d+(?:\\.\\d+)+[\\w.-]*)");
    private static final Pattern JETTY = Pattern.compile("(Jetty)\\((\\d+(?:\\.\\d+)+[\\w.-]*)\\)");

    private Banners() {
    }

    /** Every product/version of the page's banners. */
    static List<Product> products(Fetcher.Page page) {
        List<Product> out = new ArrayList<>();
        for (String header : List.of("server", "x-powered-by")) {
            for (String banner : page.all(header)) {
                for (Pattern p : List.of(TOKEN, JETTY)) {
                    Matcher m = p.matcher(banner);
                    while (m.find()) {
                        out.add(new Product(header, banner, m.group(1), m.group(2)));
                    }
                }
            }
        }
        return out;
    }

    static Finding versionLeak(Product p, String origin, String at) {
        return ProbeRule.BANNER_VERSION.finding().subject(origin).location(at)
                .message(headerName(p) + ": " + p.banner() + " names " + p.token() + " " + p.version())
                .property("banner", p.banner()).property("product", p.token()).property("version", p.version()).build();
    }

    /** The product's advisories at its version, when NVD data is at hand and the product is one we can name in CPE. */
    static List<Finding> advisories(Product p, Optional<ProductAdvisories> nvd, String origin, String at) {
        List<Finding> out = new ArrayList<>();
        List<String> pairs = CPE.get(p.token().toLowerCase(Locale.ROOT));
        if (nvd.isEmpty() || pairs == null) {
            return out;
        }
        List<String> seen = new ArrayList<>();
        for (String pair : pairs) {
            String[] vp = pair.split(":");
            for (ProductAdvisories.Advisory a : nvd.get().of(vp[0], vp[1], p.version())) {
                if (seen.contains(a.cve())) {
                    continue;
                }
                seen.add(a.cve());
                out.add(ProbeRule.BANNER_VULNERABLE.finding(a.severity()).subject(origin).location(at)
                        .message(headerName(p) + ": " + p.banner() + " matches " + a.cpe() + ": " + a.cve() + (a.summary().isEmpty() ? "" : ": " + a.summary()))
                        .property("advisory", a.cve()).property("aliases", a.cve()).property("cpe", a.cpe())
                        .property("cvss", a.cvssVector().isEmpty() ? null : a.cvssVector())
                        .property("fixedIn", a.fixedIn().isEmpty() ? null : a.fixedIn())
                        .property("banner", p.banner()).property("version", p.version()).property("matcher", "nvd-cpe")
                        .build());
            }
        }
        return out;
    }

    private static String headerName(Product p) {
        return p.header().equals("server") ? "Server" : "X-Powered-By";
    }
}
