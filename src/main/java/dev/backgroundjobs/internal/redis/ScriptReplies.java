package dev.backgroundjobs.internal.redis;

import java.nio.charset.StandardCharsets;

/** Reading the parts of a script's reply. */
final class ScriptReplies {

    private ScriptReplies() {
    }

    /** A bulk string of a reply as text (UTF-8), any other part as Java prints it. */
    static String text(Object reply) {
        return reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
