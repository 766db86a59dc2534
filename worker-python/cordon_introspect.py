"""Introspects an installed Python plugin and prints its manifest's code section as JSON.

Run by ``cordon install`` with the interpreter of the plugin's virtual environment::

    python cordon_introspect.py [--entry-point MODULE:CLASS] [--distribution NAME] --name NAME

The plugin class is the given entry point, else the one ``cordon.plugins`` entry point of the distribution
(or of the whole environment). The class is imported and constructed with no arguments, as the worker does,
for its config schema (``get_config_schema()``, derived from ``config_class`` when it is a dataclass). The
last stdout line is ``CORDON-INTROSPECT|<json>``; whatever the plugin prints goes to stderr. Exit status: 0
done, 2 usage, 3 the plugin cannot be found, imported or constructed (the reason on stderr).
"""

import json
import sys

MARKER = "CORDON-INTROSPECT|"
GROUP = "cordon.plugins"
EXIT_USAGE = 2
EXIT_PLUGIN = 3


class IntrospectionError(Exception):
    """The plugin cannot be found or loaded; the message says why and what to do."""


def _normalize(name):
    import re
    return re.sub(r"[-_.]+", "-", name).lower()


def _entry_points():
    from importlib import metadata
    eps = metadata.entry_points()
    if hasattr(eps, "select"):
        return list(eps.select(group=GROUP))
    return list(eps.get(GROUP, []))


def find_entry_point(distribution):
    """``module:Class`` of the one cordon.plugins entry point (of ``distribution`` when given)."""
    found = []
    for ep in _entry_points():
        dist = getattr(ep, "dist", None)
        if distribution and dist is not None and _normalize(dist.metadata["Name"]) != _normalize(distribution):
            continue
        found.append(ep)
    where = f"distribution {distribution!r}" if distribution else "the environment"
    if not found:
        raise IntrospectionError(
            f"{where} declares no {GROUP!r} entry point; add one to its pyproject.toml "
            f"([project.entry-points.\"{GROUP}\"] NAME = \"module:Class\") or give entry_point")
    if len(found) > 1:
        names = ", ".join(f"{ep.name} = {ep.value}" for ep in found)
        raise IntrospectionError(f"{where} declares several {GROUP!r} entry points ({names}); give entry_point")
    return found[0].value


def _interface_of(cls):
    for base in cls.__mro__[1:]:
        if base.__module__ == "cordon_plugin" and base.__name__ == "CordonPlugin":
            return "cordon_plugin.CordonPlugin"
    for base in cls.__mro__[1:]:
        if base is not object:
            return f"{base.__module__}.{base.__qualname__}"
    return "cordon_plugin.CordonPlugin"


def code_section(entry_point, name):
    """The code section of the plugin at ``entry_point`` (``module:Class``), named ``name``."""
    module_name, _, class_name = entry_point.partition(":")
    if not module_name or not class_name:
        raise IntrospectionError(f"entry point {entry_point!r} is not module:Class")
    try:
        module = __import__(module_name, fromlist=["_"])
        cls = getattr(module, class_name)
    except Exception as e:
        raise IntrospectionError(f"cannot import {entry_point}: {type(e).__name__}: {e}") from e
    if not callable(getattr(cls, "execute", None)):
        raise IntrospectionError(f"{entry_point} has no execute() method; it is not a plugin class")
    try:
        plugin = cls()
        schema = plugin.get_config_schema() if hasattr(plugin, "get_config_schema") else None
    except Exception as e:
        raise IntrospectionError(f"cannot construct {entry_point}: {type(e).__name__}: {e}") from e
    interface = _interface_of(cls)
    code = {
        "name": name,
        "version": str(getattr(cls, "version", "") or _distribution_version(module_name) or "0.0.0"),
        "description": str(getattr(cls, "description", "") or (cls.__doc__ or "").strip().split("\n")[0]
                           or name),
        "module": module_name,
        "class": class_name,
        "interface": interface,
        "taxonomy": {"domain": str(getattr(cls, "domain", "") or "general"), "role": interface.rsplit(".", 1)[1],
                     "interface_fqcn": interface},
    }
    resources = getattr(cls, "resources", None)
    if isinstance(resources, dict):
        code["resources"] = resources
    if schema:
        code["config_schema"] = schema
    worker_env = getattr(cls, "WORKER_ENV", None)
    if worker_env:
        code["worker_env"] = [dict(spec) for spec in worker_env]
    return code


def _distribution_version(module_name):
    try:
        from importlib import metadata
        for dist_name in metadata.packages_distributions().get(module_name.split(".")[0], []):
            return metadata.version(dist_name)
    except Exception:
        return None
    return None


def parse_args(argv):
    opts = {"entry-point": None, "distribution": None, "name": None}
    i = 0
    while i < len(argv):
        key = argv[i].lstrip("-")
        if key not in opts or i + 1 >= len(argv):
            raise ValueError(f"unexpected argument {argv[i]!r}")
        opts[key] = argv[i + 1]
        i += 2
    if not opts["name"]:
        raise ValueError("--name is required")
    return opts


def main(argv):
    try:
        opts = parse_args(argv)
    except ValueError as e:
        print(f"cordon_introspect: {e}\n{__doc__}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout
    sys.stdout = sys.stderr  # the plugin's own prints must not corrupt the result line
    try:
        entry_point = opts["entry-point"] or find_entry_point(opts["distribution"])
        code = code_section(entry_point, opts["name"])
        text = json.dumps(code, ensure_ascii=True, allow_nan=False)
    except (IntrospectionError, TypeError, ValueError) as e:
        print(f"cordon_introspect: {e}", file=sys.stderr)
        return EXIT_PLUGIN
    finally:
        sys.stdout = out
    out.write(MARKER + text + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
