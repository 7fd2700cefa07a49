package dev.backgroundjobs.internal.config;

/** Redis Cluster's hash tags: the part of a key between the first '{' and the next '}', when not empty. */
final class HashTags {

    private HashTags() {
    }

    /** True when Redis Cluster places every key that starts with {@code prefix} in the slot of one hash tag. */
    static boolean hasHashTag(String prefix) {
        int open = prefix.indexOf('{');
        int close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
        return close > open + 1;
    }
}
