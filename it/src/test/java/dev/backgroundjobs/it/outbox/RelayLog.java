package dev.backgroundjobs.it.outbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BGJ0111I lines of one server's messages.log ("The outbox relay sent N committed job(s) from table
 * T (D were already in Redis and were not sent again)"), summed for one table, from a mark on.
 */
final class RelayLog {

    private static final Pattern SENT = Pattern.compile(
            "BGJ0111I: The outbox relay sent (\\d+) committed job\\(s\\) from table (\\S+) \\((\\d+) were already in Redis");

    private final Path messages;
    private final long mark;

    private RelayLog(Path messages, long mark) {
        this.messages = messages;
        this.mark = mark;
    }

    /** Counts what the server at {@code serverDir} logs from now on (all of it when it has no log yet). */
    static RelayLog from(Path serverDir) throws IOException {
        Path messages = serverDir.resolve("logs").resolve("messages.log");
        return new RelayLog(messages, Files.exists(messages) ? Files.size(messages) : 0);
    }

    /** Counts the whole messages.log of the server at {@code serverDir}. */
    static RelayLog whole(Path serverDir) {
        return new RelayLog(serverDir.resolve("logs").resolve("messages.log"), 0);
    }

    /** {sent, alreadyInRedis, lines} for {@code table} since the mark. */
    long[] sums(String table) throws IOException {
        long[] sums = new long[3];
        if (!Files.exists(messages)) {
            return sums;
        }
        String text;
        try (RandomAccessFile file = new RandomAccessFile(messages.toFile(), "r")) {
            long start = file.length() < mark ? 0 : mark; // rolled over: the new file is all new
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        Matcher line = SENT.matcher(text);
        while (line.find()) {
            if (line.group(2).replaceAll("[\"'.,]+$", "").equalsIgnoreCase(table)) {
                sums[0] += Long.parseLong(line.group(1));
                sums[1] += Long.parseLong(line.group(3));
                sums[2]++;
            }
        }
        return sums;
    }

    /** Lines since the mark that contain {@code text}. */
    long lines(String text) throws IOException {
        if (!Files.exists(messages)) {
            return 0;
        }
        long start = Files.size(messages) < mark ? 0 : mark;
        try (RandomAccessFile file = new RandomAccessFile(messages.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
        }
    }
}
