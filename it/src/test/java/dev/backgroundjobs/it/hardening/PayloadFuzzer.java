package dev.backgroundjobs.it.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of raw queue entries: valid {@link FuzzJob} payloads in the shapes Ruby, PHP and
 * this module write (each with a token of its own), and invalid ones of every kind a foreign producer
 * or an attacker can write. Whether a case is valid is decided by construction, never by asking the
 * module: each invalid kind is invalid whatever the random parts are.
 */
final class PayloadFuzzer {

    /** One queue entry and whether a worker must run it (then {@code token} is what it records). */
    record Case(byte[] payload, boolean valid, String token, String kind) {
    }

    /** Past background-jobs.payload.max-string-bytes (512 KiB by default). */
    private static final int HUGE_STRING = 600 * 1024;
    /** Past background-jobs.payload.max-bytes (2 MiB by default). */
    private static final int HUGE_PAYLOAD = 2 * 1024 * 1024 + 100;
    private static final List<String> HOSTILE_NAMES = List.of("java.lang.Runtime", "java.lang.ProcessBuilder",
            "javax.script.ScriptEngineManager", Canary.class.getName(), "../../etc/passwd", "FuzzJob\u0000",
            "FuzzJob ", "fuzzjob", "Fuzz\\u004aob", "", " ", "\u202eboJzzuF", "x".repeat(5000));
    private static final String STRUCTURAL = "{}[],:\"";

    private final Random random;
    private final String seedTag;
    private int sequence;

    PayloadFuzzer(long seed) {
        this.random = new Random(seed);
        this.seedTag = Long.toHexString(seed);
    }

    Case next() {
        int dice = random.nextInt(100);
        if (dice < 50) {
            return valid();
        }
        return switch (dice % 12) {
            case 0 -> invalid("not JSON", randomBytes(1 + random.nextInt(200)));
            case 1 -> invalid("truncated", truncated(valid().payload));
            case 2 -> invalid("invalid UTF-8", withInvalidUtf8(valid().payload));
            case 3 -> invalid("structure broken", structureBroken(valid().payload));
            case 4 -> deep();
            case 5 -> invalid("not an object", text(List.of("[]", "\"FuzzJob\"", "42", "true", "null", "[{\"class\":\"FuzzJob\"}]",
                    "{}", "{\"args\":[\"t\",1]}").get(random.nextInt(8))));
            case 6 -> invalid("class not a job name", text("{\"class\":" + List.of("1", "null", "[\"FuzzJob\"]",
                    "{\"name\":\"FuzzJob\"}", "true").get(random.nextInt(5)) + ",\"args\":[\"t\",1]}"));
            case 7 -> invalid("hostile or unknown name", text("{\"class\":" + quoted(HOSTILE_NAMES.get(random.nextInt(
                    HOSTILE_NAMES.size()))) + ",\"args\":[" + quoted(newToken()) + ",1]}"));
            case 8 -> invalid("wrong arguments", text("{\"class\":\"FuzzJob\",\"args\":" + List.of("[]", "[\"t\"]",
                    "[\"t\",1,2]", "[\"t\",\"one\"]", "\"t\"", "7", "[\"t\",1.5]", "[\"t\",99999999999]",
                    "[\"t\",null]").get(random.nextInt(9)) + "}"));
            case 9 -> invalid("huge number", text("{\"class\":\"FuzzJob\",\"args\":[\"t\"," + List.of("1e999999999",
                    "1" + "0".repeat(400), "-1e-99999", "9".repeat(70)).get(random.nextInt(4)) + "]}"));
            // Megabytes each, so one in a hundred of these; the others are huge numbers.
            case 10 -> random.nextInt(100) == 0 ? huge() : invalid("huge number", text("{\"class\":\"FuzzJob\",\"args\":[\"t\","
                    + "9".repeat(65 + random.nextInt(1000)) + "]}"));
            default -> invalid("args an object of the wrong shape", text("{\"class\":\"FuzzJob\",\"args\":{\"token\":\"t\"}}"));
        };
    }

