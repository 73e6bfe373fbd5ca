package io.releasegates.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasegates.signing.SigningKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The integrity gate's request: exactly one mode, and the git-only settings refused in baseline mode. */
class IntegrityRequestTest {
    private static final Path TREE = Path.of("/srv/etc");

    @Test
    void shouldTakeExactlyOneOfABaselineOrAGitRepository() {
        assertThatThrownBy(() -> new IntegrityRequest(TREE, null, null, null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new IntegrityRequest(TREE, Path.of("b.json"), null, Path.of("repo.git"), null, null,
                null, null, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
        assertThat(IntegrityRequest.baseline(TREE, Path.of("b.json"), null).isBaseline()).isTrue();
        assertThat(IntegrityRequest.git(TREE, Path.of("repo.git"), null, null).isBaseline()).isFalse();
    }

    @Test
    void shouldCheckHeadWhenNoRefIsGiven() {
        assertThat(IntegrityRequest.git(TREE, Path.of("repo.git"), null, "etc").ref()).isEqualTo("HEAD");
        assertThat(IntegrityRequest.git(TREE, Path.of("repo.git"), "v1.4", "etc").ref()).isEqualTo("v1.4");
    }

    @Test
    void shouldRefuseGitSettingsOnABaselineCheckAndAKeyOnAGitCheck() {
        IntegrityRequest baseline = IntegrityRequest.baseline(TREE, Path.of("b.json"), null);
        assertThatThrownBy(() -> baseline.withIncludes(List.of("*.yml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("git check only");
        assertThat(baseline.withExcludes(List.of("*.log")).excludes()).containsExactly("*.log");
        assertThatThrownBy(() -> new IntegrityRequest(TREE, null, SigningKey.generateHmac(), Path.of("repo.git"), null,
                null, null, null, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline check only");
        assertThatThrownBy(() -> baseline.withThreads(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepItsOwnCopiesOfTheGlobLists() {
        List<String> excludes = new ArrayList<>(List.of("*.pid"));
        IntegrityRequest request = IntegrityRequest.git(TREE, Path.of("repo.git"), null, null).withExcludes(excludes);
        excludes.add("*.log");
        assertThat(request.excludes()).containsExactly("*.pid");
        assertThatThrownBy(() -> request.includes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
