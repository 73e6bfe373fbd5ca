package io.releasegates.probe;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded, breadth-first crawl of one origin: links ({@code href}, {@code src}) and same-origin redirects of HTML
 * pages are followed, nothing else (no forms, no scripts, no other origin), until the page or time limit.
 */
final class Crawler {
    /** What the crawl did: pages fetched, and whether a limit cut it short with links still to visit. */
    record Outcome(int pages, boolean limited, String limit) {
    }

    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:href|src)\\s*=\\s*[\"']([^\"'#<>]+)");
    /** Static assets hold no links and no server-side errors: not worth a request of the budget. */
    private static final Pattern ASSET = Pattern.compile("(?i).*\\.(css|js|mjs|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|eot|pdf|zip|gz|mp4|mp3)$");

    private Crawler() {
    }

    static Outcome crawl(Fetcher fetcher, URI start, int maxPages, long deadlineNanos, List<String> errors,
                         Consumer<Fetcher.Page> onPage) {
        Deque<URI> queue = new ArrayDeque<>();
        Set<URI> seen = new HashSet<>();
        queue.add(start);
        seen.add(start);
        int pages = 0;
        while (!queue.isEmpty()) {
            if (pages >= maxPages) {
                return new Outcome(pages, true, "max pages " + maxPages);
            }
            if (System.nanoTime() > deadlineNanos) {
                return new Outcome(pages, true, "max time");
            }
            URI uri = queue.poll();
            Fetcher.Page page;
            try {
                page = fetcher.get(uri, Fetcher.PAGE_BYTES);
            } catch (IOException e) {
                errors.add(uri + ": " + Exposures.describe(e));
                continue;
            }
            pages++;
            onPage.accept(page);
            if (page.status() >= 300 && page.status() < 400 && page.header("location") != null) {
                enqueue(uri, page.header("location"), start, queue, seen);
            } else if (page.contentType().contains("html")) {
                Matcher m = LINK.matcher(page.text());
                while (m.find()) {
                    enqueue(uri, m.group(1), start, queue, seen);
                }
            }
        }
        return new Outcome(pages, false, "");
    }

    private static void enqueue(URI base, String link, URI start, Deque<URI> queue, Set<URI> seen) {
        String l = link.trim().replace("&amp;", "&");
        String lower = l.toLowerCase(Locale.ROOT);
        if (l.isEmpty() || lower.startsWith("javascript:") || lower.startsWith("mailto:") || lower.startsWith("data:")
                || lower.startsWith("tel:")) {
            return;
        }
        URI target;
        try {
            target = base.resolve(l.replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!sameOrigin(start, target) || target.getPath() != null && ASSET.matcher(target.getPath()).matches()) {
            return;
        }
        URI normal;
        try {
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            normal = new URI(target.getScheme() + "://" + target.getRawAuthority() + path
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())).normalize();
        } catch (URISyntaxException e) {
            return;
        }
        if (seen.add(normal)) {
            queue.add(normal);
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && Fetcher.port(a) == Fetcher.port(b);
    }
}
