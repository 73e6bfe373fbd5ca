package io.releasegates.fleet.store;

class H2StoreCrashTest extends StoreCrashContract {
    @Override
    String newStoreUrl() {
        return tmp.resolve("fleet").toString();
    }
}
