package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    void semicolonsAndNewlinesSeparateStatements() {
        assertThat(Statements.split("cordon:exec echo a; cordon:exec echo b\ncordon:status"))
                .containsExactly("cordon:exec echo a", "cordon:exec echo b", "cordon:status");
    }

    @Test
    void quotedSeparatorsStayInTheirStatement() {
        assertThat(Statements.split("cordon:exec echo '{\"text\":\"a;b\"}'; echo \"x;y\""))
                .containsExactly("cordon:exec echo '{\"text\":\"a;b\"}'", "echo \"x;y\"");
    }

    @Test
    void closuresAndSubExpressionsAreNotSplit() {
        assertThat(Statements.split("each [1 2] { echo $it; echo done }; x = (echo a; echo b)"))
                .containsExactly("each [1 2] { echo $it; echo done }", "x = (echo a; echo b)");
    }

    @Test
    void anEscapedSeparatorIsKept() {
        assertThat(Statements.split("echo a\\;b; echo c")).containsExactly("echo a\\;b", "echo c");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(Statements.split(" ; echo a;;\n\n echo b ;")).containsExactly("echo a", "echo b");
        assertThat(Statements.split("   ")).isEmpty();
    }

    @Test
    void aSingleStatementIsKeptWhole() {
        assertThat(Statements.split("cordon:status --json")).containsExactly("cordon:status --json");
    }
}
