package io.releasegates.probe;

import io.releasegates.report.Finding;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS of an HTTPS origin: which old protocol versions the server still accepts, and its certificate (expiry,
 * hostname, issuer, key size).
 *
 * <p>Old versions are tested with a ClientHello written here byte by byte (RFC 2246 / 4346), offering only that
 * version: the JDK's own client refuses TLS 1.0 and 1.1 ({@code jdk.tls.disabledAlgorithms}), and the question is
 * what the server accepts, not what this JVM would. Only the server's first answer is read (a ServerHello naming
 * the version, or an alert); the handshake is never completed.
 */
final class TlsChecks {
    /** Findings, and whether the certificate is one a browser would accept for the host (so credentials may go). */
    record Result(List<Finding> findings, boolean trusted) {
        Result {
            findings = List.copyOf(findings);
        }
    }

    private static final int TIMEOUT_MS = 10_000;
    /**
     * ECDHE and RSA suites with AES-CBC and 3DES, what TLS 1.0/1.1 servers commonly accept, then the TLS 1.2 GCM
     * suites (ignored by a server answering an older version; they let the same hello test TLS 1.2).
     */
    private static final int[] OLD_SUITES = {0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x0033, 0x0039, 0x000a,
        0xc02f, 0xc030, 0xc02b, 0xc02c, 0x009c, 0x00ff};

    private TlsChecks() {
    }

    static Result check(URI origin, ProbeRequest request, Fetcher pace) {
        String host = origin.getHost();
        int port = Fetcher.port(origin);
        String at = origin.toString();
        List<Finding> out = new ArrayList<>();
        for (int[] v : new int[][] {{0x0301, 0}, {0x0302, 1}}) {
            pace.pace();
            String name = "TLS 1." + v[1];
            try {
                if (accepts(host, port, v[0], request.proxy())) {
                    out.add(ProbeRule.TLS_OLD_PROTOCOL.finding().subject(at).location(at)
                            .message("the server accepts a " + name + " handshake").property("protocol", "TLSv1" + (v[1] == 0 ? "" : ".1"))
                            .build());
                }
            } catch (IOException e) {
                // no answer to the old hello is a refusal as good as an alert
            }
        }
        pace.pace();
        X509Certificate[] chain;
        try {
            chain = chain(host, port, request.proxy());
        } catch (IOException e) {
            out.add(ProbeRule.CERT_UNTRUSTED.finding().subject(at).location(at)
                    .message("no TLS handshake with the JDK's current protocols: " + Exposures.describe(e)).build());
            return new Result(out, false);
        }
        boolean trusted = certificate(chain, host, at, request, out);
        return new Result(out, trusted);
    }

    private static boolean certificate(X509Certificate[] chain, String host, String at, ProbeRequest request, List<Finding> out) {
        X509Certificate leaf = chain[0];
        Instant now = request.clock().instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        String subject = leaf.getSubjectX500Principal().getName();
        boolean ok = true;
        if (now.isAfter(notAfter) || now.isBefore(leaf.getNotBefore().toInstant())) {
            ok = false;
            out.add(ProbeRule.CERT_EXPIRED.finding().subject(at).location(at)
                    .message("certificate " + subject + " is valid from " + leaf.getNotBefore().toInstant() + " to " + notAfter)
                    .property("notAfter", notAfter).build());
        } else if (Duration.between(now, notAfter).compareTo(request.certificateWarning()) < 0) {
            out.add(ProbeRule.CERT_EXPIRING.finding().subject(at).location(at)
                    .message("certificate " + subject + " expires " + notAfter + ", in " + Duration.between(now, notAfter).toDays()
                            + " days (warning period " + request.certificateWarning().toDays() + " days)")
                    .property("notAfter", notAfter).build());
        }
        if (!HostNames.matches(leaf, host)) {
            ok = false;
            out.add(ProbeRule.CERT_HOSTNAME_MISMATCH.finding().subject(at).location(at)
                    .message("certificate names " + HostNames.names(leaf) + ", not " + host).property("host", host).build());
        }
        String untrusted = untrusted(chain, now);
        if (untrusted != null) {
            ok = false;
            boolean selfSigned = selfSigned(chain[chain.length - 1]) && chain.length == 1;
            out.add((selfSigned ? ProbeRule.CERT_SELF_SIGNED : ProbeRule.CERT_UNTRUSTED).finding().subject(at).location(at)
                    .message("certificate " + subject + (selfSigned ? " is self-signed" : " is issued by "
                            + leaf.getIssuerX500Principal().getName() + ", which the JDK's trust store does not know")
                            + " (" + untrusted + ")").build());
        }
        int bits = KeySizes.bits(leaf.getPublicKey());
        int minimum = KeySizes.minimum(leaf.getPublicKey());
        if (bits > 0 && bits < minimum) {
            out.add(ProbeRule.CERT_WEAK_KEY.finding().subject(at).location(at)
                    .message("certificate key is " + leaf.getPublicKey().getAlgorithm() + " " + bits + " bits (at least " + minimum + " expected)")
                    .property("keyBits", bits).build());
        }
        return ok;
    }

