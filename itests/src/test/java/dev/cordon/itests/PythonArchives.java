package dev.cordon.itests;

import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Python plugin archives as a plugin author ships them: a zip of {@code manifest.json} (runtime python, the schema's
 * hash recorded) and the plugin's module at its root. The plugin returns its keyword arguments and the SHA-256 of
 * its declared secret variable, so a test sees whether its worker has the secret without the value being printed.
 */
final class PythonArchives {

    private PythonArchives() {}

    /** The variable the plugin {@code name} declares as its secret. */
    static String secretVariable(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_TOKEN";
    }

    /** Writes the archive of plugin {@code name} to {@code zip}. */
    static Path write(Path zip, String name) throws IOException {
        String module = name.replace('-', '_');
        String variable = secretVariable(name);
        String source = """
                import hashlib
                import os


                class TokenCheck:
                    \"\"\"Returns its keyword arguments and a digest of its secret.\"\"\"

                    def execute(self, *args, **kwargs):
                        token = os.environ.get("%s")
                        digest = hashlib.sha256(token.encode()).hexdigest() if token else None
                        return {"kwargs": kwargs, "count": len(kwargs), "token_sha256": digest}
                """.formatted(variable);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("mode", Map.of("type", "string", "default", "plain")));
        Map<String, Object> install = new LinkedHashMap<>();
        install.put("python_path", "/usr/bin/python3");
        install.put("env_vars", Map.of());
        install.put("package_source", zip.getFileName().toString());
        install.put("runtime", "python");
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("name", variable);
        secret.put("secret", true);
        secret.put("required", false);
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("name", name);
        code.put("version", "1.0.0");
        code.put("description", "Returns its arguments and a digest of its secret");
        code.put("module", module);
        code.put("class", "TokenCheck");
        code.put("interface", "cordon_plugin.CordonPlugin");
        code.put("config_schema", schema);
        code.put("worker_env", List.of(secret));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format_version", "2.0");
        manifest.put("install", install);
        manifest.put("code", code);
        manifest.put("drift_tracking", Map.of("config_schema_hash", CanonicalJson.hashOf(schema)));
        manifest.put("overrides", Map.of());
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            entry(out, "manifest.json", PlainJson.pretty(manifest));
            entry(out, module + ".py", source);
        }
        return zip;
    }

    private static void entry(ZipOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
