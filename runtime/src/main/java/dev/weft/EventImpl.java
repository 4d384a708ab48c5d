package dev.weft;

/** {@link Event}: a flag and a queue of waiters. */
final class EventImpl implements Event {
    private final WaitQueue<Waiter<Boolean>> waiters = new WaitQueue<>();
    private boolean set;
    private final LoopBinding binding = new LoopBinding();

    @Override
    public boolean isSet() {
        return set;
    }

    @Override
    public void set() {
        binding.check("The Event");
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
        binding.check("The Event");
        set = false;
    }

    @Override
    public Task<Boolean> waitSet() {
        binding.check("The Event");
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
