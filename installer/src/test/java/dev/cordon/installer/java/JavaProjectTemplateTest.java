package dev.cordon.installer.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProjectTemplateTest {

    @TempDir
    Path dir;

    @Test
    void writesAMavenProjectAgainstTheRepositoryFolder() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("home/repository"));
        Path project = dir.resolve("word-count");

        var files = new JavaProjectTemplate(repo, "9.9.9").write(project, "word-count");

        assertThat(files)
                .extracting(Path::toString)
                .contains(
                        "pom.xml",
                        "src/main/java/com/example/wordcount/WordCountPlugin.java",
                        "src/test/java/com/example/wordcount/WordCountPluginTest.java",
                        "src/main/resources/META-INF/services/dev.cordon.api.plugin.Plugin");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom)
                .contains("<artifactId>word-count</artifactId>")
                .contains("<cordon.version>9.9.9</cordon.version>")
                .contains("<url>" + repo.toUri() + "</url>")
                .contains("<artifactId>cordon-maven-plugin</artifactId>")
                .contains("<scope>provided</scope>")
                .doesNotContain("{{");
        assertThat(project.resolve("src/main/resources/META-INF/services/dev.cordon.api.plugin.Plugin"))
                .hasContent("com.example.wordcount.WordCountPlugin");
        assertThat(Files.readString(project.resolve("src/main/java/com/example/wordcount/WordCountPlugin.java")))
                .contains("return \"word-count\";")
                .contains("public record Config(");
    }

    @Test
    void refusesAFolderThatHoldsFilesAndNamesThatAreNotJava() throws IOException {
        JavaProjectTemplate template = new JavaProjectTemplate(dir, "1");
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("x"), "x");
        assertThatThrownBy(() -> template.write(taken, "taken"))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("is not empty");
        assertThatThrownBy(() -> template.write(dir.resolve("9lives"), "9lives"))
                .hasMessageContaining("start it with a letter");
        assertThatThrownBy(() -> template.write(dir.resolve("x"), "a/b")).isInstanceOf(PluginInputError.class);
    }

    @Test
    void classNamesAreCamelCase() {
        assertThat(JavaProjectTemplate.className("wordcount")).isEqualTo("WordcountPlugin");
        assertThat(JavaProjectTemplate.className("speech_to-text")).isEqualTo("SpeechToTextPlugin");
    }
}
