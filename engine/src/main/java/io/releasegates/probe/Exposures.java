package io.releasegates.probe;

import io.releasegates.report.Finding;
import io.releasegates.report.Severity;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sensitive paths next to the site's root, each judged by what the response holds (a {@code .git/HEAD} that starts
 * with {@code ref: }, an HPROF header, a zip's magic bytes…), never by its status code alone. A random path is
 * fetched first: where the server answers 200 for it (a soft 404), any candidate whose body is that same page is
 * ignored too, so a server that answers every path with its index raises no alarm.
 */
final class Exposures {
    /** One path to try, the rule it would break, how much of the body to read, and the content test. */
    private record Candidate(String path, ProbeRule rule, Severity severity, int bytes, Function<Fetcher.Page, Optional<String>> judge) {
    }

    private static final int TEXT = 64 * 1024;
    private static final int MAGIC = 64;
    private static final Pattern ENV_LINE = Pattern.compile("(?m)^\\s*(export\\s+)?[A-Z][A-Z0-9_]*=\\S*");
    private static final Pattern CONFIG_LINE = Pattern.compile("(?m)^(spring|server|management|logging|datasource)[.:]");
    private static final Pattern SQL = Pattern.compile("(?i)(^-- (MySQL|MariaDB) dump|^-- PostgreSQL database dump|"
            + "\\bCREATE TABLE\\s+[`\"\\w]|\\bINSERT INTO\\s+[`\"\\w])", Pattern.MULTILINE);
    private static final Pattern SHA1_LINE = Pattern.compile("[0-9a-f]{40}\\s*");
    static final List<Pattern> LISTING = List.of(Pattern.compile("<title>\\s*Index of /"),
            Pattern.compile("<h1>\\s*Index of /"), Pattern.compile("<title>\\s*Directory listing for /"),
            Pattern.compile("<title>\\s*Directory: /"), Pattern.compile("\\[To Parent Directory\\]"));

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("/.git/HEAD", ProbeRule.EXPOSED_VCS, null, TEXT, p -> starts(p, "ref: ")
                    .or(() -> SHA1_LINE.matcher(p.text()).matches() ? Optional.of("a bare commit id") : Optional.empty())),
            new Candidate("/.git/config", ProbeRule.EXPOSED_VCS, null, TEXT, p -> !html(p) && p.text().contains("[core]")
                    ? Optional.of("a git config with [core]") : Optional.empty()),
            new Candidate("/.svn/entries", ProbeRule.EXPOSED_VCS, null, TEXT, p -> !html(p) && p.text().matches("(?s)\\d{1,2}\\R.*")
                    ? Optional.of("Subversion entries (format " + p.text().lines().findFirst().orElse("") + ")") : Optional.empty()),
            new Candidate("/.svn/wc.db", ProbeRule.EXPOSED_VCS, null, MAGIC, p -> magic(p, "SQLite format 3\0", "the Subversion SQLite working copy")),
            new Candidate("/.hg/requires", ProbeRule.EXPOSED_VCS, null, TEXT, p -> !html(p) && p.text().lines().anyMatch(l -> l.equals("revlogv1") || l.equals("store"))
                    ? Optional.of("Mercurial requirements (revlogv1/store)") : Optional.empty()),
            new Candidate("/.env", ProbeRule.EXPOSED_CONFIG, null, TEXT, p -> !html(p) && ENV_LINE.matcher(p.text()).results().count() >= 2
                    ? Optional.of(ENV_LINE.matcher(p.text()).results().count() + " KEY=VALUE lines (values not shown)") : Optional.empty()),
            new Candidate("/application.yml", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::springConfig),
            new Candidate("/application.properties", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::springConfig),
            new Candidate("/config/application.yml", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::springConfig),
            new Candidate("/WEB-INF/web.xml", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::webXml),
            // path tricks some servlet containers and proxies resolve into WEB-INF (a GET all the same)
            new Candidate("/;/WEB-INF/web.xml", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::webXml),
            new Candidate("/static/..;/WEB-INF/web.xml", ProbeRule.EXPOSED_CONFIG, null, TEXT, Exposures::webXml),
            new Candidate("/actuator", ProbeRule.EXPOSED_ACTUATOR, Severity.MEDIUM, TEXT, p -> json(p) && p.text().contains("\"_links\"")
                    ? Optional.of("the actuator index lists its endpoints") : Optional.empty()),
            new Candidate("/actuator/env", ProbeRule.EXPOSED_ACTUATOR, null, TEXT, p -> json(p) && (p.text().contains("\"propertySources\"")
                    || p.text().contains("\"activeProfiles\"")) ? Optional.of("the environment with its property sources") : Optional.empty()),
            new Candidate("/actuator/configprops", ProbeRule.EXPOSED_ACTUATOR, null, TEXT, p -> json(p) && p.text().contains("\"contexts\"")
                    && p.text().contains("\"beans\"") ? Optional.of("configuration properties of every bean") : Optional.empty()),
            new Candidate("/jolokia", ProbeRule.EXPOSED_ACTUATOR, null, TEXT, p -> json(p) && p.text().contains("\"agent\"")
                    && p.text().contains("\"value\"") ? Optional.of("a Jolokia agent (JMX over HTTP)") : Optional.empty()),
            new Candidate("/actuator/jolokia", ProbeRule.EXPOSED_ACTUATOR, null, TEXT, p -> json(p) && p.text().contains("\"agent\"")
                    && p.text().contains("\"value\"") ? Optional.of("a Jolokia agent (JMX over HTTP)") : Optional.empty()),
            new Candidate("/actuator/heapdump", ProbeRule.EXPOSED_HEAP_DUMP, null, MAGIC, p -> magic(p, "JAVA PROFILE 1.0.", "an HPROF heap dump")),
            new Candidate("/heapdump", ProbeRule.EXPOSED_HEAP_DUMP, null, MAGIC, p -> magic(p, "JAVA PROFILE 1.0.", "an HPROF heap dump")),
            new Candidate("/server-status", ProbeRule.EXPOSED_STATUS_PAGE, null, TEXT, p -> p.text().contains("Apache Server Status for")
                    ? Optional.of("Apache server-status (clients and requests)") : Optional.empty()),
            new Candidate("/server-info", ProbeRule.EXPOSED_STATUS_PAGE, null, TEXT, p -> p.text().contains("Apache Server Information")
                    ? Optional.of("Apache server-info (modules and configuration)") : Optional.empty()),
            new Candidate("/.DS_Store", ProbeRule.EXPOSED_DS_STORE, null, MAGIC, p -> magic(p, "\0\0\0\1Bud1", "a .DS_Store (Bud1)")),
            new Candidate("/backup.sql", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::sql),
            new Candidate("/dump.sql", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::sql),
            new Candidate("/db.sql", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::sql),
            new Candidate("/database.sql", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::sql),
            new Candidate("/backup.zip", ProbeRule.EXPOSED_BACKUP, null, MAGIC, Exposures::zip),
            new Candidate("/site.zip", ProbeRule.EXPOSED_BACKUP, null, MAGIC, Exposures::zip),
            new Candidate("/www.zip", ProbeRule.EXPOSED_BACKUP, null, MAGIC, Exposures::zip),
            new Candidate("/backup.bak", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::backup),
            new Candidate("/index.html.bak", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::backup),
            new Candidate("/index.php.bak", ProbeRule.EXPOSED_BACKUP, null, TEXT, Exposures::backup),
            new Candidate("/uploads/", ProbeRule.DIRECTORY_LISTING, null, TEXT, Exposures::listing),
            new Candidate("/backup/", ProbeRule.DIRECTORY_LISTING, null, TEXT, Exposures::listing));

    private Exposures() {
    }

    /** The number of requests {@link #check} makes: the random path and every candidate. */
    static int requestCount() {
        return CANDIDATES.size() + 1;
    }

    /**
     * Tries every candidate path under {@code origin}; findings are at the candidate's URL, subject the origin.
     * {@code onRandom} receives the answer to the random path (its error page is examined like any other page).
     */
    static List<Finding> check(Fetcher fetcher, URI origin, List<String> errors, java.util.function.Consumer<Fetcher.Page> onRandom) {
        List<Finding> out = new ArrayList<>();
        Fetcher.Page baseline = null;
        URI random = origin.resolve("/" + UUID.randomUUID() + "-release-gates-probe");
        try {
            Fetcher.Page p = fetcher.get(random, TEXT);
            onRandom.accept(p);
            if (p.status() == 200) {
                baseline = p;
                out.add(ProbeRule.SOFT_NOT_FOUND.finding().subject(origin.toString()).location(random.toString())
                        .message("a path that cannot exist answers 200 (" + p.body().length + " bytes): exposed paths are judged by their content only")
                        .build());
            }
        } catch (IOException e) {
            errors.add(random + ": " + describe(e));
        }
        for (Candidate c : CANDIDATES) {
            URI uri = origin.resolve(c.path());
            Fetcher.Page p;
            try {
                p = fetcher.get(uri, c.bytes());
            } catch (IOException e) {
                errors.add(uri + ": " + describe(e));
                continue;
            }
            if (p.status() != 200 || p.body().length == 0 || sameAs(p, baseline, c.bytes())) {
                continue;
            }
            Optional<String> evidence = c.judge().apply(p);
            evidence.ifPresent(what -> out.add(c.rule().finding(c.severity() == null ? c.rule().severity() : c.severity())
                    .subject(origin.toString()).location(uri.toString())
                    .message(c.path() + " is served: " + what).property("path", c.path()).property("status", p.status())
                    .build()));
        }
        return out;
    }

    /** The soft-404 page again: the same bytes as the random path's answer, as far as both were read. */
    private static boolean sameAs(Fetcher.Page p, Fetcher.Page baseline, int bytes) {
        if (baseline == null) {
            return false;
        }
        int n = Math.min(bytes, baseline.body().length);
        return p.body().length >= n && Arrays.equals(Arrays.copyOf(p.body(), n), Arrays.copyOf(baseline.body(), n))
                && (p.body().length == baseline.body().length || p.cut());
    }

    static boolean html(Fetcher.Page p) {
        String head = p.text().stripLeading();
        String start = head.substring(0, Math.min(head.length(), 512)).toLowerCase(java.util.Locale.ROOT);
        return p.contentType().contains("html") || start.startsWith("<!doctype html") || start.contains("<html");
    }

    private static boolean json(Fetcher.Page p) {
        String t = p.text().stripLeading();
        return t.startsWith("{") && !html(p);
    }

    private static Optional<String> starts(Fetcher.Page p, String prefix) {
        return p.text().startsWith(prefix) ? Optional.of("starts with '" + prefix.trim() + "'") : Optional.empty();
    }

    private static Optional<String> magic(Fetcher.Page p, String magic, String what) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        return p.body().length >= m.length && Arrays.equals(Arrays.copyOf(p.body(), m.length), m)
                ? Optional.of(what + " (magic bytes)") : Optional.empty();
    }

    private static Optional<String> springConfig(Fetcher.Page p) {
        return !html(p) && CONFIG_LINE.matcher(p.text()).find() ? Optional.of("Spring configuration keys") : Optional.empty();
    }

    private static Optional<String> webXml(Fetcher.Page p) {
        return p.text().contains("<web-app") ? Optional.of("the web application's deployment descriptor") : Optional.empty();
    }

    private static Optional<String> sql(Fetcher.Page p) {
        return !html(p) && SQL.matcher(p.text()).find() ? Optional.of("SQL dump text (CREATE TABLE / INSERT INTO)") : Optional.empty();
    }

    private static Optional<String> zip(Fetcher.Page p) {
        return magic(p, "PK\3\4", "a zip archive");
    }

    private static Optional<String> backup(Fetcher.Page p) {
        return zip(p).or(() -> sql(p)).or(() -> p.text().contains("<?php") ? Optional.of("PHP source") : Optional.empty());
    }

    static Optional<String> listing(Fetcher.Page p) {
        String head = p.text().substring(0, Math.min(p.text().length(), 4096));
        return LISTING.stream().anyMatch(m -> m.matcher(head).find()) ? Optional.of("a generated directory listing") : Optional.empty();
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m.lines().findFirst().orElse("") + ")");
    }
}
