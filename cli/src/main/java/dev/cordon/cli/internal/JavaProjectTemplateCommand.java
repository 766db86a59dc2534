package dev.cordon.cli.internal;

import dev.cordon.boot.CordonHome;
import dev.cordon.cli.ProjectTemplate;
import dev.cordon.installer.java.JavaProjectTemplate;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cordon new java NAME}: the Maven project of {@link JavaProjectTemplate}, building against the home's
 * {@code repository/} folder; {@code mvn package} leaves the plugin archive to install.
 */
public final class JavaProjectTemplateCommand implements ProjectTemplate {

    @Override
    public String kind() {
        return "java";
    }

    @Override
    public List<String> write(String name, Path dir, CordonHome home) {
        JavaProjectTemplate.forHome(home.home()).write(dir, name);
        return List.of(
                "(cd " + dir.getFileName() + " && mvn -q package)",
                "cordon install --archive " + dir.getFileName() + "/target/" + name + "-0.1.0.zip",
                "cordon shell -c \"cordon:exec " + name + " '{\\\"text\\\":\\\"hi\\\"}'\"");
    }
}
