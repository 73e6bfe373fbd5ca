package io.releasegates.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class VersionSetTest {

    @Test
    void shouldReadBackWhatItWrote() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int[] ids = random.ints(random.nextInt(2_000), 0, round % 2 == 0 ? 50_000 : Integer.MAX_VALUE)
                    .distinct().sorted().toArray();
            assertThat(VersionSet.decode(VersionSet.encode(ids), 1)).containsExactly(ids);
        }
        assertThat(VersionSet.decode(VersionSet.encode(new int[] {0, Integer.MAX_VALUE}), 1)).containsExactly(0, Integer.MAX_VALUE);
        assertThat(VersionSet.decode(VersionSet.encode(new int[0]), 1)).isEmpty();
    }

    @Test
    void shouldStoreDenseIdsInAboutTwoBytesEach() {
        int[] ids = new Random(7).ints(1_000, 1, 5_000).distinct().sorted().toArray();
        assertThat(VersionSet.encode(ids).length).isLessThanOrEqualTo(1 + 2 * ids.length);
    }

    @Test
    void shouldRefuseIdsThatAreNotAscendingAndDistinct() {
        assertThatThrownBy(() -> VersionSet.encode(new int[] {3, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionSet.encode(new int[] {4, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionSet.encode(new int[] {-1})).isInstanceOf(IllegalArgumentException.class);
    }

    @TestFactory
    Stream<DynamicTest> shouldRefuseStoredValuesItDidNotWrite() {
        Map<String, byte[]> invalid = Map.of(
                "invalid-empty", new byte[0],
                "invalid-unknown-format", new byte[] {2, 1},
                "invalid-truncated-number", new byte[] {1, (byte) 0x81},
                "invalid-overlong-number", new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1},
                "invalid-repeated-id", new byte[] {1, 5, 0},
                "invalid-beyond-int-range", new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7, 1});
        return invalid.entrySet().stream().map(e -> dynamicTest(e.getKey(), () ->
                assertThatThrownBy(() -> VersionSet.decode(e.getValue(), 17))
                        .isInstanceOf(FleetStoreException.class)
                        .hasMessageStartingWith("fleet store: the package snapshot of host id 17 is corrupt")));
    }
}
