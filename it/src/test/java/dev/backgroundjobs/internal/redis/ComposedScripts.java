package dev.backgroundjobs.internal.redis;

/**
 * The module's scripts as it builds them, for the Redis-only script tests: in the module's
 * own package, so the tests run exactly what the module sends rather than a copy of its composition.
 */
public final class ComposedScripts {

    private ComposedScripts() {
    }

    /** One script as the module sends it, its includes resolved. */
    public static String script(String resource) {
        return LuaScript.load(resource).source();
    }

    /** A busy worker's finish.lua then fetch.lua, as one script. */
    public static String finishThenFetch() {
        return LuaScript.chain("finish.lua", "fetch.lua").source();
    }

    /** The housekeeper's retries and delayed passes and Redis's clock, as one script. */
    public static String promoteDue() {
        return LuaScript.both("promote_retries.lua", "promote_delayed.lua").source();
    }
}
