package io.releasegates.fleet.web;

import io.releasegates.fleet.console.PageParameters;
import io.releasegates.report.Html;
import java.util.List;
import java.util.Map;

/**
 * Paging for the detail pages whose rows come from one host's snapshot or one pass over the snapshots (a host's
 * packages, a component's or an advisory's hosts): these are sliced after they are computed, so a host with 140,000
 * packages still answers with one small page. {@code page} and {@code size} are validated like the lists' own.
 */
record DetailPager(int page, int size) {
    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 500;

    static DetailPager parse(Map<String, String> params) {
        return new DetailPager(PageParameters.page(params), PageParameters.size(params, DEFAULT_SIZE, MAX_SIZE));
    }

    <T> List<T> slice(List<T> all) {
        int from = Math.min(all.size(), (page - 1) * size);
        return all.subList(from, Math.min(all.size(), from + size));
    }

    int pages(int total) {
        return Math.max(1, (total + size - 1) / size);
    }

    /** Links to the neighbouring pages, keeping the environment; {@code path} already starts with the base path. */
    static String links(String path, String environment, int page, int pages) {
        String env = environment == null ? "" : "&environment=" + UrlSegments.enc(environment);
        StringBuilder b = new StringBuilder("<nav class=\"pager meta\" id=\"pager\">");
        if (page > 1) {
            b.append("<a id=\"page-prev\" rel=\"prev\" href=\"").append(Html.escape(path + "?page=" + (page - 1) + env))
                    .append("\">‹ previous</a> ");
        }
        b.append("page ").append(page).append(" of ").append(pages);
        if (page < pages) {
            b.append(" <a id=\"page-next\" rel=\"next\" href=\"").append(Html.escape(path + "?page=" + (page + 1) + env))
                    .append("\">next ›</a>");
        }
        return b.append("</nav>").toString();
    }
}
