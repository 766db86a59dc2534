/**
 * Python plugins: a virtual environment per plugin ({@code python -m venv}), the package installed into it with
 * pip (a local folder, wheel or sdist without an index; a requirement from the configured index), and the manifest
 * from introspecting the plugin with Cordon's Python worker ({@code cordon_introspect.py}).
 */
package dev.cordon.installer.python;
