package dev.backgroundjobs.internal.admin;

import static dev.backgroundjobs.internal.common.JsonProviders.JSON;

import dev.backgroundjobs.internal.redis.PauseStore;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.OptionalLong;

/** The JSON shapes of the global pauses in the admin API. */
final class PauseViews {

    private PauseViews() {
    }

    /** {@code {"queues":[{name,by,at}],"jobs":[{name,by,at,held}]}}. */
    static JsonObject paused(PauseStore.Paused paused) {
        return JSON.createObjectBuilder().add("queues", list(paused.queues(), false)).add("jobs", list(paused.jobs(), true))
                .build();
    }

    /**
     * A job name after a pause or resume: whether it is paused now, by whom, since when and holding how
     * many; after a resume that ended a pause, {@code putBack} is how many held jobs went back to their queues.
     */
    static JsonObject jobName(String name, PauseStore.Paused paused, OptionalLong putBack) {
        JsonObjectBuilder json = paused.jobs().stream().filter(pause -> pause.name().equals(name)).findFirst()
                .map(pause -> pause(pause, true).add("paused", true))
                .orElseGet(() -> JSON.createObjectBuilder().add("name", name).add("paused", false));
        putBack.ifPresent(count -> json.add("putBack", count));
        return json.build();
    }

    private static JsonArrayBuilder list(List<PauseStore.Pause> pauses, boolean held) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        pauses.forEach(pause -> array.add(pause(pause, held)));
        return array;
    }

    private static JsonObjectBuilder pause(PauseStore.Pause pause, boolean held) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("name", pause.name()).add("by", pause.by());
        pause.at().ifPresentOrElse(at -> json.add("at", at.toString()), () -> json.addNull("at"));
        return held ? json.add("held", pause.held()) : json;
    }
}
