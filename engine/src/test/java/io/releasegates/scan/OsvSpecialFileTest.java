package io.releasegates.scan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.releasegates.report.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OSV archive named by the operator that turns out to be a FIFO: refused at once with its name, never read. */
class OsvSpecialFileTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRefuseAFifoInPlaceOfTheOsvZipWithoutBlocking() throws Exception {
        Path fifo = tmp.resolve("all.zip");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        p.waitFor(10, TimeUnit.SECONDS);
        // also through a link, as an operator-named file may be one (a mounted secret, a "current" link)
        Path link = Files.createSymbolicLink(tmp.resolve("current.zip"), fifo);

        for (Path named : new Path[] {fifo, link}) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> OsvDatabase.load(named))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(named.toString())
                    .hasMessageContaining("FIFO"));
        }
    }
}
