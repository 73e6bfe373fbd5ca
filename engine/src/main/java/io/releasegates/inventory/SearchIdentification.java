package io.releasegates.inventory;

import io.releasegates.report.Finding;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * After the walk: asks a repository manager's checksum search for every jar the walk left without a purl, at most
 * {@link RepositorySearch#concurrency()} at a time, and rebuilds those components with the coordinates found
 * ({@link Evidence#REPOSITORY_SEARCH_SHA1}). The lookups run after the walk, not inside it, so that the walk stays
 * one streaming pass and a slow server costs one bounded wait for all jars together.
 */
final class SearchIdentification {
    /** What the search did: the components rebuilt, the originals replaced, and what failed (reason → jar paths). */
    record Outcome(List<Component> components, Map<Component, Component> replaced, Map<String, List<String>> failures,
                   Map<String, String> notFound) {
    }

    private final RepositorySearch search;
    private final ChecksumSearchClient client;

    SearchIdentification(RepositorySearch search, Clock clock) {
        this.search = search;
        this.client = new ChecksumSearchClient(search, clock);
    }

    Outcome apply(List<Component> top) {
        Map<String, String> fileNames = new LinkedHashMap<>();
        top.stream().flatMap(Component::flatten)
                .filter(c -> c.purl().isEmpty() && !c.sha1().isEmpty() && c.type() == Component.Type.LIBRARY)
                .forEach(c -> fileNames.putIfAbsent(c.sha1().toLowerCase(java.util.Locale.ROOT), fileName(c.path())));
        Map<String, ChecksumSearchClient.Answer> answers = lookUpAll(fileNames.keySet());
        Map<Component, Component> replaced = new IdentityHashMap<>();
        Map<String, List<String>> failures = new LinkedHashMap<>();
        Map<String, String> notFound = new LinkedHashMap<>();
        List<Component> rebuilt = new ArrayList<>();
        for (Component c : top) {
            rebuilt.add(rebuild(c, answers, replaced, failures, notFound));
        }
        return new Outcome(List.copyOf(rebuilt), replaced, failures, notFound);
    }

    private Map<String, ChecksumSearchClient.Answer> lookUpAll(Set<String> sha1s) {
        Map<String, ChecksumSearchClient.Answer> answers = new LinkedHashMap<>();
        if (sha1s.isEmpty()) {
            return answers;
        }
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "release-gates-checksum-search");
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(search.concurrency(), sha1s.size()), daemons);
        try {
            Map<String, Future<ChecksumSearchClient.Answer>> pending = new LinkedHashMap<>();
            for (String sha1 : sha1s) {
                pending.put(sha1, pool.submit(() -> client.lookUp(sha1)));
            }
            for (Map.Entry<String, Future<ChecksumSearchClient.Answer>> e : pending.entrySet()) {
                try {
                    // each lookup is bounded by the client's own timeouts
                    answers.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    answers.put(e.getKey(), new ChecksumSearchClient.Failed("lookup failed ("
                            + ex.getCause().getClass().getSimpleName() + ")", false));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    answers.put(e.getKey(), new ChecksumSearchClient.Failed("interrupted", true));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }

    private Component rebuild(Component c, Map<String, ChecksumSearchClient.Answer> answers,
                              Map<Component, Component> replaced, Map<String, List<String>> failures,
                              Map<String, String> notFound) {
        List<Component> nested = new ArrayList<>();
        boolean changed = false;
        for (Component n : c.nested()) {
            Component r = rebuild(n, answers, replaced, failures, notFound);
            changed |= r != n;
            nested.add(r);
        }
        ChecksumSearchClient.Answer answer = c.purl().isEmpty() && !c.sha1().isEmpty()
                ? answers.get(c.sha1().toLowerCase(java.util.Locale.ROOT)) : null;
        Component out = changed ? c.withNested(nested) : c;
        if (answer instanceof ChecksumSearchClient.Failed failed) {
            failures.computeIfAbsent(failed.reason(), k -> new ArrayList<>()).add(c.path());
        } else if (answer instanceof ChecksumSearchClient.Found found && found.coordinates().isEmpty()) {
            notFound.put(c.path(), search.describe());
        } else if (answer instanceof ChecksumSearchClient.Found found) {
            out = identified(out, found.coordinates());
        }
        if (out != c) {
            replaced.put(c, out);
        }
        return out;
    }

    /**
     * The component with the coordinates found. Several artifacts may share one SHA-1 (a relocated or republished
     * jar): the one the file name names wins, else the first in order, and all candidates are recorded.
     */
    private Component identified(Component c, List<MavenCoordinates> candidates) {
        String file = fileName(c.path());
        List<MavenCoordinates> sorted = candidates.stream().sorted(Comparator.comparing(MavenCoordinates::purl)).toList();
        MavenCoordinates pick = sorted.stream()
                .filter(m -> file.startsWith(m.artifactId() + "-" + m.version()) || file.equals(m.artifactId() + ".jar"))
                .findFirst().orElse(sorted.get(0));
        Map<String, String> props = new LinkedHashMap<>(c.properties());
        props.put("identity.source", search.describe());
        Set<String> purls = new LinkedHashSet<>();
        sorted.forEach(m -> purls.add(m.purl()));
        if (purls.size() > 1) {
            props.put("identity.candidates", String.join(" ", purls));
        }
        // several candidates and none named by the file: the pick is a good guess, no longer exact
        Evidence.Confidence confidence = purls.size() > 1 && sorted.stream().noneMatch(m -> file.startsWith(m.artifactId()))
                ? Evidence.Confidence.HIGH : Evidence.Confidence.EXACT;
        return new Component(c.type(), pick.groupId(), pick.artifactId(), pick.version(), pick.purl(), c.sha1(),
                c.sha256(), c.path(), Evidence.REPOSITORY_SEARCH_SHA1, confidence, c.nested(), props);
    }

    private static String fileName(String path) {
        int bang = path.lastIndexOf("!/");
        String last = bang < 0 ? path : path.substring(bang + 2);
        return last.substring(last.lastIndexOf('/') + 1);
    }

    /** One finding per failure reason: the server, the reason, how many jars and which. */
    List<Finding> findings(String subject, Outcome outcome) {
        List<Finding> out = new ArrayList<>();
        outcome.failures().forEach((reason, paths) -> out.add(InventoryRule.SEARCH_FAILED.finding().subject(subject)
                .location(search.base().toString())
                .message("checksum search " + search.describe() + " failed for " + paths.size() + " jar(s): " + reason
                        + "; they stay unidentified (not known to be clean)")
                .property("search", search.describe()).property("reason", reason)
                .property("jars", String.join(", ", paths.stream().limit(50).toList())).build()));
        return out;
    }
}
