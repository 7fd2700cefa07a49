package dev.backgroundjobs.internal.worker;

import dev.backgroundjobs.internal.config.PoolConfig;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerIdsTest {

    private final PoolConfig mail = new PoolConfig("mail", List.of("mail", "mail-low"), 3, "exec");
    private final PoolConfig any = new PoolConfig("any-1", List.of("*"), 2, "exec");
    private final WorkerIds ids = new WorkerIds("web1.example.com", "defaultServer", "shop", 4242);

    @Test
    void anIdIsHostServerAppThenPidAndLoopThenQueues() {
        WorkerIds.WorkerId id = ids.idOf(mail, 2);
        assertEquals("web1.example.com.defaultServer.shop:4242-mail-2:mail,mail-low", id.id());
        assertEquals("web1.example.com.defaultServer.shop", id.hostField());
        assertEquals(3, id.id().split(":").length, id.id());
    }

    /** resque-web routes on /workers/:id and /working/:id, one path segment. */
    @Test
    void noIdHoldsWhatAUrlPathSegmentBreaksOn() {
        WorkerIds awkward = new WorkerIds("web 1/eu", "my/server?x#y", "app name%20:v,2", 7);
        String id = awkward.idOf(mail, 1).id();
        for (char c : new char[] {'/', '?', '#', '%', ' ', '\\'}) {
            assertFalse(id.indexOf(c) >= 0, c + " in " + id);
        }
        assertEquals("web_1_eu.my_server_x_y.app_name_20_v_2", awkward.idOf(mail, 1).hostField());
        assertEquals(3, id.split(":").length, id);
    }

    @Test
    void everyLoopOfAServerHasTheSameHostFieldSoResqueWebShowsOneHost() {
        Set<String> hosts = new HashSet<>();
        for (int index = 1; index <= 3; index++) {
            hosts.add(ids.idOf(mail, index).hostField());
            hosts.add(ids.idOf(mail, index).id().split(":")[0]);
            hosts.add(ids.idOf(any, index).id().split(":")[0]);
        }
        assertEquals(Set.of("web1.example.com.defaultServer.shop"), hosts);
    }

    /** A Ruby worker prunes ids whose host field is its own host name (and whose pid it does not know). */
    @Test
    void theHostFieldIsNeverThePlainHostName() {
        assertNotEquals("web1.example.com", ids.idOf(mail, 1).hostField());
        assertTrue(ids.idOf(mail, 1).hostField().startsWith("web1.example.com."));
    }

    @Test
    void idsAreUniquePerLoop() {
        Set<String> seen = new HashSet<>();
        for (int index = 1; index <= 12; index++) {
            assertTrue(seen.add(ids.idOf(mail, index).id()));
            assertTrue(seen.add(ids.idOf(any, index).id()));
        }
        // Pool "any-1" loop 1 and pool "any" loop 11 must not meet either.
        PoolConfig anyOther = new PoolConfig("any", List.of("*"), 12, "exec");
        assertNotEquals(ids.idOf(any, 1).id(), ids.idOf(anyOther, 11).id());
    }

    /** Everything but the pid stays, so registering finds the earlier lives of the same loop. */
    @Test
    void anotherLifeOfTheSameLoopDiffersOnlyInThePid() {
        WorkerIds later = new WorkerIds("web1.example.com", "defaultServer", "shop", 99);
        String before = ids.idOf(mail, 2).id();
        String after = later.idOf(mail, 2).id();
        assertNotEquals(before, after);
        assertEquals(before.replace(":4242-", ":99-"), after);
        assertEquals(ids.idOf(mail, 2).hostField(), later.idOf(mail, 2).hostField());
        assertEquals(tag(before), tag(after));
        assertEquals("-mail-2", tag(after));
    }

    /** The pid field without its leading pid, as register_worker.lua matches earlier lives. */
    private static String tag(String id) {
        return id.split(":")[1].replaceFirst("^[0-9]+", "");
    }
}
