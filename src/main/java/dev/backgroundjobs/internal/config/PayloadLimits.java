package dev.backgroundjobs.internal.config;

/**
 * How large a payload may be before anything parses it: its size in bytes, how deeply its arrays and
 * objects nest, and the length of its strings and numbers (in bytes of UTF-8, as they stand in the
 * payload). A payload read from Redis is hostile until it is checked against these.
 */
public record PayloadLimits(int maxBytes, int maxDepth, int maxStringBytes, int maxNumberLength) {

    public static final int DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final int DEFAULT_MAX_STRING_BYTES = 512 * 1024;
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 64;
    /**
     * Past what a double can hold either way; an exponent beyond it makes arbitrary-precision numbers
     * (BigDecimal, BigInteger) expensive to bind, so it is a fixed bound rather than a setting.
     */
    public static final int MAX_EXPONENT = 400;

    public static final PayloadLimits DEFAULTS = new PayloadLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH,
            DEFAULT_MAX_STRING_BYTES, DEFAULT_MAX_NUMBER_LENGTH);
}
