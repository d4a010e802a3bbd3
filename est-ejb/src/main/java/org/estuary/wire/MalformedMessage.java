package org.estuary.wire;

/** A request body that cannot be read as the EST message it should carry. The message is client-safe. */
public class MalformedMessage extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessage(String reason) {
        super(reason);
    }
}
