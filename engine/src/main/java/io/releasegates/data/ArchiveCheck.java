package io.releasegates.data;

import io.releasegates.report.BadInputException;
import io.releasegates.scan.OsvArchives;
import java.io.IOException;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a downloaded archive before it replaces the one in use: a real zip (a truncated or corrupt one has no
 * readable central directory), within the entry and size bounds, and every record readable by the scan's OSV reader,
 * the same one {@code scan --osv} and {@code fleet vulnerabilities --osv} use, so what passes here they can read.
 */
final class ArchiveCheck {
    private ArchiveCheck() {
    }

    /**
     * Inflates the entry once, checking that it is as long as it declares (ZipFile does not hold a deflated entry to
     * its declared size, so a lying one could inflate without bound in the reader) and that its CRC-32 matches (ZipFile
     * does not check it either: a flipped byte inside an entry would otherwise only show if it broke the JSON).
     */
    private static void verify(ZipFile zip, ZipEntry e, String shownAs) throws IOException {
        CRC32 crc = new CRC32();
        long length = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                length += n;
                if (length > e.getSize()) {
                    throw new BadInputException(shownAs + "!" + e.getName() + ": inflates to more than its declared "
                            + e.getSize() + " bytes");
                }
                crc.update(buffer, 0, n);
            }
        }
        if (length != e.getSize() || e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new BadInputException(shownAs + "!" + e.getName() + ": corrupt entry (length or CRC-32 does not match)");
        }
    }

    /**
     * The archive's contents, or a {@link BadInputException} saying what is wrong, with {@code shownAs} (the URL) in
     * place of the temp file's name.
     */
    static OsvArchives.Contents check(Path archive, String shownAs, Limits limits) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            int entries = 0;
            long declared = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (++entries > limits.maxEntries()) {
                    throw new BadInputException(shownAs + ": more than " + limits.maxEntries() + " entries in the archive");
                }
                // an entry that does not declare its size cannot be bounded before it is inflated
                if (e.getSize() < 0) {
                    throw new BadInputException(shownAs + "!" + e.getName() + ": entry without a declared size");
                }
                declared += e.getSize();
                if (declared > limits.maxUncompressed()) {
                    throw new BadInputException(shownAs + ": entries add up to more than " + limits.maxUncompressed()
                            + " bytes uncompressed");
                }
                verify(zip, e, shownAs);
            }
        } catch (IOException e) {
            throw new BadInputException(shownAs + ": not a zip archive, truncated or corrupt (" + e.getMessage() + ")", e);
        }
        try {
            return OsvArchives.read(archive);
        } catch (BadInputException e) {
            throw new BadInputException(e.getMessage().replace(archive.toString(), shownAs), e);
        }
    }
}
