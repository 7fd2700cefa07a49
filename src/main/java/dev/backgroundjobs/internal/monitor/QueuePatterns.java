package dev.backgroundjobs.internal.monitor;

/** How a worker's queue list names queues: exactly, {@code *} for all, or a glob such as {@code mail*}, as Resque reads it. */
final class QueuePatterns {

    private QueuePatterns() {
    }

    static boolean matches(String pattern, String queue) {
        if (!pattern.contains("*")) {
            return pattern.equals(queue);
        }
        String[] pieces = pattern.split("\\*", -1);
        int position = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == 0) {
                if (!queue.startsWith(piece)) {
                    return false;
                }
                position = piece.length();
            } else if (i == pieces.length - 1) {
                return queue.length() - piece.length() >= position && queue.endsWith(piece);
            } else {
                int found = queue.indexOf(piece, position);
                if (found < 0) {
                    return false;
                }
                position = found + piece.length();
            }
        }
        return true;
    }
}
