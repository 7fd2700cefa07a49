package dev.backgroundjobs.internal.common;

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
        for (int i = 0; i < queue.length(); i++) {
            char c = queue.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == ':' || c == '*') {
                return false;
            }
        }
        return true;
    }
}
