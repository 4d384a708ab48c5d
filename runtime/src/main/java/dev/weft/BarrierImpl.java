package dev.weft;

/** {@link Barrier}: a count of arrivals in this round and their waiters. */
final class BarrierImpl implements Barrier {
    private final WaitQueue<Arrival> waiters = new WaitQueue<>();
    private final int parties;
    private int count;
    private boolean broken;
    private final LoopBinding binding = new LoopBinding();

    BarrierImpl(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0, not " + parties);
        }
        this.parties = parties;
    }

    @Override
    public Task<Integer> arriveAndWait() {
        binding.check("The Barrier");
        if (broken) {
            return Task.failed(new BarrierBrokenException("Barrier aborted"));
        }
        int index = count++;
        if (count < parties) {
            Arrival a = new Arrival(index);
            waiters.addLast(a);
            return a;
        }
        count = 0;
        Arrival a;
        while ((a = waiters.pollFirst()) != null) {
            a.complete(a.index);
        }
        return Task.of(index);
    }

    @Override
    public void reset() {
        binding.check("The Barrier");
        count = 0;
        breakWaiters();
        broken = false;
    }

    @Override
    public void abort() {
        binding.check("The Barrier");
        broken = true;
        count = 0;
        breakWaiters();
    }

    private void breakWaiters() {
        Arrival a;
        while ((a = waiters.pollFirst()) != null) {
            a.fail(new BarrierBrokenException("Barrier aborted"));
        }
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int waiting() {
        return count;
    }

    @Override
    public boolean isBroken() {
        return broken;
    }

    @Override
    public String toString() {
        return "Barrier[" + (broken ? "broken" : "waiters:" + count + "/" + parties) + "]";
    }

    /** A waiting arrival; leaving by cancellation un-counts it. */
    private final class Arrival extends Waiter<Integer> {
        final int index;

        Arrival(int index) {
            this.index = index;
        }

        @Override
        void onCancelled() {
            super.onCancelled();
            count--;
        }
    }
}
