package io.releasegates.gate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.releasegates.report.BadInputException;
import io.releasegates.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** INTERIM until the integrity signing API lands on main: HMAC-SHA256 hex key files only. */
public final class VerdictKeys {
    private VerdictKeys() {
    }

    public static VerdictSigner load(Path keyFile) {
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(keyFile + ": cannot read key file (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!text.matches("[0-9a-fA-F]{64,}") || text.length() % 2 != 0) {
            throw new BadInputException(keyFile + ": not a key file (expected an HMAC secret as hex)");
        }
        return hmac(HexFormat.of().parseHex(text));
    }

    static VerdictSigner hmac(byte[] secret) {
        String keyId = "hmac-sha256:" + HexFormat.of().formatHex(mac(secret, "release-gates key id".getBytes(
                StandardCharsets.UTF_8))).substring(0, 16);
        return new VerdictSigner() {
            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public boolean canSign() {
                return true;
            }

            @Override
            public ObjectNode sign(ObjectNode document) {
                ObjectNode copy = document.deepCopy();
                copy.remove("signature");
                ObjectNode sig = copy.putObject("signature");
                byte[] value = mac(secret, canonical(document));
                sig.put("algorithm", "HMAC-SHA256");
                sig.put("keyId", keyId);
                sig.put("value", Base64.getEncoder().encodeToString(value));
                return copy;
            }

            @Override
            public Check verify(JsonNode document) {
                JsonNode sig = document.get("signature");
                if (sig == null || !sig.isObject()) {
                    return new Check(false, "document is not signed");
                }
                if (!keyId.equals(sig.path("keyId").asText())) {
                    return new Check(false, "signed with key " + sig.path("keyId").asText() + ", not with " + keyId);
                }
                byte[] value;
                try {
                    value = Base64.getDecoder().decode(sig.path("value").asText());
                } catch (IllegalArgumentException e) {
                    return new Check(false, "signature value is not base64");
                }
                return MessageDigest.isEqual(value, mac(secret, canonical(document)))
                        ? new Check(true, "signed by " + keyId)
                        : new Check(false, "signature does not match the content: the document was changed after signing");
            }
        };
    }

    private static byte[] canonical(JsonNode document) {
        ObjectNode content = ((ObjectNode) document).deepCopy();
        content.remove("signature");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            write(content, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            g.writeStartObject();
            for (String n : names) {
                g.writeFieldName(n);
                write(node.get(n), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(item, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private static byte[] mac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
