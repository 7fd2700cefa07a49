package dev.backgroundjobs.internal.common;

import jakarta.json.spi.JsonProvider;

/** The JSON-P provider, looked up once: JsonProvider.provider() and Json.* search the class path on every call. */
public final class JsonProviders {

    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonProviders() {
    }
}
