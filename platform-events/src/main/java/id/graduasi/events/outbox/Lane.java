package id.graduasi.events.outbox;

/**
 * Which queue an outbox row waits in. A transaction that announces changes of one household (a status change, a
 * decision, a visit) is interactive; one that announces many households' (an import batch, a cycle approval) is
 * bulk. The relay serves interactive rows first, with the earlier rows of their household, so one officer's change
 * never waits behind millions of imported events.
 */
public enum Lane {
    INTERACTIVE(0), BULK(1);

    private final short code;

    Lane(int code) {
        this.code = (short) code;
    }

    public short code() {
        return code;
    }
}
