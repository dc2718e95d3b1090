package id.graduasi.events.inbox;

/** A message that can never be processed, however often it is retried: it goes to the dead-letter topic. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason);
    }
}
