package dev.cordon.cli.internal;

import dev.cordon.boot.CordonHome;
import dev.cordon.cli.ProjectTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cordon new python NAME}: a setuptools package declaring its plugin class as a {@code cordon.plugins}
 * entry point, the class with a config dataclass, a unittest that runs it in-process, and a plugins.yaml entry.
 */
public final class PythonProjectTemplate implements ProjectTemplate {

    @Override
    public String kind() {
        return "python";
    }

    @Override
    public List<String> write(String name, Path dir, CordonHome home) throws IOException {
        String module = name.replace('-', '_');
        String className = camel(name) + "Plugin";
        String configName = camel(name) + "Config";
        Files.createDirectories(dir.resolve(module));
        Files.createDirectories(dir.resolve("tests"));
        write(dir.resolve("pyproject.toml"), """
                [build-system]
                requires = ["setuptools>=61"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "%1$s"
                version = "0.1.0"
                description = "The %1$s Cordon plugin"
                requires-python = ">=3.9"

                # cordon install finds the plugin class through this entry point.
                [project.entry-points."cordon.plugins"]
                %1$s = "%2$s.plugin:%3$s"
                """.formatted(name, module, className));
        write(dir.resolve(module).resolve("__init__.py"), "");
        write(dir.resolve(module).resolve("plugin.py"), """
                \"\"\"The %1$s plugin: returns its keyword arguments with a count of them.\"\"\"

                import dataclasses

                from cordon_plugin import CordonPlugin, PluginInputError


                @dataclasses.dataclass
                class %2$s:
                    \"\"\"Settings of %1$s.\"\"\"
                    label: str = dataclasses.field(
                        default="", metadata={"title": "Label", "description": "Added to every result when set"})
                    max_args: int = dataclasses.field(
                        default=100, metadata={"description": "More keyword arguments than this are refused",
                                               "minimum": 1})


                class %3$s(CordonPlugin):
                    \"\"\"Returns its keyword arguments with a count of them.\"\"\"
                    name = "%1$s"
                    version = "0.1.0"
                    description = "Returns its keyword arguments with a count of them"
                    config_class = %2$s
                    THREAD_SAFE = True  # no per-call state

                    def execute(self, *args, **kwargs):
                        if len(kwargs) > self.config["max_args"]:
                            raise PluginInputError(f"{len(kwargs)} keyword arguments; at most {self.config['max_args']}",
                                                   fields_invalid=sorted(kwargs))
                        result = {"kwargs": kwargs, "count": len(kwargs)}
                        if self.config["label"]:
                            result["label"] = self.config["label"]
                        return result
                """.formatted(name, configName, className));
        Path python = home.home().resolve("lib").resolve("python");
        write(dir.resolve("tests").resolve("test_plugin.py"), """
                \"\"\"Runs the plugin in-process: python3 -m unittest discover -s tests (from the project folder).\"\"\"

                import os
                import sys
                import unittest

                # cordon_plugin comes with Cordon: its lib/python folder (CORDON_HOME overrides where it is).
                sys.path.insert(0, os.path.join(os.environ.get("CORDON_HOME", %1$s), "lib", "python"))
                sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

                from %2$s.plugin import %3$s  # noqa: E402


                class %3$sTest(unittest.TestCase):
                    def test_returns_its_keyword_arguments_with_their_count(self):
                        plugin = %3$s()
                        plugin.initialize({"label": "t"})
                        self.assertEqual(plugin.execute(text="hi"), {"kwargs": {"text": "hi"}, "count": 1, "label": "t"})

                    def test_the_schema_comes_from_the_config_dataclass(self):
                        schema = %3$s().get_config_schema()
                        self.assertEqual(schema["properties"]["max_args"]["default"], 100)


                if __name__ == "__main__":
                    unittest.main()
                """.formatted(
                        pythonString(python.toString()), module, className));
        write(dir.resolve("plugins.yaml"), """
                # Install with: cordon install --all -f plugins.yaml
                plugins:
                  - name: %s
                    runtime: python
                    package: .
                """.formatted(name));
        write(dir.resolve("README.md"), """
                # %1$s

                A Cordon plugin in Python: `%2$s/plugin.py` (the class `%3$s` and its settings, the dataclass
                `%4$s`). Its test runs it in-process: `python3 -m unittest discover -s tests`.

                Install it into a virtual environment of its own and call it:

                ```sh
                cordon install --package ./%1$s
                cordon shell -c "cordon:exec %1$s '{\\"text\\":\\"hi\\"}'"
                ```
                """.formatted(name, module, className, configName));
        return List.of(
                "cordon install --package ./" + dir.getFileName(),
                "cordon shell -c \"cordon:exec " + name + " '{\\\"text\\\":\\\"hi\\\"}'\"");
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String pythonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
