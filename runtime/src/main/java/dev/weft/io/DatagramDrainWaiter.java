package dev.weft.io;

import dev.weft.Waiter;

/** A {@link DatagramEndpoint#drain()} waiting for the send queue to go down to the low-water mark. */
final class DatagramDrainWaiter extends Waiter<Void> {
    private final DatagramEndpoint endpoint;

    DatagramDrainWaiter(DatagramEndpoint endpoint) {
        super(endpoint.selector.loop());
        this.endpoint = endpoint;
    }

    @Override
    protected String waitsOn() {
        return "a datagram write: drain() on " + endpoint;
    }

    void end(Throwable exception) {
        if (exception == null) {
            grant(null);
        } else {
            refuse(exception);
        }
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
