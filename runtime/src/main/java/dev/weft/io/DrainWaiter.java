package dev.weft.io;

import dev.weft.Waiter;

/** A {@link StreamWriter#drain()} waiting for the buffer to go down to the low-water mark. */
final class DrainWaiter extends Waiter<Void> {
    private final StreamWriter writer;

    DrainWaiter(StreamWriter writer) {
        this.writer = writer;
    }

    @Override
    protected String waitsOn() {
        return "a write: drain() on " + writer.transportText();
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
        Runnable cleanup = () -> writer.cancelled(this);
        if (loop() == dev.weft.Loop.current()) {
            cleanup.run();
        } else {
            writer.selector().execute(cleanup); // not run if the loop has ended: nothing to clean
        }
        return true;
    }
}
