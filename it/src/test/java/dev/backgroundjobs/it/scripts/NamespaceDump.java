package dev.backgroundjobs.it.scripts;

import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything under a test's namespace: each key with its type, its serialized value (DUMP) and whether
 * it expires. Two equal dumps mean a call wrote nothing.
 */
final class NamespaceDump {

    private NamespaceDump() {
    }

    static Map<String, String> of(Scripts scripts) {
        Map<String, String> dump = new TreeMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = scripts.redis.scan(cursor, new ScanParams().match(scripts.prefix + "*").count(1000));
            for (String key : page.getResult()) {
                byte[] value = scripts.redis.dump(key);
                dump.put(key, scripts.redis.type(key) + " " + (value == null ? "-" : HexFormat.of().formatHex(value))
                        + (scripts.redis.ttl(key) >= 0 ? " expires" : ""));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return dump;
    }
}
