package io.releasegates.inventory;

/**
 * One entry met while walking a package: a file, or an archive (the package itself or one nested in it).
 *
 * @param path      full path from the package root, nested archives joined with {@code !/}, e.g.
 *                  {@code WEB-INF/lib/a.jar!/META-INF/maven/g/a/pom.properties}; empty for the package itself.
 *                  Names that are not valid UTF-8 or hold control characters are shown with {@code %XX} escapes.
 * @param name      the entry's name inside its immediate container (the last {@code !/} segment of {@code path});
 *                  for the package itself, its file name
 * @param container path of the archive holding this entry; empty for entries of the package itself
 * @param size      declared uncompressed size in bytes, or -1 when the archive does not say
 * @param depth     0 for the package itself and the entries directly in it, 1 for entries inside a jar of a WAR, …
 * @param archive   true when the entry is an archive the walker can open (jar, war, ear, zip, tar, tar.gz)
 */
public record PackageEntry(String path, String name, String container, long size, int depth, boolean archive) {

    /** True for the package the walk started from. */
    public boolean root() {
        return path.isEmpty();
    }

    /** The file name: the part of {@code name} after its last slash. */
    public String fileName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
