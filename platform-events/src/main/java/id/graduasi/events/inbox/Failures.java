package id.graduasi.events.inbox;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/** Tells a failure that will pass (retry it) from one that never will (dead-letter it) and from a bug. */
@ApplicationScoped
public class Failures {

    public enum Kind {
        /** The database or the network: retry for as long as it takes. */
        TRANSIENT,
        /** The message can never be applied. */
        PERMANENT,
        /** Anything else (a bug): a few retries, then the dead-letter topic, to be replayed after the fix. */
        OTHER
    }

    private final Pool pool;

    public Failures(Pool pool) {
        this.pool = pool;
    }

    /**
     * Classifies by the cause chain, and when that says nothing, by asking the database: a failure while the
     * database does not answer is transient, whatever exception the driver or Hibernate wrapped it in.
     */
    public Uni<Kind> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonMessageException) {
                return Uni.createFrom().item(Kind.PERMANENT);
            }
        }
        if (isTransient(failure)) {
            return Uni.createFrom().item(Kind.TRANSIENT);
        }
        return pool.query("select 1").execute().map(ok -> Kind.OTHER)
                .onFailure().recoverWithItem(Kind.TRANSIENT);
    }

    /**
     * Whether the failure or anything it wraps (Mutiny's composite failures included) is the database or the
     * network being unavailable: a consumer retries it, a request answers it with 503.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (transientCause(t)) {
                return true;
            }
            if (t instanceof io.smallrye.mutiny.CompositeException composite) {
                for (Throwable cause : composite.getCauses()) {
                    if (cause != t && isTransient(cause)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean transientCause(Throwable t) {
        if (t instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            // connection exceptions, insufficient resources, operator intervention (shutdown, cancel by
            // statement_timeout), serialization failure, deadlock, lock not available
            return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                    || state.equals("40001") || state.equals("40P01") || state.equals("55P03");
        }
        String name = t.getClass().getName();
        return t instanceof IOException || t instanceof TimeoutException
                || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                || name.equals("io.netty.channel.ConnectTimeoutException")
                || name.endsWith("NoStackTraceTimeoutException");
    }

    /** Mutiny reports exhausted retries as its own exception; reasons name the real one. */
    public static Throwable root(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Retries")))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
