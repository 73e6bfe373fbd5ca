package io.releasegates.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInventoryTest {
    private static Path fixtureRoot(String name) {
        return Path.of(System.getProperty("releasegates.fixtureSources"), "src", name);
    }

    @TempDir
    Path dir;

    @Test
    void shouldListEveryInstalledDebianPackageOfARealDpkgStatusFile() throws IOException {
        Path root = fixtureRoot("host-debian");
        long installed = Files.readAllLines(root.resolve("var/lib/dpkg/status")).stream()
                .filter(l -> l.equals("Status: install ok installed")).count();

        Inventory inv = HostInventory.inventory(root);

        assertThat(inv.components()).hasSize((int) installed);
        assertThat(inv.subject()).isEqualTo("build-agent-07");
        assertThat(inv.metadata()).containsEntry("host.name", "build-agent-07").containsEntry("os.id", "debian")
                .containsEntry("package.databases", "dpkg");
        assertThat(inv.components()).anySatisfy(c -> assertThat(c.purl())
                .startsWith("pkg:deb/debian/libc6@2.36-9%2Bdeb12u").endsWith("?arch=amd64&distro=bookworm"));
        assertThat(inv.components()).allSatisfy(c -> assertThat(c.evidence()).isEqualTo(Evidence.DPKG_STATUS));
        assertThat(inv.complete()).isTrue();
    }

    @Test
    void shouldWriteAHostSbomThatValidates() throws IOException {
        Inventory inv = HostInventory.inventory(fixtureRoot("host-alpine"));
        Path bom = dir.resolve("host.json");
        CycloneDx.write(inv, CycloneDx.Format.JSON, bom);

        assertThat(new JsonParser().validate(bom.toFile(), Version.VERSION_16)).isEmpty();
        assertThat(inv.components()).extracting(Component::purl).containsExactly(
                "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1",
                "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
                "pkg:apk/alpine/alpine-baselayout@3.4.3-r2?arch=x86_64&distro=alpine-3.19.1",
                "pkg:apk/alpine/openjdk17-jre-headless@17.0.10_p7-r0?arch=x86_64&distro=alpine-3.19.1");
        assertThat(Files.readString(bom)).contains("\"name\" : \"shop-web-3\"");
    }

    @Test
    void shouldSkipRemovedPackagesAndKeepEpochs() throws IOException {
        String status = """
                Package: gone
                Status: deinstall ok config-files
                Version: 1.0

                Package: tzdata
                Status: install ok installed
                Architecture: all
                Version: 1:2024a-0+deb12u1
                Description: time zone and daylight-saving time data
                 This package contains data required for the implementation of
                """;
        List<Component> pkgs = OsPackages.dpkg(new StringReader(status), "debian", "bookworm");

        assertThat(pkgs).extracting(Component::purl)
                .containsExactly("pkg:deb/debian/tzdata@1%3A2024a-0%2Bdeb12u1?arch=all&distro=bookworm");
    }

    @Test
    void shouldParseRpmQueryOutputWithEpochsAndWithoutKeys() throws IOException {
        String out = "bash\t0\t5.2.26\t3.fc40\tx86_64\nopenssl-libs\t1\t3.2.2\t3.fc40\tx86_64\n"
                + "gpg-pubkey\t0\ta15b79cc\t63d04c2c\t(none)\n";
        List<Component> pkgs = OsPackages.rpm(new StringReader(out), "fedora", "fedora-40");

        assertThat(pkgs).extracting(Component::purl).containsExactly(
                "pkg:rpm/fedora/bash@5.2.26-3.fc40?arch=x86_64&distro=fedora-40",
                "pkg:rpm/fedora/openssl-libs@3.2.2-3.fc40?arch=x86_64&distro=fedora-40&epoch=1");
    }

    /** A real rpm database built by the real rpm tools (./build test installs Debian's rpm package). */
    @Test
    void shouldListRpmPackagesThroughTheRpmCommand() throws Exception {
        io.releasegates.tools.ExternalTool.require("rpm", "rpmbuild");
        io.releasegates.tools.ExternalTool.require("rpm", "rpm");
        Path top = Files.createDirectories(dir.resolve("build/SPECS"));
        Files.writeString(top.resolve("agent.spec"), """
                Name: shop-agent
                Version: 1.4.2
                Release: 3.el9
                Epoch: 2
                Summary: test package
                License: MIT
                BuildArch: noarch
                %description
                test package
                %files
                """);
        Path root = Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(root.resolve("os-release"), "ID=rhel\nVERSION_ID=9.4\n");
        Path image = dir.resolve("root");
        run("rpmbuild", "--define", "_topdir " + dir.resolve("build"), "-bb", top.resolve("agent.spec").toString());
        run("rpm", "--root", image.toString(), "--dbpath", "/var/lib/rpm", "--initdb");
        Path rpm;
        try (var files = Files.walk(dir.resolve("build/RPMS"))) {
            rpm = files.filter(f -> f.toString().endsWith(".rpm")).findFirst().orElseThrow();
        }
        run("rpm", "--root", image.toString(), "--dbpath", "/var/lib/rpm", "-i", "--justdb", "--nodeps", "--noscripts",
                rpm.toString());

        Inventory inv = HostInventory.inventory(image);

        assertThat(inv.errors()).isEmpty();
        assertThat(inv.metadata()).containsEntry("package.databases", "rpm");
        assertThat(inv.components()).extracting(Component::purl)
                .containsExactly("pkg:rpm/rhel/shop-agent@1.4.2-3.el9?arch=noarch&distro=rhel-9.4&epoch=2");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void shouldListThisMachineWithItsRunningJvm() {
        Inventory inv = HostInventory.inventory(Path.of("/"));

        assertThat(inv.components()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo(Component.Type.PLATFORM);
            assertThat(c.version()).isEqualTo(System.getProperty("java.runtime.version"));
        });
        assertThat(inv.metadata().get("host.name")).isNotBlank();
    }

    @Test
    void shouldCallARootWithoutPackageDatabasesIncomplete() {
        Inventory inv = HostInventory.inventory(dir);

        assertThat(inv.complete()).isFalse();
        assertThat(inv.errors()).singleElement().asString().contains("no package database found");
    }

    @Test
    void shouldNameTheRootSettingByKeyWhenTheRootIsNoDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-root"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostInventory.inventory(file))
                .isInstanceOf(io.releasegates.report.BadInputException.class)
                .hasMessage(file + ": not a directory (expected a file system root for root)")
                .satisfies(e -> assertThat(((io.releasegates.report.BadInputException) e).message(k -> "--" + k))
                        .endsWith("for --root)"));
    }
}
