package dev.weft.io;

import dev.weft.Waiter;

/** A {@link DatagramEndpoint#receive()} waiting for a datagram. */
final class ReceiveWaiter extends Waiter<Datagram> {
    private final DatagramEndpoint endpoint;

    ReceiveWaiter(DatagramEndpoint endpoint) {
        super(endpoint.selector.loop());
        this.endpoint = endpoint;
    }

    @Override
    protected String waitsOn() {
        return "a datagram: receive() on " + endpoint;
    }

    /** Ends the wait with {@code d}; false if the waiter is done already (cancelled from another thread). */
    boolean give(Datagram d) {
        return grant(d);
    }

    /** Ends the wait with {@code e}; false if the waiter is done already. */
    boolean reject(Throwable e) {
        return refuse(e);
    }

    @Override
    protected void onUndelivered(Datagram d) {
        endpoint.unreceive(d); // granted, but its coroutine was cancelled before it saw it
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (endpoint.selector.inLoopThread()) {
            endpoint.cancelled(this);
        } else {
            endpoint.selector.execute(() -> endpoint.cancelled(this)); // not run if the loop has ended: nothing to clean
        }
        return true;
    }
}