    /** A job that must run once: Ruby's, PHP-Resque's or our shape, sometimes with hostile but harmless extras. */
    private Case valid() {
        String token = newToken();
        String args = "[" + quoted(token) + "," + (random.nextInt(2_000_000) - 1_000_000) + "]";
        String json = switch (random.nextInt(5)) {
            case 0 -> "{\"class\":\"FuzzJob\",\"args\":" + args + "}";
            case 1 -> "{\"class\":\"FuzzJob\",\"args\":" + args + ",\"id\":\"" + Long.toHexString(random.nextLong())
                    + "\",\"prefix\":\"\",\"queue_time\":1795768027.513146}";
            case 2 -> "{\"class\":\"FuzzJob\",\"args\":" + args + ",\"id\":" + quoted(token) + ",\"queue_time\":1795768027}";
            // Keys named by a payload's fields must never be touched outside the module's own.
            case 3 -> "{\"class\":\"FuzzJob\",\"args\":" + args + ",\"id\":" + quoted(token) + ",\"unique_key\":\""
                    + FuzzIT.VICTIM + "\",\"unique_until\":\"" + (random.nextBoolean() ? "started" : "finished") + "\"}";
            default -> "{\"extra\":{\"nested\":[1,[2,[3]]],\"s\":\"\\u00e9\\/\"},\"args\":" + args
                    + ",\"class\":\"FuzzJob\",\"attempts\":0}";
        };
        return new Case(text(json), true, token, "valid");
    }

    private Case deep() {
        // 100,000 levels are 100 KB a payload, kept in the failed list: rare enough to keep the run small.
        int depth = random.nextInt(100) == 0 ? 100_000 : List.of(33, 1001, 5000).get(random.nextInt(3));
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nest = open.repeat(depth) + "1" + close.repeat(depth);
        String json = switch (random.nextInt(4)) {
            case 0 -> nest;
            case 1 -> "{\"class\":\"FuzzJob\",\"args\":[" + quoted(newToken()) + "," + nest + "]}";
            case 2 -> "{\"class\":\"FuzzJob\",\"args\":[" + quoted(newToken()) + ",1],\"extra\":" + nest + "}";
            default -> "{\"class\":\"FuzzJob\",\"args\":[" + nest + ",1]}";
        };
        return invalid("deep nesting", text(json));
    }

    private Case huge() {
        return random.nextBoolean()
                ? invalid("huge string", text("{\"class\":\"FuzzJob\",\"args\":[\"" + "s".repeat(HUGE_STRING) + "\",1]}"))
                : invalid("huge payload", text("{\"class\":\"FuzzJob\",\"args\":[\"t\",1],\"pad\":["
                        + "\"0123456789abcdef\",".repeat(HUGE_PAYLOAD / 19) + "\"end\"]}"));
    }

    private Case invalid(String kind, byte[] payload) {
        return new Case(payload, false, null, kind);
    }

    private byte[] truncated(byte[] payload) {
        return java.util.Arrays.copyOf(payload, random.nextInt(payload.length - 1));
    }

    private byte[] withInvalidUtf8(byte[] payload) {
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}};
        int at = 1 + random.nextInt(payload.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(payload, 0, at);
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.write(payload, at, payload.length - at);
        return out.toByteArray();
    }

    /** One structural character outside the strings replaced by a letter no JSON token can hold there. */
    private byte[] structureBroken(byte[] payload) {
        byte[] broken = payload.clone();
        int structural = 0;
        boolean inString = false;
        int[] positions = new int[broken.length];
        for (int i = 0; i < broken.length; i++) {
            if (broken[i] == '\\' && inString) {
                i++;
                continue;
            }
            if (STRUCTURAL.indexOf(broken[i]) >= 0 && (!inString || broken[i] == '"')) {
                positions[structural++] = i;
            }
            if (broken[i] == '"') {
                inString = !inString;
            }
        }
        broken[positions[random.nextInt(structural)]] = 'x';
        return broken;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        // Never an object by chance: a JSON object starts with '{' after optional whitespace.
        bytes[0] = (byte) ('A' + random.nextInt(26));
        return bytes;
    }

    private String newToken() {
        return "t-" + seedTag + "-" + (sequence++) + (random.nextInt(4) == 0 ? "-\u00e9\u20ac\ud83d\ude00/\\\"" : "");
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static byte[] text(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
