package dev.weft.sync;

import dev.weft.Task;

/** {@link AsyncEvent}: a flag and a queue of waiters. */
final class EventImpl implements AsyncEvent {
    private final WaitQueue<PlainWaiter<Boolean>> waiters = new WaitQueue<>(() -> "AsyncEvent (not set)");
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
        PlainWaiter<Boolean> w;
        while ((w = waiters.pollFirst()) != null) {
            w.give(Boolean.TRUE);
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
        PlainWaiter<Boolean> w = new PlainWaiter<>();
        waiters.addLast(w);
        return w;
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + ", waiters:" + waiters.size() + "]";
    }
}
