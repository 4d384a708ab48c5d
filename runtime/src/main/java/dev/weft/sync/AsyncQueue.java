package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.Comparator;

/**
 * A queue for producer and consumer coroutines (asyncio {@code Queue}, {@code LifoQueue},
 * {@code PriorityQueue}), optionally bounded, with task accounting ({@link #taskDone()},
 * {@link #join()}) and shutdown (Python 3.13).
 *
 * <pre>{@code
 * AsyncQueue<String> jobs = AsyncQueue.fifo(10);               // at most 10 waiting items
 *
 * @Async Task<Void> producer() {
 *     for (String url : urls) await(jobs.put(url));  // waits while the queue is full
 *     jobs.shutdown();                               // consumers drain what is left, then stop
 *     return Task.done();
 * }
 *
 * @Async Task<Void> consumer() {
 *     try {
 *         for (;;) {
 *             String url = await(jobs.get());         // waits while the queue is empty
 *             try { await(fetch(url)); } finally { jobs.taskDone(); }
 *         }
 *     } catch (QueueShutDownException done) {
 *         return Task.done();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Fairness:</b> as asyncio's: an item put wakes the longest waiting getter and a freed place
 * the longest waiting putter; each takes the item (the one queue order says then) or the place
 * when it runs, a loop pass later, and waits again, queued last, if by then someone else took it.
 * Until then the item counts in {@link #size()}. <b>Null</b> items are not allowed.
 * Loop-confined, like every primitive.
 *
 * @param <E> the type of the items
 */
public interface AsyncQueue<E> {
    /**
     * An unbounded first-in first-out queue.
     *
     * @param <E> the type of the items
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> fifo() {
        return fifo(0);
    }

    /**
     * A first-in first-out queue holding at most {@code maxsize} items; 0 or less: unbounded.
     *
     * @param <E> the type of the items
     * @param maxsize the most items it holds
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> fifo(int maxsize) {
        return new QueueImpl<>(QueueStore.fifo(), maxsize);
    }

    /**
     * An unbounded last-in first-out queue (a stack).
     *
     * @param <E> the type of the items
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> lifo() {
        return lifo(0);
    }

    /**
     * A last-in first-out queue holding at most {@code maxsize} items; 0 or less: unbounded.
     *
     * @param <E> the type of the items
     * @param maxsize the most items it holds
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> lifo(int maxsize) {
        return new QueueImpl<>(QueueStore.lifo(), maxsize);
    }

    /**
     * An unbounded queue that gives the smallest item first, by natural order (items must be Comparable).
     *
     * @param <E> the type of the items
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> priority() {
        return priority(null, 0);
    }

    /**
     * A queue that gives the smallest item first by {@code order} (natural order if null), holding
     * at most {@code maxsize} items. Like asyncio's, it is a binary heap moving items as Python's
     * {@code heapq} does, so items that compare equal come out in the order they would there,
     * which is not the order they were put in: make the order total (add a sequence number) for that.
     *
     * @param <E> the type of the items
     * @param order the order of the items, or null for their natural order
     * @param maxsize the most items it holds; 0 or less: unbounded
     * @return a new, empty queue
     */
    static <E> AsyncQueue<E> priority(Comparator<? super E> order, int maxsize) {
        return new QueueImpl<>(QueueStore.priority(order), maxsize);
    }

    /**
     * Puts {@code item}, waiting while the queue is full. Counts one more unfinished task.
     *
     * <p><b>Cancellation:</b> a put that ends with {@link CancelledException} put nothing: the
     * cancellation is delivered when the waiting putter runs, before it puts (a place it was woken
     * for goes on to the next putter). <b>Failure:</b> {@link QueueShutDownException} if the queue
     * is shut down, or is shut down while the put waits.
     *
     * @param item the item to put
     * @return a task that completes once the item is in the queue
     */
    Task<Void> put(E item);

    /**
     * Puts {@code item} without waiting.
     *
     * @param item the item to put
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     */
    void putNowait(E item);

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * <p><b>Cancellation:</b> a get that ends with {@link CancelledException} took nothing: the
     * cancellation is delivered when the waiting getter runs, before it takes (an item it was woken
     * for goes on to the next getter): items are never lost or duplicated. <b>Failure:</b>
     * {@link QueueShutDownException} once the queue is shut down and empty.
     *
     * @return a task with the item taken
     */
    Task<E> get();

    /**
     * Takes the next item without waiting.
     *
     * @return the item taken
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    E getNowait();

    /**
     * Marks one item taken earlier as processed; when every put item has been, {@link #join()}
     * waiters are released.
     *
     * @throws IllegalStateException if called more often than items were put
     */
    void taskDone();

    /**
     * Waits until every item put so far has been marked done by {@link #taskDone()}; an already
     * completed task if none is unfinished. A cancelled join simply stops waiting.
     *
     * @return a task that completes when no item is unfinished
     */
    Task<Void> join();

    /** {@code shutdown(false)}. */
    void shutdown();

    /**
     * Shuts the queue down: puts fail with {@link QueueShutDownException} from now on, and so do
     * waiting putters; gets go on until the queue is empty, then fail likewise, waiting getters
     * included. With {@code immediate}, the items still queued are dropped at once and counted as
     * done, so that {@link #join()} returns once the items already taken are done.
     *
     * @param immediate whether to drop the queued items
     */
    void shutdown(boolean immediate);

    /**
     * The number of items in the queue.
     *
     * @return the number of items
     */
    int size();

    /**
     * The bound given at creation; 0 or less means unbounded.
     *
     * @return the bound
     */
    int maxsize();

    /**
     * Whether the queue holds no items.
     *
     * @return true if the queue is empty
     */
    boolean isEmpty();

    /**
     * Whether the queue is bounded and holds {@link #maxsize()} items or more.
     *
     * @return true if the queue is full
     */
    boolean isFull();
}
