package io.releasegates.check;

import io.releasegates.backup.BackupVerifier;
import io.releasegates.backup.BackupsRequest;
import io.releasegates.report.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Backup verification (docs/backups.md). Options: {@code demo: true} (generate a healthy 3-2-1 set of nightly dumps
 * under the work folder and verify it), or {@code config: backups.yml} and optionally {@code state: FILE} (where the
 * restore-drill rotation is remembered; default as the backups config says).
 */
final class BackupsCheckStep implements Step {
    private static final Map<String, StepOption> OPTIONS = Map.of("demo", StepOption.FLAG, "config", StepOption.PATH, "state", StepOption.PATH);

    @Override
    public Map<String, StepOption> options() {
        return OPTIONS;
    }

    @Override
    public Output run(Context context) throws IOException {
        CheckConfig.StepConfig c = context.config();
        Path configFile;
        List<Extra> extras;
        if (c.flag("demo")) {
            configFile = DemoData.backupSet(context.workDir(), context.now());
            extras = List.of(new Extra("generated backups.yml", configFile));
        } else {
            configFile = c.path("config");
            if (configFile == null) {
                throw new BadInputException("steps.backups: needs 'demo: true' or 'config: backups.yml'");
            }
            extras = List.of();
        }
        BackupsRequest request = new BackupsRequest(configFile, context.now(), c.path("state"), System.getenv());
        return new Output(BackupVerifier.verify(request), extras);
    }
}
