package dev.backgroundjobs.demo;

/** No profile has the id asked for. */
public class UnknownProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownProfileException(long userId) {
        super("no profile with id " + userId);
    }
}
