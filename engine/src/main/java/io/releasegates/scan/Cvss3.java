package io.releasegates.scan;

import io.releasegates.report.Severity;
import java.util.Optional;
import us.springett.cvss.Cvss;
import us.springett.cvss.CvssV3;
import us.springett.cvss.CvssV3_1;

/**
 * A CVSS v3 vector with the base score cvss-calculator computes from it (never a hand-copied score).
 *
 * @param vector as published, e.g. {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}
 * @param score  base score
 */
record Cvss3(String vector, double score) {

    /** Empty when the text is not a CVSS v3.x vector (v2 and v4 vectors are not scored here). */
    static Optional<Cvss3> parse(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) {
            return Optional.empty();
        }
        try {
            Cvss cvss = Cvss.fromVector(vector);
            if (!(cvss instanceof CvssV3) && !(cvss instanceof CvssV3_1)) {
                return Optional.empty();
            }
            return Optional.of(new Cvss3(vector, cvss.calculateScore().getBaseScore()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    Severity severity() {
        return Severity.fromCvss(score);
    }
}
