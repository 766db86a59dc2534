package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.protocol.CallHeader;
import dev.cordon.protocol.LogStamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The tails of worker logs, and a job's lines in them. A tail is read backwards from the end of the file in blocks until enough line breaks are
 * seen, so its cost follows the lines asked for, never the size of the log; the number of lines is bounded.
 */
final class WorkerLogs {

    /** The most lines one tail may ask for. */
    static final int MAX_LINES = 10_000;

    /** The longest line {@link #jobLines} reads; a longer one is skipped. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static final int BLOCK = 8192;

    private final Function<String, Path> logFile;

    /** @param logFile the log of an instance id: the loaded worker's, else where its last worker wrote */
    WorkerLogs(Function<String, Path> logFile) {
        this.logFile = logFile;
    }

    /**
     * The last {@code lines} lines of the instance's log.
     *
     * @throws PluginInputError when {@code lines} is negative or above {@link #MAX_LINES}
     * @throws PluginNotLoadedError when the instance has no log
     */
    List<String> tail(String instanceId, int lines) {
        if (lines < 0 || lines > MAX_LINES) {
            throw new PluginInputError(
                    "--lines must be between 0 and " + MAX_LINES + ", got " + lines
                            + "; read the whole log from the file itself",
                    List.of("lines"),
                    null);
        }
        Path file = logFile.apply(instanceId);
        if (!Files.isRegularFile(file)) {
            throw new PluginNotLoadedError(instanceId);
        }
        try {
            return tail(file, lines);
        } catch (IOException e) {
            throw new PluginTransientError(
                    "Cannot read the log " + file + " of instance '" + instanceId + "': " + e.getMessage());
        }
    }

    /**
     * The last {@code max} lines of the instance's log that carry job {@code jobId}'s stamp ({@link LogStamp}), oldest
     * first. The log is read backwards in blocks and the reading stops once {@code max} are found, so a large log is
     * never loaded whole; a line longer than {@value #MAX_LINE_BYTES} bytes is skipped.
     *
     * @throws PluginInputError when {@code max} is negative or above {@link #MAX_LINES}, or the job id is blank
     * @throws PluginNotLoadedError when the instance has no log
     */
    List<String> jobLines(String instanceId, String jobId, int max) {
        if (max < 0 || max > MAX_LINES) {
            throw new PluginInputError(
                    "the number of a job's log lines must be between 0 and " + MAX_LINES + ", got " + max,
                    List.of("max"),
                    null);
        }
        if (jobId == null || jobId.isBlank()) {
            throw new PluginInputError("a job id is needed to find its log lines", List.of("jobId"), null);
        }
        Path file = logFile.apply(instanceId);
        if (!Files.isRegularFile(file)) {
            throw new PluginNotLoadedError(instanceId);
        }
        try {
            return jobLines(file, jobId, max);
        } catch (IOException e) {
            throw new PluginTransientError(
                    "Cannot read the log " + file + " of instance '" + instanceId + "': " + e.getMessage());
        }
    }

    /** The last {@code max} lines of {@code file} stamped with job {@code jobId}, oldest first. */
    static List<String> jobLines(Path file, String jobId, int max) throws IOException {
        ArrayDeque<String> found = new ArrayDeque<>();
        if (max == 0) {
            return List.of();
        }
        byte[] field =
                ("[" + CallHeader.JOB_ID.field() + "=" + LogStamp.escape(jobId)).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            long pos = channel.size();
            // The bytes of the line that the previous (later) block began in the middle of.
            byte[] carry = new byte[0];
            boolean overlong = false;
            while (pos > 0 && found.size() < max) {
                int size = (int) Math.min(BLOCK, pos);
                pos -= size;
                block.clear().limit(size);
                readFully(channel, block, pos);
                byte[] data = new byte[size + carry.length];
                System.arraycopy(block.array(), 0, data, 0, size);
                System.arraycopy(carry, 0, data, size, carry.length);
                int end = data.length;
                for (int i = data.length - 1; i >= 0 && found.size() < max; i--) {
                    if (data[i] == '\n') {
                        if (!overlong) {
                            keepIfStamped(data, i + 1, end, field, jobId, found);
                        }
                        overlong = false;
                        end = i;
                    }
                }
                carry = Arrays.copyOf(data, end);
                if (carry.length > MAX_LINE_BYTES) {
                    carry = new byte[0];
                    overlong = true;
                }
            }
            if (pos == 0 && !overlong && found.size() < max) {
                keepIfStamped(carry, 0, carry.length, field, jobId, found);
            }
        }
        return List.copyOf(found);
    }

    /** Adds the line {@code data[from, to)} first to {@code found} when it carries the job's stamp. */
    private static void keepIfStamped(
            byte[] data, int from, int to, byte[] field, String jobId, ArrayDeque<String> found) {
        if (to - from < field.length || to - from > MAX_LINE_BYTES || !contains(data, from, to, field)) {
            return;
        }
        String line = new String(data, from, to - from, StandardCharsets.UTF_8);
        if (LogStamp.carriesJob(line, jobId)) {
            found.addFirst(line);
        }
    }

    private static boolean contains(byte[] data, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The last {@code lines} lines of {@code file}; a final line break ends the last line, it starts none. */
    static List<String> tail(Path file, int lines) throws IOException {
        if (lines == 0) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            long start = startOfTail(channel, end, lines);
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(end - start));
            readFully(channel, bytes, start);
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(text.lines().toList());
            return List.copyOf(out.subList(Math.max(0, out.size() - lines), out.size()));
        }
    }

    /** Where the last {@code lines} lines begin: just after the line break that precedes them, else 0. */
    private static long startOfTail(FileChannel channel, long end, int lines) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long pos = end;
        int breaks = 0;
        boolean last = true;
        while (pos > 0) {
            int size = (int) Math.min(BLOCK, pos);
            pos -= size;
            block.clear().limit(size);
            readFully(channel, block, pos);
            for (int i = size - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    // The break that ends the file's last line does not count as the start of a line.
                    if (last && pos + i == end - 1) {
                        continue;
                    }
                    breaks++;
                    if (breaks == lines) {
                        return pos + i + 1;
                    }
                }
            }
            last = false;
        }
        return 0;
    }

    /** Fills {@code buffer} from {@code position} on, or up to the end of the file. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int n = 0;
        while (buffer.hasRemaining() && n >= 0) {
            n = channel.read(buffer, position + buffer.position());
        }
    }
}
