package io.releasegates.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An HTTPS server that still offers TLS 1.0 and 1.1, run in a JVM of its own (started by {@link ProbeTlsTest}):
 * the JDK disables both through the security property {@code jdk.tls.disabledAlgorithms}, which is read once per
 * JVM, so the child is started with a properties file that leaves them out, and this server enables them and the
 * CBC-SHA suites they need (Jetty excludes those by default). Prints {@code PORT n}, then serves until stdin closes.
 */
public final class OldTlsServer {
    private OldTlsServer() {
    }

    public static void main(String[] args) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(args[0]);
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        ssl.setIncludeProtocols("TLSv1", "TLSv1.1", "TLSv1.2");
        ssl.setExcludeProtocols();
        ssl.setExcludeCipherSuites();
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/html");
                response.write(true, ByteBuffer.wrap("<html><body>old</body></html>".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the test closes our stdin
        }
        server.stop();
    }
}
