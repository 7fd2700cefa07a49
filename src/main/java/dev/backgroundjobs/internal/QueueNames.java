package dev.backgroundjobs.internal;

/**
 * Which queue names are allowed. Resque worker ids list queues separated by ',' between ':' fields,
 * and '*' means every queue, so none of those may appear in a name.
 */
public final class QueueNames {

    private QueueNames() {
    }

    public static boolean isValid(String queue) {
        if (queue == null || queue.isBlank()) {
            return false;
        }
        return queue.chars().noneMatch(c -> Character.isWhitespace(c) || c == ',' || c == ':' || c == '*');
    }
}
