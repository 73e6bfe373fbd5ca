package io.releasegates.files;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** A path that was to be read is a FIFO, socket, device, directory or link, or was swapped for one: it was not read. */
public final class NotRegularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public NotRegularFileException(Path file, String reason) {
        super(file.toString(), null, reason);
    }
}
