package io.releasegates.report;

/**
 * The self-contained page shell shared by every HTML report and the dashboard: inline CSS and one small inline script
 * for sorting tables, no external scripts or fonts, so reports open from a Jenkins artifact or a file URL.
 */
public final class HtmlPage {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#1d2330}
            h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
            .meta{color:#5a6270;font-size:.85rem;margin-bottom:1rem}
            table{border-collapse:collapse;width:100%;font-size:.88rem}
            th,td{border-bottom:1px solid #dde1e6;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f5f7;cursor:pointer;user-select:none}
            td.num,th.num{text-align:right}
            td{overflow-wrap:anywhere}
            tr.group-head th{background:#e9ecef;cursor:default;border-top:2px solid #c9ced6}
            .sev{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:.78rem;font-weight:600;color:#fff}
            .sev-critical{background:#8b0000}.sev-high{background:#d4351c}.sev-medium{background:#e58f00}
            .sev-low{background:#5c7cfa}.sev-info{background:#7b8794}
            .status{font-size:1.2rem;font-weight:700;padding:.4rem .8rem;border-radius:.4rem;display:inline-block}
            .status-pass{background:#d3f9d8;color:#1b5e20}.status-warn{background:#fff3bf;color:#7a5200}
            .status-block,.status-fail{background:#ffe3e3;color:#8b0000}
            .counts span{margin-right:1rem}
            td .sev,td .status{white-space:nowrap;overflow-wrap:normal}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.82rem;word-break:break-all}
            .errors li{color:#8b0000}
            .status-small{font-size:.8rem;padding:.1rem .4rem}
            code.nowrap{white-space:nowrap;word-break:normal}
            form.inline{display:inline;margin-left:1rem}
            """;
    private static final String SORT_SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){
            var t=th.closest('table'),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
            var asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';
            var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){
            var a=x.cells[i].dataset.sort||x.cells[i].textContent,c=y.cells[i].dataset.sort||y.cells[i].textContent;
            var na=parseFloat(a),nc=parseFloat(c);var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);
            return asc?r:-r;});rows.forEach(function(r){b.appendChild(r);});});});
            """;

    private static final String HEAD_END = "</style></head><body>\n";
    private static final String TAIL = "\n<script>" + SORT_SCRIPT + "</script></body></html>\n";

    private HtmlPage() {
    }

    /**
     * A page without its shell: the title as plain text and the body as HTML (already escaped), for a host page that
     * brings its own layout, styles and scripts (the Jenkins plugin shows them inside Jenkins' page, where inline
     * scripts are not wanted).
     */
    public record Fragment(String title, String body) {
    }

    /** Wraps already-escaped body HTML; the title is escaped here. */
    public static String wrap(String title, String bodyHtml) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>" + CSS + HEAD_END
                + bodyHtml
                + TAIL;
    }

    /**
     * The title and body of a page made by {@link #wrap}; empty for any other text (a JSON answer, a plain-text
     * error). The inverse of {@code wrap}: the body comes back byte for byte, the title unescaped.
     */
    public static java.util.Optional<Fragment> split(String page) {
        if (page == null || !page.startsWith("<!DOCTYPE html>\n") || !page.endsWith(TAIL)) {
            return java.util.Optional.empty();
        }
        int titleStart = page.indexOf("<title>");
        int titleEnd = page.indexOf("</title>");
        int bodyStart = page.indexOf(HEAD_END);
        if (titleStart < 0 || titleEnd < titleStart || bodyStart < titleEnd) {
            return java.util.Optional.empty();
        }
        String title = page.substring(titleStart + "<title>".length(), titleEnd);
        return java.util.Optional.of(new Fragment(unescape(title),
                page.substring(bodyStart + HEAD_END.length(), page.length() - TAIL.length())));
    }

    /** Undoes {@link Html#escape} ({@code &amp;} last, so that an escaped entity stays text). */
    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    public static String severityBadge(Severity severity) {
        return "<span class=\"sev sev-" + severity.label() + "\">" + severity.label() + "</span>";
    }
}