    /** Why the chain does not lead to a trust anchor of the JDK's store, or null when it does (expiry aside). */
    private static String untrusted(X509Certificate[] chain, Instant now) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(c, null));
                    }
                }
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            List<Certificate> path = new ArrayList<>(Arrays.asList(chain));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return null;
            }
            return String.valueOf(e.getMessage()).lines().findFirst().orElse("not valid");
        } catch (GeneralSecurityException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The server's certificate chain, through a handshake that accepts any chain (it is judged afterwards). */
    private static X509Certificate[] chain(String host, int port, URI proxy) throws IOException {
        Socket plain = Tunnel.open(host, port, proxy, TIMEOUT_MS);
        try (SSLSocket ssl = (SSLSocket) Fetcher.acceptingContext().getSocketFactory().createSocket(plain, host, port, true)) {
            ssl.setSoTimeout(TIMEOUT_MS);
            ssl.startHandshake();
            Certificate[] peer = ssl.getSession().getPeerCertificates();
            return Arrays.stream(peer).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } finally {
            plain.close();
        }
    }

    /** Whether the server answers a ClientHello offering only {@code version} with a ServerHello of that version. */
    static boolean accepts(String host, int port, int version, URI proxy) throws IOException {
        try (Socket socket = Tunnel.open(host, port, proxy, TIMEOUT_MS)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(host, version));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            in.readUnsignedShort();
            int length = in.readUnsignedShort();
            if (type != 0x16 || length < 6) {
                return false;
            }
            byte[] record = in.readNBytes(Math.min(length, 16));
            return record.length >= 6 && record[0] == 2 && ((record[4] & 0xff) << 8 | record[5] & 0xff) == version;
        } catch (java.io.EOFException e) {
            return false;
        }
    }

    static byte[] clientHello(String host, int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        short16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0);
        short16(body, OLD_SUITES.length * 2);
        for (int s : OLD_SUITES) {
            short16(body, s);
        }
        body.write(1);
        body.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            short16(ext, 0x0000);
            short16(ext, name.length + 5);
            short16(ext, name.length + 3);
            ext.write(0);
            short16(ext, name.length);
            ext.writeBytes(name);
        }
        short16(ext, 0x000a); // supported groups: secp256r1, secp384r1, x25519
        short16(ext, 8);
        short16(ext, 6);
        short16(ext, 0x0017);
        short16(ext, 0x0018);
        short16(ext, 0x001d);
        if (version >= 0x0303) {
            // signature algorithms (TLS 1.2 only): RSA PKCS#1, ECDSA and RSA-PSS with SHA-256/384/512
            int[] algorithms = {0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0804, 0x0805, 0x0806};
            short16(ext, 0x000d);
            short16(ext, algorithms.length * 2 + 2);
            short16(ext, algorithms.length * 2);
            for (int a : algorithms) {
                short16(ext, a);
            }
        }
        short16(ext, 0x000b); // EC point formats: uncompressed
        short16(ext, 2);
        ext.write(1);
        ext.write(0);
        short16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        short16(record, 0x0301);
        short16(record, body.size() + 4);
        record.write(1);
        record.write(body.size() >> 16);
        short16(record, body.size() & 0xffff);
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8 & 0xff);
        out.write(value & 0xff);
    }

    /** A TCP connection to the host, through an HTTP proxy's CONNECT when one is set. */
    static final class Tunnel {
        private Tunnel() {
        }

        static Socket open(String host, int port, URI proxy, int timeoutMs) throws IOException {
            Socket socket = new Socket();
            try {
                if (proxy == null) {
                    socket.connect(new InetSocketAddress(host, port), timeoutMs);
                    return socket;
                }
                socket.connect(new InetSocketAddress(proxy.getHost(), Fetcher.port(proxy)), timeoutMs);
                socket.setSoTimeout(timeoutMs);
                String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
                OutputStream out = socket.getOutputStream();
                out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = readHead(socket.getInputStream());
                if (!status.matches("HTTP/1\\.[01] 200.*")) {
                    throw new IOException("proxy refused CONNECT " + target + ": " + status);
                }
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        /** The status line of the proxy's answer; the header block is read to its end, byte by byte. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0 || head.length() > 8192) {
                    throw new IOException("proxy closed the connection during CONNECT");
                }
                head.append((char) b);
            }
            return head.toString().lines().findFirst().orElse("");
        }
    }
}
