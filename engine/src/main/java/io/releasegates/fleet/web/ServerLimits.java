package io.releasegates.fleet.web;

import java.time.Duration;
import java.util.List;

/**
 * What {@code serve} tolerates from a client before it gives up on it. The defaults are generous for agents posting
 * reports over a slow link and tight enough that slow or silent clients cannot hold the server (issue 14).
 *
 * @param idleTimeout    a connection silent this long is closed
 * @param headerTimeout  a request whose header has started but not finished this long is dropped (a slow drip of
 *                       header bytes never trips the idle timeout)
 * @param bodyTimeout    a body not fully received this long after its header is answered 408
 * @param maxConnections open connections beyond this wait to be accepted
 * @param maxHeaderBytes a larger request line plus header is answered 431
 * @param maxBody        a larger body is answered 413
 * @param publicHosts    host names besides the loopback ones (and --bind) this server answers for
 */
public record ServerLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
        int maxHeaderBytes, int maxBody, List<String> publicHosts) {
    public static final int DEFAULT_MAX_BODY = 16 * 1024 * 1024;

    public ServerLimits {
        publicHosts = List.copyOf(publicHosts);
        if (maxConnections < 1 || maxHeaderBytes < 1024 || maxBody < 1) {
            throw new IllegalArgumentException("server limits must be positive (header size at least 1024 bytes)");
        }
    }

    public static ServerLimits defaults(int maxBody) {
        return new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), 256, 8192, maxBody,
                List.of());
    }

    public ServerLimits withPublicHosts(List<String> hosts) {
        return new ServerLimits(idleTimeout, headerTimeout, bodyTimeout, maxConnections, maxHeaderBytes, maxBody, hosts);
    }

    public ServerLimits withTimeouts(Duration idle, Duration header, Duration body) {
        return new ServerLimits(idle, header, body, maxConnections, maxHeaderBytes, maxBody, publicHosts);
    }
}
