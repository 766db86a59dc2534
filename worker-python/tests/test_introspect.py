"""Config schemas from dataclasses and the introspection run by ``cordon install``, in a real subprocess."""

import dataclasses
import json
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from typing import List, Optional, Union

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "worker-python"))

from cordon_schema import dataclass_to_jsonschema  # noqa: E402

INTROSPECT = ROOT / "worker-python" / "cordon_introspect.py"


@dataclasses.dataclass
class SampleConfig:
    """Settings of the sample."""
    __schema_name__ = "Sample"
    text: str = dataclasses.field(default="hi", metadata={"title": "Text", "maxLength": 10, "reload_trigger": True})
    count: int = dataclasses.field(default=3, metadata={"minimum": 0, "maximum": 9})
    ratio: float = 0.5
    flag: bool = False
    tags: List[str] = dataclasses.field(default_factory=lambda: ["a"])
    limit: Optional[int] = None
    either: Union[str, int] = "x"
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class NoDoc:
    x: int = 3


class SchemaTest(unittest.TestCase):
    def test_follows_the_original_rules_field_by_field(self):
        schema = dataclass_to_jsonschema(SampleConfig)
        self.assertEqual(schema["name"], "Sample")
        self.assertEqual(schema["title"], "SampleConfig")
        self.assertEqual(schema["description"], "Settings of the sample.")
        self.assertEqual(schema["type"], "object")
        props = schema["properties"]
        self.assertEqual(props["text"], {"type": "string", "title": "Text", "maxLength": 10, "default": "hi"})
        self.assertEqual(props["count"], {"type": "integer", "minimum": 0, "maximum": 9, "default": 3})
        self.assertEqual(props["ratio"], {"type": "number", "default": 0.5})
        self.assertEqual(props["flag"], {"type": "boolean", "default": False})
        self.assertEqual(props["tags"], {"type": "array", "items": {"type": "string"}, "default": ["a"]})
        self.assertEqual(props["limit"], {"type": ["integer", "null"], "default": None})
        self.assertEqual(props["either"], {"type": "string", "default": "x"})
        self.assertEqual(props["extra"], {"type": "string", "default": {}})
        self.assertNotIn("required", schema)

    def test_a_dataclass_without_docstring_gets_its_signature_as_description(self):
        self.assertEqual(dataclass_to_jsonschema(NoDoc)["description"], "NoDoc(x: int = 3)")

    def test_refuses_what_is_not_a_dataclass(self):
        with self.assertRaises(TypeError):
            dataclass_to_jsonschema(dict)


class IntrospectTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        Path(self.dir.name, "sample_plugin.py").write_text(textwrap.dedent('''
            import dataclasses
            from cordon_plugin import CordonPlugin

            print("noise from the import")

            @dataclasses.dataclass
            class SampleConfig:
                """Sample settings."""
                greeting: str = "hello"

            class SamplePlugin(CordonPlugin):
                """Greets."""
                name = "sample"
                version = "2.1.0"
                domain = "text"
                config_class = SampleConfig
                WORKER_ENV = [{"name": "SAMPLE_TOKEN", "secret": True}]

                def execute(self, *args, **kwargs):
                    return self.config["greeting"]

            class Broken:
                def __init__(self):
                    raise RuntimeError("no GPU")

                def execute(self):
                    pass
            '''))

    def run_introspect(self, *args):
        return subprocess.run([sys.executable, str(INTROSPECT), *args], cwd=self.dir.name, capture_output=True,
                              text=True, timeout=30,
                              env={"PYTHONPATH": self.dir.name, "PYTHONDONTWRITEBYTECODE": "1"})

    def test_prints_the_code_section_on_the_last_line_whatever_the_plugin_prints(self):
        result = self.run_introspect("--entry-point", "sample_plugin:SamplePlugin", "--name", "greeter")
        self.assertEqual(result.returncode, 0, result.stderr)
        last = result.stdout.strip().splitlines()[-1]
        self.assertTrue(last.startswith("CORDON-INTROSPECT|"))
        self.assertIn("noise from the import", result.stderr)
        code = json.loads(last.split("|", 1)[1])
        self.assertEqual(code["name"], "greeter")
        self.assertEqual(code["version"], "2.1.0")
        self.assertEqual(code["description"], "Greets.")
        self.assertEqual((code["module"], code["class"]), ("sample_plugin", "SamplePlugin"))
        self.assertEqual(code["interface"], "cordon_plugin.CordonPlugin")
        self.assertEqual(code["taxonomy"], {"domain": "text", "role": "CordonPlugin",
                                            "interface_fqcn": "cordon_plugin.CordonPlugin"})
        self.assertEqual(code["config_schema"]["properties"]["greeting"], {"type": "string", "default": "hello"})
        self.assertEqual(code["worker_env"], [{"name": "SAMPLE_TOKEN", "secret": True}])

    def test_a_plugin_that_cannot_be_constructed_exits_3_with_the_reason(self):
        result = self.run_introspect("--entry-point", "sample_plugin:Broken", "--name", "broken")
        self.assertEqual(result.returncode, 3)
        self.assertIn("cannot construct sample_plugin:Broken: RuntimeError: no GPU", result.stderr)
        self.assertNotIn("CORDON-INTROSPECT|", result.stdout)

    def test_without_an_entry_point_names_the_pyproject_key_to_add(self):
        result = self.run_introspect("--distribution", "not-installed-anywhere", "--name", "x")
        self.assertEqual(result.returncode, 3)
        self.assertIn("[project.entry-points.\"cordon.plugins\"]", result.stderr)

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.run_introspect("--bogus", "1").returncode, 2)


if __name__ == "__main__":
    unittest.main()
