package io.releasegates.integrity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a path is. Only regular files are ever opened; the special kinds are reported and never read. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK, FIFO, SOCKET, BLOCK_DEVICE, CHAR_DEVICE, OTHER;

    /** From the {@code st_mode} file type bits (S_IFMT) as Linux reports them in {@code unix:mode}. */
    static EntryType fromUnixMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FILE;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            case 0060000 -> BLOCK_DEVICE;
            case 0020000 -> CHAR_DEVICE;
            default -> OTHER;
        };
    }

    /** Devices, FIFOs and sockets: reading them could block, change state or never end. */
    public boolean isSpecial() {
        return this != FILE && this != DIRECTORY && this != SYMLINK;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static EntryType fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
