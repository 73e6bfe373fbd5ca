package io.releasegates.probe;

import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Key sizes in bits and the minimum each algorithm needs (NIST SP 800-57: 112-bit security and up). */
final class KeySizes {
    private KeySizes() {
    }

    static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        return 0;
    }

    static int minimum(PublicKey key) {
        return key instanceof ECPublicKey ? 256 : 2048;
    }
}
