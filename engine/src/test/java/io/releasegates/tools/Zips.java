package io.releasegates.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small archives (a war holding real jars) in memory for tests. */
public final class Zips {
    private Zips() {
    }

    /** A zip of the given entries, given as name, content (byte[]), name, content, …, in that order. */
    public static byte[] zip(Object... nameAndContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) nameAndContent[i]));
                out.write((byte[]) nameAndContent[i + 1]);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
