"""Stand-in for the original cjm-plugin-system package, for the launcher's cjm tests."""
