package dev.backgroundjobs.demo;

import dev.backgroundjobs.BackgroundJob;
import jakarta.inject.Inject;

/** Tells the user by mail that their city changed; fails while the mail server is down, and tries twice. */
@BackgroundJob(queue = "mail", maxAttempts = 2, backoff = "2s")
public class SendCityChangedMail {

    @Inject
    SlowWork work;

    @Inject
    MailServer mailServer;

    public void perform(CityChange change) throws InterruptedException {
        mailServer.requireUp();
        work.perform("SendCityChangedMail", "to " + change.name() + ": you moved from " + change.oldCity() + " to "
                + change.newCity());
    }
}
