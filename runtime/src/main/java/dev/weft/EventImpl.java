package dev.weft;

/** {@link Event}: a flag and a queue of waiters. */
final class EventImpl implements Event {
    private final WaitQueue<Waiter<Boolean>> waiters = new WaitQueue<>();
    private boolean set;

    @Override
    public boolean isSet() {
        return set;
    }

    @Override
    public void set() {
        if (set) {
            return;
        }
        set = true;
        Waiter<Boolean> w;
        while ((w = waiters.pollFirst()) != null) {
            w.complete(Boolean.TRUE);
        }
    }

    @Override
    public void clear() {
        set = false;
    }

    @Override
    public Task<Boolean> waitSet() {
        if (set) {
            return DoneTasks.TRUE;
        }
        Waiter<Boolean> w = new Waiter<>();
        waiters.addLast(w);
        return w;
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + ", waiters:" + waiters.size() + "]";
    }
}
