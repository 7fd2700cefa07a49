package dev.backgroundjobs.internal.payload;

import dev.backgroundjobs.internal.config.PayloadLimits;

import dev.backgroundjobs.internal.common.Messages;

/**
 * Checks JSON text against {@link PayloadLimits} in one pass over its bytes, before a parser sees
 * it: a parser's own limits differ between JSON-P providers and throw what they like, and a
 * payload past them must end as a clear failure, never as a thrown error in a worker loop. The text
 * must also be well-formed UTF-8. The JSON grammar itself is left to the parser: this counts nesting
 * and measures strings and numbers, which it can do without knowing whether the text is valid JSON.
 */
final class JsonBounds {

    private JsonBounds() {
    }

    /** @throws MalformedPayloadException naming the first limit the text passes, or its first bad UTF-8 byte */
    static void check(byte[] json, PayloadLimits limits) throws MalformedPayloadException {
        if (json.length > limits.maxBytes()) {
            throw exceeded("it has " + json.length + " bytes, more than the limit of " + limits.maxBytes()
                    + " (background-jobs.payload.max-bytes)");
        }
        int depth = 0;
        int i = 0;
        while (i < json.length) {
            int b = json[i] & 0xff;
            if (b == '"') {
                i = endOfString(json, i, limits);
            } else if (b == '-' || b >= '0' && b <= '9') {
                i = endOfNumber(json, i, limits);
            } else {
                if (b == '[' || b == '{') {
                    if (++depth > limits.maxDepth()) {
                        throw exceeded("its arrays and objects nest deeper than the limit of " + limits.maxDepth()
                                + " levels (background-jobs.payload.max-depth), at byte " + i);
                    }
                } else if (b == ']' || b == '}') {
                    depth--;
                } else if (b >= 0x80) {
                    i = endOfCharacter(json, i) - 1;
                }
                i++;
            }
        }
    }

    /** The index after the string that starts at {@code start} (or the end of the text, if it is not closed). */
    private static int endOfString(byte[] json, int start, PayloadLimits limits) throws MalformedPayloadException {
        int i = start + 1;
        while (i < json.length) {
            int b = json[i] & 0xff;
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                i += 2;
            } else if (b >= 0x80) {
                i = endOfCharacter(json, i);
            } else {
                i++;
            }
            if (i - start - 1 > limits.maxStringBytes()) {
                throw exceeded("a string starting at byte " + start + " is longer than the limit of "
                        + limits.maxStringBytes() + " bytes (background-jobs.payload.max-string-bytes)");
            }
        }
        return i + 1;
    }

    private static int endOfNumber(byte[] json, int start, PayloadLimits limits) throws MalformedPayloadException {
        int i = start;
        int exponentStart = -1;
        while (i < json.length && isNumberByte(json[i])) {
            if (json[i] == 'e' || json[i] == 'E') {
                exponentStart = i + 1;
            }
            i++;
        }
        if (i - start > limits.maxNumberLength()) {
            throw exceeded("a number at byte " + start + " has more than the limit of " + limits.maxNumberLength()
                    + " characters (background-jobs.payload.max-number-length)");
        }
        if (exponentStart >= 0 && exponent(json, exponentStart, i) > PayloadLimits.MAX_EXPONENT) {
            throw exceeded("a number at byte " + start + " has an exponent beyond ±" + PayloadLimits.MAX_EXPONENT);
        }
        return i;
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    /** The magnitude of the exponent's digits, capped just past the bound so that it cannot overflow. */
    private static int exponent(byte[] json, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            if (json[i] >= '0' && json[i] <= '9') {
                value = Math.min(value * 10 + (json[i] - '0'), PayloadLimits.MAX_EXPONENT + 1);
            }
        }
        return value;
    }

    /** The index after the multi-byte UTF-8 character that starts at {@code start}. */
    private static int endOfCharacter(byte[] json, int start) throws MalformedPayloadException {
        int lead = json[start] & 0xff;
        int length;
        int minimum;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            minimum = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            minimum = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            minimum = 0x10000;
        } else {
            throw invalidUtf8(start);
        }
        if (start + length > json.length) {
            throw invalidUtf8(start);
        }
        int codePoint = lead & (0x7f >> length);
        for (int i = start + 1; i < start + length; i++) {
            int next = json[i] & 0xff;
            if ((next & 0xc0) != 0x80) {
                throw invalidUtf8(start);
            }
            codePoint = codePoint << 6 | next & 0x3f;
        }
        if (codePoint < minimum || codePoint > 0x10ffff || codePoint >= 0xd800 && codePoint <= 0xdfff) {
            throw invalidUtf8(start);
        }
        return start + length;
    }

    private static MalformedPayloadException invalidUtf8(int at) {
        return new MalformedPayloadException(Messages.malformedPayload("not valid UTF-8 at byte " + at), null);
    }

    private static MalformedPayloadException exceeded(String what) {
        return new MalformedPayloadException(Messages.payloadTooLarge(what), null);
    }
}
