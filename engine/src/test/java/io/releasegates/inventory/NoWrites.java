package io.releasegates.inventory;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Proves that code writes no file at all (so no temporary file can be left behind): a permissive security manager
 * that records every file write checked on the calling thread. The shared /tmp is busy with other processes, so
 * comparing directory listings would prove nothing.
 */
final class NoWrites {
    private static final ThreadLocal<List<String>> WRITES = new ThreadLocal<>();

    private NoWrites() {
    }

    @SuppressWarnings("removal")
    static synchronized <T> T during(Supplier<T> work, List<String> writes) {
        SecurityManager previous = System.getSecurityManager();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {
                // everything is allowed; writes are only recorded
            }

            @Override
            public void checkPermission(Permission perm, Object context) {
                // everything is allowed
            }

            @Override
            public void checkWrite(String file) {
                List<String> list = WRITES.get();
                if (list != null) {
                    list.add(file);
                }
            }
        });
        WRITES.set(new ArrayList<>());
        try {
            return work.get();
        } finally {
            writes.addAll(WRITES.get());
            WRITES.remove();
            System.setSecurityManager(previous);
        }
    }
}
