package io.releasegates.fleet.store;

import io.releasegates.fleet.monitor.AdvisorySources;
import io.releasegates.fleet.monitor.MonitorPass;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The child JVM of the killed-pass test: {@code URL DATADIR} runs one monitor pass, printing "done" after it. */
public final class MonitorProcess {
    private MonitorProcess() {
    }

    public static void main(String[] args) {
        try (FleetStore store = FleetStores.open(args[0])) {
            Path data = Path.of(args[1]);
            MonitorPass.run(store, AdvisorySources.resolve(data, List.of(), null, data), Clock.systemUTC());
            System.out.println("done");
        }
        System.exit(0);
    }

    static ProcessBuilder command(String url, Path data, Path marker) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dreleasegates.test.pauseMarker=" + marker, "-cp", System.getProperty("java.class.path"),
                MonitorProcess.class.getName(), url, data.toString()));
        return new ProcessBuilder(cmd);
    }
}
