package io.releasegates.cli;

import io.releasegates.duration.Ages;
import io.releasegates.signing.SigningKey;
import io.releasegates.integrity.watch.AlertSink;
import io.releasegates.integrity.watch.FleetAlertSink;
import io.releasegates.integrity.watch.IntegrityWatch;
import io.releasegates.integrity.watch.JsonLinesSink;
import io.releasegates.integrity.watch.WatchOptions;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code release-gates integrity watch}: alerts each change of a monitored tree within 2 s, against its signed
 * baseline. Runs until SIGTERM (or Ctrl-C); a shutdown hook stops the watchers and lets the sinks deliver.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch DIR (kernel notifications plus periodic full checks) and write one JSON line per change "
                + "against its signed baseline. Runs until SIGTERM.",
                "Exit 2 on bad input (missing tree, baseline or key; a signature that does not verify)."})
final class IntegrityWatchCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Trees to watch, each with its own --baseline.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--baseline", required = true, paramLabel = "FILE",
            description = "Signed baseline of each DIR, in the same order (repeatable).")
    List<Path> baselines = new ArrayList<>();

    @Option(names = "--key", required = true, paramLabel = "KEYFILE",
            description = "Verifies the baselines: Ed25519 public key PEM, or the HMAC secret.")
    Path key;

    @Option(names = "--alerts", paramLabel = "FILE|-", defaultValue = "-",
            description = "JSON-lines file to append alerts to; '-' is stdout (default: ${DEFAULT-VALUE}).")
    String alerts;

    @Option(names = "--report-to", paramLabel = "URL",
            description = "Also post alerts to this fleet server (POST /api/alerts), with the token of --token-env.")
    URI reportTo;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Variable holding the fleet server's agent token.")
    String tokenEnv;

    @picocli.CommandLine.Mixin
    WebhookOptions webhookOptions = new WebhookOptions();

    @Option(names = "--host", paramLabel = "NAME", description = "This machine's name in alerts (default: the host name).")
    String host;

    @Option(names = "--full-every", paramLabel = "DURATION", defaultValue = "1h",
            description = "Period of the full check behind the notifications, e.g. 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    String fullEvery;

    @Option(names = "--queue-limit", paramLabel = "N", defaultValue = "8192",
            description = "Changed paths waiting to be re-read beyond which a burst is handled by one full check "
                    + "(default: ${DEFAULT-VALUE}).")
    int queueLimit;

    @Option(names = "--max-watches", paramLabel = "N",
            description = "Watch at most N directories per DIR and poll the rest every second (default: the kernel's limit).")
    Integer maxWatches;

    @Override
    public Integer call() throws Exception {
        if (baselines.size() != dirs.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give one --baseline per DIR (" + dirs.size()
                    + " DIR, " + baselines.size() + " --baseline)");
        }
        if ((reportTo == null) != (tokenEnv == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report-to and --token-env go together");
        }
        Duration every;
        try {
            every = Ages.parse(fullEvery);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--full-every: " + e.getMessage());
        }
        SigningKey verifier = SigningKey.load(key);
        String hostName = host != null ? host : localHostName();
        PrintStream err = System.err;
        Consumer<String> warnings = line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        };
        List<AlertSink> sinks = new ArrayList<>();
        // FileDescriptor.out unbuffered: each line leaves the process when it is written, even if stdout is a pipe
        sinks.add("-".equals(alerts) ? new JsonLinesSink(new FileOutputStream(FileDescriptor.out), false, "stdout")
                : JsonLinesSink.appendingTo(Path.of(alerts)));
        if (reportTo != null) {
            String token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--token-env " + tokenEnv + ": the variable is not set");
            }
            sinks.add(new FleetAlertSink(reportTo, token, warnings));
        }
        io.releasegates.notify.Webhook webhook = webhookOptions.webhook();
        if (webhook != null) {
            sinks.add(new io.releasegates.integrity.watch.WebhookAlertSink(webhook, warnings));
        }
        List<IntegrityWatch> watches = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            WatchOptions options = new WatchOptions(dirs.get(i), baselines.get(i), verifier, hostName, every, queueLimit,
                    maxWatches == null ? 0 : maxWatches, null, shared(sinks, i == dirs.size() - 1), warnings);
            watches.add(new IntegrityWatch(options));
        }
        return runAll(watches, warnings);
    }

    /** The sinks are shared: only the last watcher to end closes them. */
    private static List<AlertSink> shared(List<AlertSink> sinks, boolean owner) {
        if (owner) {
            return sinks;
        }
        return sinks.stream().<AlertSink>map(s -> new AlertSink() {
            @Override
            public void send(io.releasegates.integrity.watch.FileAlert alert) {
                s.send(alert);
            }

            @Override
            public void close() {
            }
        }).toList();
    }

    private static int runAll(List<IntegrityWatch> watches, Consumer<String> warnings) throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        // in reverse: the last one owns the shared sinks and is closed last
        Thread hook = new Thread(() -> {
            for (int i = watches.size() - 1; i >= 0; i--) {
                watches.get(i).close();
            }
            warnings.accept("integrity watch: stopped");
        }, "integrity-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        for (IntegrityWatch w : watches) {
            Thread t = new Thread(() -> {
                try {
                    w.run();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "integrity-watch");
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Exception e = failure.get();
        if (e != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already exiting: the hook runs anyway
            }
            warnings.accept("release-gates: integrity watch failed: " + ReleaseGatesCommand.oneLine(e.getMessage()));
            return ExitCodes.INTERNAL;
        }
        return ExitCodes.OK;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
