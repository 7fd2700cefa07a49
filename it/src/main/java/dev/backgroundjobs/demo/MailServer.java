package dev.backgroundjobs.demo;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The demo's pretend SMTP server, which can be taken down to show what a failing job looks like:
 * its retries, its record in the dashboard's failed list, and a retry from there once it is back.
 */
@ApplicationScoped
public class MailServer {

    private volatile boolean up = true;

    public boolean up() {
        return up;
    }

    public void setUp(boolean up) {
        this.up = up;
    }

    public void requireUp() {
        if (!up) {
            throw new IllegalStateException("SMTP server mail.example.com:25 refused the connection");
        }
    }
}
