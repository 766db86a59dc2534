package dev.cordon.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.manifest.config.ConfigRecords;
import dev.cordon.manifest.config.ConfigSchemas;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.manifest.config.ConfigValidator.UnknownKeys;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripPropertyTest {

    private static Arbitrary<String> text() {
        // Lone surrogates are left out: the strict reader refuses them (they have no UTF-8 form).
        return Arbitraries.strings()
                .all()
                .ofMaxLength(12)
                .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF))
                .edgeCases(c -> c.add("").add("\u2028").add("\uD83D\uDE42").add("\"\\/"));
    }

    private static Arbitrary<Object> json(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                text().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(Double::isFinite).map(d -> (Object) d),
                Arbitraries.bigIntegers()
                        .between(
                                new java.math.BigInteger("9223372036854775808"),
                                new java.math.BigInteger("99999999999999999999999"))
                        .map(b -> (Object) b));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> list = json(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> map =
                Arbitraries.maps(text(), json(depth - 1)).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
    }

    @Provide
    Arbitrary<Object> jsonValues() {
        return json(3);
    }

    @Property(tries = 300)
    void canonicalTextParsesBackToTheSameValue(@ForAll("jsonValues") Object value) {
        String canonical = CanonicalJson.canonicalOf(value);
        Object parsed = PlainJson.parse(canonical);
        assertThat(CanonicalJson.canonicalOf(parsed)).isEqualTo(canonical);
        assertThat(canonical).matches("[\\x20-\\x7e]*");
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            assertThat(parsed).isEqualTo(value);
        }
    }

    @Property(tries = 200)
    void canonicalHashIgnoresKeyOrderAndWhitespace(@ForAll("jsonValues") Object value) {
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("b", value);
        wrapped.put("a", 1L);
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("a", 1L);
        reversed.put("b", value);
        assertThat(CanonicalJson.hashOf(wrapped))
                .isEqualTo(CanonicalJson.hashOf(reversed))
                .isEqualTo(CanonicalJson.hash(PlainJson.pretty(wrapped)));
    }

    @Provide
    Arbitrary<Manifest> manifests() {
        Arbitrary<String> s = text();
        Arbitrary<List<String>> strings = s.list().ofMaxSize(3);
        Arbitrary<ManifestInstall> install = Combinators.combine(
                        s,
                        s,
                        Arbitraries.maps(s, s).ofMaxSize(3),
                        Arbitraries.of(RuntimeKind.class).injectNull(0.3),
                        s.injectNull(0.5),
                        strings.injectNull(0.5),
                        Arbitraries.of(true, false).injectNull(0.5),
                        strings.injectNull(0.5))
                .as((python, conda, env, runtime, javaPath, jvmArgs, inherit, jars) -> new ManifestInstall(
                        python,
                        conda,
                        "",
                        new LinkedHashMap<>(env),
                        "",
                        "",
                        "",
                        runtime,
                        javaPath,
                        javaPath,
                        jvmArgs,
                        jars,
                        jars,
                        inherit));
        Arbitrary<PluginTaxonomy> taxonomy =
                Combinators.combine(s, s, s).as(PluginTaxonomy::new).injectNull(0.4);
        Arbitrary<ResourceRequirements> resources = Combinators.combine(
                        Arbitraries.of(true, false),
                        strings,
                        strings,
                        Arbitraries.longs().greaterOrEqual(0).injectNull(0.5))
                .as((gpu, p, a, ram) -> new ResourceRequirements(
                        gpu, p, a, ram == null ? OptionalLong.empty() : OptionalLong.of(ram), OptionalLong.empty()))
                .injectNull(0.4);
        Arbitrary<List<EnvVarSpec>> env = Combinators.combine(
                        s.filter(n -> !n.isEmpty()),
                        Arbitraries.of(true, false),
                        s,
                        s.injectNull(0.5),
                        strings.injectNull(0.5))
                .as((name, required, label, def, options) ->
                        new EnvVarSpec(name, def == null, required, label, "", def, options))
                .list()
                .ofMaxSize(2)
                .injectNull(0.4);
        @SuppressWarnings("unchecked")
        Arbitrary<Map<String, Object>> schema = json(2).filter(v -> v instanceof Map)
                .map(v -> (Map<String, Object>) v)
                .injectNull(0.4);
        Arbitrary<ManifestCode> code = Combinators.combine(s, s, s, s, taxonomy, resources, schema, env)
                .as((name, version, cls, iface, tax, res, sch, wenv) ->
                        new ManifestCode(name, version, "d", "m", cls, iface, tax, res, sch, wenv, null));
        @SuppressWarnings("unchecked")
        Arbitrary<Map<String, Object>> overrides =
                json(2).filter(v -> v instanceof Map).map(v -> (Map<String, Object>) v);
        return Combinators.combine(install, code, s.injectNull(0.5), overrides)
                .as((i, c, hash, o) -> new Manifest(Manifest.CURRENT_VERSION, i, c, hash, o));
    }

    @Property(tries = 300)
    void writeReadWriteIsStable(@ForAll("manifests") Manifest manifest) {
        String written = Manifests.write(manifest);
        Manifest read = Manifests.read(written, "generated");
        assertThat(Manifests.write(read)).isEqualTo(written);
        assertThat(read.code().name()).isEqualTo(manifest.code().name());
        assertThat(read.install()).isEqualTo(manifest.install());
    }

    @Provide
    Arbitrary<ConfigSchemasTest.Rich> richConfigs() {
        Arbitrary<ConfigSchemasTest.Limits> limits = Combinators.combine(
                        Arbitraries.integers().greaterOrEqual(1),
                        Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3))
                .as(ConfigSchemasTest.Limits::new);
        return Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(2)
                                .ofMaxLength(5),
                        Arbitraries.of(ConfigSchemasTest.Mode.class),
                        Arbitraries.integers().list().ofMaxSize(3),
                        limits,
                        Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), Arbitraries.doubles())
                                .ofMaxSize(2),
                        limits.optional(),
                        Arbitraries.longs())
                .as(ConfigSchemasTest.Rich::new);
    }

    @Property(tries = 200)
    void derivedSchemaAcceptsEveryValidInstanceAndItsDefaults(@ForAll("richConfigs") ConfigSchemasTest.Rich config) {
        Map<String, Object> schema = ConfigSchemas.derive(ConfigSchemasTest.Rich.class);
        Map<String, Object> map = ConfigRecords.toMap(config);
        assertThat(ConfigValidator.problems(map, schema, UnknownKeys.REJECT)).isEmpty();
        assertThat(ConfigRecords.toRecord(map, ConfigSchemasTest.Rich.class)).isEqualTo(config);
        Map<String, Object> defaults = ConfigValidator.withDefaults(Map.of(), schema);
        assertThat(ConfigValidator.problems(defaults, schema, UnknownKeys.REJECT))
                .isEmpty();
        assertThat(ConfigRecords.toRecord(defaults, ConfigSchemasTest.Rich.class))
                .isEqualTo(ConfigSchemasTest.Rich.defaults());
        // The schema itself survives the manifest's JSON round trip.
        assertThat(PlainJson.parse(PlainJson.pretty(schema))).isEqualTo(schema);
    }

    @Property(tries = 300)
    void arbitraryTextNeverEscapesAsAnUntypedException(@ForAll String text) {
        assertThat(Manifests.check(text)).isNotNull();
        try {
            CanonicalJson.hash(text);
        } catch (JsonInputException expected) {
            assertThat(expected.path()).startsWith("$");
        }
    }

    @Property(tries = 200)
    void mutatedExampleManifestsYieldPathedProblemsOnly(@ForAll("cuts") int cut) {
        String example = Conformance.read("example-manifest-v2.json");
        String broken = example.substring(0, cut) + example.substring(Math.min(example.length(), cut + 7));
        assertThat(Manifests.check(broken)).allSatisfy(p -> assertThat(p.path()).startsWith("$"));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers()
                .between(0, Conformance.read("example-manifest-v2.json").length());
    }
}
