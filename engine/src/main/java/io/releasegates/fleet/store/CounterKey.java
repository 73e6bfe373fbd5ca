package io.releasegates.fleet.store;

/**
 * A counter row's key apart from the shard; {@code role} is empty for the per-component counters. Sorted so that
 * concurrent writers lock counter rows in the same order ({@link Dialect#addToCounters}).
 */
record CounterKey(String environment, String role, int id) implements Comparable<CounterKey> {
    @Override
    public int compareTo(CounterKey o) {
        int c = environment.compareTo(o.environment);
        if (c == 0) {
            c = role.compareTo(o.role);
        }
        return c != 0 ? c : Integer.compare(id, o.id);
    }
}
