package io.releasegates.inventory;

import java.io.IOException;

/** Thrown by a guarded entry stream when an entry inflates beyond the {@link WalkLimits}. */
public final class ArchiveBombException extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean walkStopped;

    ArchiveBombException(String message, boolean walkStopped) {
        super(message);
        this.walkStopped = walkStopped;
    }

    /** True when the limit was the walk's total, so nothing more can be read. */
    public boolean walkStopped() {
        return walkStopped;
    }
}
