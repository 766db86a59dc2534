package dev.cordon.manifest.archive;

/** The rules an archive entry's name must follow to unpack inside its target folder and nowhere else. */
final class EntryNames {

    private EntryNames() {}

    /** Why the name is unsafe, or {@code null} when it is a plain relative path. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        if (name.startsWith("/") || name.contains("\\") || name.contains(":") || name.indexOf('\0') >= 0) {
            return "is not a plain relative path (no leading '/', '\\', ':' or NUL allowed)";
        }
        for (String segment : withoutSlash(name).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "has an empty, '.' or '..' path segment and could unpack outside its folder";
            }
        }
        return null;
    }

    /** The name without the trailing slash of a folder entry. */
    static String withoutSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
