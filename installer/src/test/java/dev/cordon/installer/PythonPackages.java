package dev.cordon.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small Python plugin packages for tests: a pyproject with a cordon.plugins entry point and a module. */
final class PythonPackages {

    private PythonPackages() {}

    /** A package folder {@code dir} whose plugin greets with its config's {@code greeting}. */
    static Path greeter(Path dir, String distribution, String greetingDefault) throws IOException {
        String module = distribution.replace('-', '_');
        Files.createDirectories(dir.resolve(module));
        Files.writeString(dir.resolve("pyproject.toml"), """
                [build-system]
                requires = ["setuptools>=61"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "%s"
                version = "1.2.0"

                [project.entry-points."cordon.plugins"]
                greeter = "%s.plugin:Greeter"
                """.formatted(distribution, module));
        Files.writeString(dir.resolve(module).resolve("__init__.py"), "");
        Files.writeString(dir.resolve(module).resolve("plugin.py"), """
                import dataclasses
                from cordon_plugin import CordonPlugin


                @dataclasses.dataclass
                class GreeterConfig:
                    \"\"\"How the greeter greets.\"\"\"
                    greeting: str = dataclasses.field(default="%s", metadata={"description": "The greeting"})
                    times: int = 1


                class Greeter(CordonPlugin):
                    \"\"\"Greets whoever is named.\"\"\"
                    name = "greeter"
                    version = "1.2.0"
                    config_class = GreeterConfig

                    def execute(self, *args, **kwargs):
                        return {"text": " ".join([self.config["greeting"]] * self.config["times"]), "kwargs": kwargs}
                """.formatted(greetingDefault));
        return dir;
    }
}
