package io.releasegates.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One path of a tree as recorded in a baseline or read from git. Timestamps are deliberately absent: a touch, a
 * restore from backup or a clock change must never look like a modification.
 *
 * @param path    relative to the tree root, {@code /}-separated, never starting with {@code /} or containing {@code ..}
 * @param type    what the path is
 * @param size    content length of a file (or of the link target text); 0 for other kinds
 * @param mode    permission bits in octal including setuid/setgid/sticky, e.g. {@code 0644} or {@code 4755};
 *                null when unknown (git records only whether a file is executable: {@code 0644} or {@code 0755})
 * @param owner   owning user name (numeric when the name is unknown); null where the OS does not provide it
 * @param group   owning group name; null where the OS does not provide it
 * @param sha256  hex SHA-256 of a file's content; null for other kinds and when the file could not be read
 * @param target  link text of a symlink, exactly as stored (never resolved); null for other kinds
 * @param problem why the path could not be read completely (unreadable file, unlistable directory); null when fine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TreeEntry(String path, EntryType type, long size, String mode, String owner, String group,
                        String sha256, String target, String problem) {

    public TreeEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }

    static String octal(int permissionBits) {
        String s = Integer.toOctalString(permissionBits & 07777);
        return "0000".substring(Math.min(4, s.length())) + s;
    }

    /** Whether the owner may execute: the one permission bit git keeps. */
    boolean ownerExecutable() {
        return mode != null && (Integer.parseInt(mode, 8) & 0100) != 0;
    }
}
