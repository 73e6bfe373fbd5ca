package io.releasegates.scan;

import io.releasegates.glob.Glob;
import io.releasegates.inventory.ArchiveDigests;
import io.releasegates.inventory.PackageEntry;
import io.releasegates.inventory.PackageVisitor;
import io.releasegates.report.Finding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks every file of the package (nested archives included) for secrets and risky leftovers. Reads at most
 * {@link #MAX_TEXT_BYTES} of a file, and only of files that can hold text configuration or key material; a text file
 * longer than that is reported as partly scanned ({@code RG-SCAN-PARTLY-SCANNED}), never silently cut. Files that may
 * be dumps (no extension, a numeric one, {@code .hprof}, {@code .core}, {@code .dmp}…) are judged by their first
 * {@link #SNIFF_BYTES} bytes: an ELF core header or an HPROF header, never the name ({@code core} is also the name of
 * XBean metadata files).
 */
final class ContentScanner implements PackageVisitor {
    /** The secret-scan window: 16 MiB of a text file (the scan is linear: a full window takes well under a second). */
    static final int MAX_TEXT_BYTES = 16 << 20;
    static final int SNIFF_BYTES = 32;
    private static final Set<String> DUMP_SUFFIXES = Set.of(".hprof", ".core", ".dump", ".dmp", ".mdmp", ".bin", ".heap", ".phd");
    private static final Pattern DEV_PROFILE = Pattern.compile("(application|bootstrap)-(dev|develop|development|test|local|debug)([-.][^/]*)?\\.(ya?ml|properties)");
    private static final Set<String> VCS = Set.of(".git", ".svn", ".hg");
    private static final Set<String> KEYSTORES = Set.of(".jks", ".jceks", ".p12", ".pfx", ".keystore", ".bks");
    private static final int KEYSTORE_BYTES = 1 << 20;
    private static final Set<String> TEXT_SUFFIXES = Set.of(".pem", ".key", ".txt", ".properties", ".yml", ".yaml",
            ".env", ".conf", ".cfg", ".ini", ".toml", ".json", ".xml", ".sh", ".ppk", ".asc");
    private static final Set<String> KEY_FILES = Set.of("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519");

    private final String subject;
    /** The package's name and version, which tell its own modules and descriptor from libraries (SecretContext). */
    private final SecretContext.Release release;
    private final List<Glob> allow;
    private final List<Glob> deny;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> vcsFolders = new LinkedHashSet<>();
    private long textFiles;

    ContentScanner(String subject, List<String> allowGlobs, List<String> denyGlobs) {
        this.subject = subject;
        this.release = SecretContext.Release.of(subject);
        this.allow = Glob.paths(allowGlobs);
        this.deny = Glob.paths(denyGlobs);
    }

    @Override
    public boolean enterArchive(PackageEntry archive) {
        if (!archive.root()) {
            risky(archive.path(), archive.fileName());
        }
        return true;
    }

    @Override
    public void entry(PackageEntry entry, InputStream content) throws IOException {
        int wanted = wantedBytes(entry);
        accept(entry, wanted > 0 ? content.readNBytes(wanted) : null);
    }

    /**
     * How many of the entry's first bytes {@link #accept} needs: one more than the window of a text file (to tell
     * a file that fills it from one that is longer), the header of a possible dump, or none.
     */
    int wantedBytes(PackageEntry entry) {
        String lower = entry.fileName().toLowerCase(Locale.ROOT);
        if (suffix(lower).map(KEYSTORES::contains).orElse(false)) {
            // the whole file (keystores are small), to tell a truststore of public certificates from a keystore
            return KEYSTORE_BYTES + 1;
        }
        if (isText(lower)) {
            return MAX_TEXT_BYTES + 1;
        }
        return mayBeDump(lower) ? SNIFF_BYTES : 0;
    }

    /** One file: its name is checked, and {@code head} (its first bytes, or null) searched for secrets. */
    void accept(PackageEntry entry, byte[] head) {
        String path = entry.path();
        String lower = entry.fileName().toLowerCase(Locale.ROOT);
        risky(path, entry.fileName());
        if (suffix(lower).map(KEYSTORES::contains).orElse(false)) {
            if (head != null && head.length <= KEYSTORE_BYTES && TrustStores.onlyTrustedCertificates(head)) {
                return;
            }
            findings.add(ScanRule.SECRET_KEYSTORE.finding().subject(subject).location(path)
                    .message("keystore " + entry.fileName() + " shipped inside the package").build());
            return;
        }
        if (head == null) {
            return;
        }
        Optional<ScanRule> dump = dumpRule(head);
        if (dump.isPresent()) {
            if (!Glob.anyMatches(allow, path)) {
                findings.add(dump.get().finding().subject(subject).location(path)
                        .message(entry.fileName() + ": " + dump.get().title().toLowerCase(Locale.ROOT) + " at "
                                + path.replace("!/", "/")).build());
            }
            return;
        }
        if (!isText(lower) || looksBinary(head)) {
            return;
        }
        textFiles++;
        boolean partial = head.length > MAX_TEXT_BYTES;
        byte[] window = partial ? java.util.Arrays.copyOf(head, MAX_TEXT_BYTES) : head;
        if (partial && !SecretContext.of(path).thirdPartyNonConfig()) {
            findings.add(ScanRule.PARTLY_SCANNED.finding().subject(subject).location(path)
                    .message(entry.fileName() + " is longer than " + (MAX_TEXT_BYTES >> 20) + " MiB: only its first "
                            + (MAX_TEXT_BYTES >> 20) + " MiB were searched for secrets")
                    .property("scannedBytes", MAX_TEXT_BYTES).build());
        }
        for (SecretScanner.Hit hit : SecretScanner.scan(path, release, window)) {
            String what = hit.key().isEmpty() ? hit.kind() : hit.kind() + " of " + hit.key();
            findings.add(hit.rule().finding().subject(subject).location(path)
                    .message(what + " at line " + hit.line() + ": " + hit.masked())
                    .property("line", hit.line()).property("secretKind", hit.kind()).property("key", hit.key())
                    .property("masked", hit.masked()).property("fingerprint", hit.fingerprint()).build());
        }
    }

    /** Lets the inventory's own visitor and this scanner share one walk of the package. */
    PackageVisitor alongside(PackageVisitor inventory) {
        ContentScanner self = this;
        return new PackageVisitor() {
            @Override
            public boolean enterArchive(PackageEntry archive) {
                self.enterArchive(archive);
                return inventory.enterArchive(archive);
            }

            @Override
            public void entry(PackageEntry entry, InputStream content) throws IOException {
                int wanted = self.wantedBytes(entry);
                if (wanted == 0) {
                    self.accept(entry, null);
                    inventory.entry(entry, content);
                    return;
                }
                byte[] head = content.readNBytes(wanted);
                self.accept(entry, head);
                // the inventory reads the same bytes again, followed by whatever lay beyond our limit
                inventory.entry(entry, new SequenceInputStream(new ByteArrayInputStream(head), content));
            }

            @Override
            public void leaveArchive(PackageEntry archive, ArchiveDigests digests) {
                inventory.leaveArchive(archive, digests);
            }
        };
    }

    List<Finding> findings() {
        List<Finding> all = new ArrayList<>(findings);
        for (String folder : vcsFolders) {
            all.add(ScanRule.RISKY_VCS.finding().subject(subject).location(folder + "/")
                    .message("version-control metadata " + folder + "/ shipped (history, remotes, maybe credentials)").build());
        }
        return all;
    }

    long textFiles() {
        return textFiles;
    }

    private void risky(String path, String fileName) {
        String plain = path.replace("!/", "/");
        String lower = fileName.toLowerCase(Locale.ROOT);
        String vcs = vcsFolder(path);
        if (vcs != null && !Glob.anyMatches(allow, vcs + "/")) {
            vcsFolders.add(vcs);
            return;
        }
        if (Glob.anyMatches(allow, path)) {
            return;
        }
        Optional<ScanRule> rule = riskyRule(lower);
        if (rule.isEmpty() && Glob.anyMatches(deny, path)) {
            rule = Optional.of(ScanRule.RISKY_DENIED);
        }
        rule.ifPresent(r -> findings.add(r.finding().subject(subject).location(path)
                .message(fileName + ": " + r.title().toLowerCase(Locale.ROOT) + " at " + plain).build()));
    }

    static Optional<ScanRule> riskyRule(String lowerName) {
        if (lowerName.equals(".env") || lowerName.startsWith(".env.") && !lowerName.matches("\\.env\\.(example|sample|template|dist)")) {
            return Optional.of(ScanRule.RISKY_ENV);
        }
        if (lowerName.endsWith(".bak") || lowerName.endsWith(".orig") || lowerName.endsWith(".swp")
                || lowerName.endsWith(".swo") || lowerName.endsWith("~") || lowerName.endsWith(".old")) {
            return Optional.of(ScanRule.RISKY_BACKUP);
        }
        if (DEV_PROFILE.matcher(lowerName).matches()) {
            return Optional.of(ScanRule.RISKY_DEV_PROFILE);
        }
        return Optional.empty();
    }

    /** Files worth sniffing for a dump header: no extension, a numeric one (core.1234) or a dump's usual ones. */
    static boolean mayBeDump(String lowerName) {
        int dot = lowerName.lastIndexOf('.');
        if (dot <= 0) {
            return true;
        }
        String ext = lowerName.substring(dot);
        return DUMP_SUFFIXES.contains(ext) || ext.length() > 1 && ext.substring(1).chars().allMatch(Character::isDigit);
    }

    /** An ELF file of type ET_CORE (either byte order), or an HPROF heap dump ("JAVA PROFILE 1.0.x"). */
    static Optional<ScanRule> dumpRule(byte[] head) {
        if (head.length >= 18 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            int type = head[5] == 2 ? (head[16] & 0xff) << 8 | head[17] & 0xff : head[16] & 0xff | (head[17] & 0xff) << 8;
            return type == 4 ? Optional.of(ScanRule.RISKY_CORE_DUMP) : Optional.empty();
        }
        byte[] hprof = "JAVA PROFILE 1.0.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (head.length >= hprof.length && java.util.Arrays.equals(head, 0, hprof.length, hprof, 0, hprof.length)) {
            return Optional.of(ScanRule.RISKY_HEAP_DUMP);
        }
        return Optional.empty();
    }

    /** The path of the outermost .git/.svn/.hg folder the path is in, or null. */
    private static String vcsFolder(String path) {
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            String segment = parts[i].startsWith("!") ? parts[i].substring(1) : parts[i];
            if (VCS.contains(segment)) {
                return prefix.toString();
            }
        }
        return null;
    }

    private static boolean isText(String lower) {
        return SecretScanner.isConfig(lower) || SecretScanner.isCredentialFile(lower) || KEY_FILES.contains(lower)
                || suffix(lower).map(TEXT_SUFFIXES::contains).orElse(false) || lower.startsWith(".env");
    }

    private static Optional<String> suffix(String lower) {
        int dot = lower.lastIndexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(lower.substring(dot));
    }

    private static boolean looksBinary(byte[] head) {
        int n = Math.min(head.length, 8192);
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
