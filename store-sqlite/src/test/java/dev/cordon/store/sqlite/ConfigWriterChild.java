package dev.cordon.store.sqlite;

import java.nio.file.Path;

/**
 * The child process of the durability test: writes configurations in a loop, printing
 * {@code committed <i>} after each put has returned, until it is killed.
 */
public final class ConfigWriterChild {

    private ConfigWriterChild() {}

    public static void main(String[] args) {
        SqliteConfigStore store = new SqliteConfigStore(Path.of(args[0]));
        for (int i = 0; ; i++) {
            store.put("plugin-" + i, "{\"i\":" + i + "}", i % 2 == 0);
            System.out.println("committed " + i);
            System.out.flush();
        }
    }
}
