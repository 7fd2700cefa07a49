package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** Tells the user by mail that their city changed. */
@BackgroundJob(queue = "mail")
public class SendCityChangedMail {

    @Inject
    SlowWork work;

    public void perform(CityChange change) throws InterruptedException {
        work.perform("SendCityChangedMail", "to " + change.name() + ": you moved from " + change.oldCity() + " to "
                + change.newCity());
    }
}
