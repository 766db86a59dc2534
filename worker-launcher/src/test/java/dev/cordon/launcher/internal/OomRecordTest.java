package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OomRecordTest {

    @Test
    void aCgroupBelowThisHostsOwnIsAlsoLookedForBelowTheMountsRoot() {
        assertThat(OomRecord.visiblePaths("/pod/abc/cordon-limit", "/pod/abc"))
                .containsExactly("/pod/abc/cordon-limit", "/cordon-limit");
    }

    @Test
    void aPathOutsideThisHostsOwnCgroupOrUnderTheRootIsTakenAsItIs() {
        assertThat(OomRecord.visiblePaths("/pod/other", "/pod/abc")).containsExactly("/pod/other");
        assertThat(OomRecord.visiblePaths("/pod/abcdef", "/pod/abc")).containsExactly("/pod/abcdef");
        assertThat(OomRecord.visiblePaths("/worker", "/")).containsExactly("/worker");
        assertThat(OomRecord.visiblePaths("/worker", null)).containsExactly("/worker");
    }
}
