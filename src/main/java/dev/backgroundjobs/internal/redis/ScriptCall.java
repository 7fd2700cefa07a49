package dev.backgroundjobs.internal.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and arguments of one script call. The keys are every key the script touches that the caller
 * can name before the call, the namespace's queues set first (scripts read the namespace prefix from its
 * name for the keys they derive from what they read); their names come from {@link Keys}.
 */
record ScriptCall(List<byte[]> keys, List<byte[]> args) {

    /** A call built key by key and argument by argument. */
    static Builder builder() {
        return new Builder();
    }

    static final class Builder {

        private final List<byte[]> keys = new ArrayList<>();
        private final List<byte[]> args = new ArrayList<>();

        Builder key(String key) {
            keys.add(key.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Builder keys(List<String> names) {
            names.forEach(this::key);
            return this;
        }

        /** The key, when there is one; the script learns from its arguments whether it came. */
        Builder keyIfAny(String key) {
            return key == null || key.isEmpty() ? this : key(key);
        }

        int keyCount() {
            return keys.size();
        }

        Builder arg(String arg) {
            args.add(arg.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Builder arg(byte[] arg) {
            args.add(arg);
            return this;
        }

        Builder args(List<String> values) {
            values.forEach(this::arg);
            return this;
        }

        int argCount() {
            return args.size();
        }

        /** Replaces the argument at {@code index}, for a count known only once what it counts is added. */
        Builder setArg(int index, String arg) {
            args.set(index, arg.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        ScriptCall build() {
            return new ScriptCall(List.copyOf(keys), List.copyOf(args));
        }
    }
}
