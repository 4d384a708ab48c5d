package dev.weft.runtime.conformance;

import java.util.Map;
import java.util.TreeMap;

/**
 * Scenarios whose Weft trace differs from CPython's today because of a runtime defect being fixed,
 * each with the issue item and why. They still run: a marked scenario is reported skipped with its
 * reason, and fails once it matches, so the mark is removed when the fix lands. Deliberate
 * differences (Java idioms) are written into the twin instead, never marked here.
 */
final class KnownMismatches {
    private static final Map<String, String> MARKS = new TreeMap<>();

    private KnownMismatches() {
    }

    private static void knownMismatch(String scenario, String reason) {
        if (MARKS.put(scenario, reason) != null) {
            throw new IllegalStateException("marked twice: " + scenario);
        }
    }

    static {
        // issue 11 item 2
        knownMismatch("await_chain_after_sleep_continues_inline",
                "issue 11 item 2: a returning @Async callee resumes its awaiter a loop turn later, not in the same step");
        knownMismatch("deep_await_chain_unwinds_in_one_step",
                "issue 11 item 2: each level of a returning await chain takes one more loop turn");
        knownMismatch("agen_hands_items_within_one_step",
                "issue 11 item 2: each item a generator emits without awaiting costs loop turns (PEP 525 hands it over in the step)");
        knownMismatch("agen_items_within_one_step",
                "issue 11 item 2: each item of a generator that does not await costs loop turns, so another task runs between items");
        // issue 11 item 3
        knownMismatch("cancel_current_task_in_later_step",
                "issue 11 item 3: a cancel made while the task runs after its first step waits for the next await to complete");
        knownMismatch("cancel_awaited_task",
                "issue 11 item 3: a task that cancels itself and then awaits a pending task hangs (bpo-34872)");
        knownMismatch("timeout_self_cancel_is_not_a_timeout",
                "issue 11 item 3: the task's cancel of itself inside a timeout body is lost until the deadline, then taken for expiry");
        // issue 11 item 4
        knownMismatch("uncancel_resets_must_cancel",
                "issue 11 item 4: uncancel() back to 0 keeps the pending cancel, which is delivered at the next await");
        // issue 11 item 5
        knownMismatch("timeout_cancelling_count_in_expired_body",
                "issue 11 item 5: inside an expired timeout body cancelling() is 0, asyncio's is 1");
        knownMismatch("taskgroup_nested_both_cancelled",
                "issue 11 item 5: the outer group's abort swallows the inner group's TaskGroupException and skips the code between the groups");
        knownMismatch("taskgroup_error_and_cancel",
                "issue 11 item 5: cancelling the task running a group whose child failed loses the group's TaskGroupException");
        knownMismatch("taskgroup_body_cancelling_after_child_failure",
                "issue 11 item 5: a child's failure does not count a cancel request on the task running the body (cancelling() 0, asyncio 1)");
        // issue 11 item 6
        knownMismatch("gather_child_cancelled",
                "issue 11 item 6: a gather whose child was cancelled is itself cancelled; asyncio's fails with the child's CancelledError");
        knownMismatch("cancel_task_awaiting_gather",
                "issue 11 item 6: a cancelled gather ends at once, before its children have ended");
        knownMismatch("cancelled_gather_waits_for_children",
                "issue 11 item 6: a cancelled gather ends at once, before its children have ended, and is cancelled()");
        knownMismatch("gather_shielded_child_survives_cancel",
                "issue 11 item 6: a cancelled gather ends at once, before its children have ended");
        // issue 11 item 7
        knownMismatch("condition_notify_all",
                "issue 11 item 7: notified waiters take the lock inside signalAll()/release(), not when they resume");
        knownMismatch("barrier_filling_tasks_wait_twice",
                "issue 11 item 7: no draining phase, so parties pass the second round in another order");
        knownMismatch("barrier_blocking_tasks_while_draining",
                "issue 11 item 7: no draining phase, so parties pass in another order (test_blocking_tasks_while_draining)");
        knownMismatch("condition_notify_all_waiters_queue_for_lock",
                "issue 11 item 7: signalAll() queues the notified waiters for the lock inside signal, so the second waiter runs a turn later");
        knownMismatch("barrier_reset_when_half_draining",
                "issue 11 item 7: no draining phase, reset() does not break tasks the trip woke that have not yet run");
        knownMismatch("barrier_abort_when_half_draining",
                "issue 11 item 7: no draining phase, abort() does not break tasks the trip woke that have not yet run");
        // issue 11 item 8
        knownMismatch("lock_locked_during_handoff",
                "issue 11 item 8: release() hands the lock straight to the first waiter, so locked() stays true");
        knownMismatch("lock_finished_waiter_cancelled",
                "issue 11 item 8: a waiter handed the lock is done at once, so a cancel right after release() misses it");
        knownMismatch("semaphore_fifo_order2",
                "issue 11 item 8: direct hand-off lets a task re-acquire ahead of a waiter woken earlier (test_acquire_fifo_order_2)");
        knownMismatch("semaphore_fifo_order4",
                "issue 11 item 8: direct hand-off runs the releasing task's acquire before the woken waiters (test_acquire_fifo_order_4)");
        knownMismatch("queue_blocking_get_wait",
                "issue 11 item 8: an item put while a getter waits goes straight to it and never shows in size()");
        knownMismatch("queue_size_while_putters_wait",
                "issue 11 item 8: a get hands the free slot straight to a waiting putter, so size()/isFull() differ");
        knownMismatch("queue_put_nowait_beside_blocked_putter",
                "issue 11 item 8: the slot freed by a get goes to the blocked putter, so putNowait beside it fails");
        knownMismatch("queue_waiting_getter_of_priority_queue",
                "issue 11 item 8: a waiting getter of a priority queue gets the first item put, not the smallest");
        knownMismatch("queue_waiting_getter_of_lifo_queue",
                "issue 11 item 8: a waiting getter of a LIFO queue gets the first item put, not the last");
        knownMismatch("queue_get_cancel_drops_no_item",
                "issue 11 item 8: the item is handed to the getter at put, so a cancel before it resumes is too late");
        knownMismatch("queue_put_cancel_drops_no_slot",
                "issue 11 item 8: the slot is handed to the putter at get, so a cancel before it resumes is too late");
        knownMismatch("lock_locked_during_hand_off",
                "issue 11 item 8: release() hands the lock straight to the waiter, so isLocked() stays true during the hand-off");
        knownMismatch("lock_cancel_race",
                "issue 11 item 8: release() hands the lock straight to the next waiter, so isLocked() is true before it runs");
        knownMismatch("semaphore_acquire_fifo_order2",
                "issue 11 item 8: direct hand-off lets a releasing task that acquires again overtake a woken waiter");
        knownMismatch("semaphore_acquire_fifo_order4",
                "issue 11 item 8: direct hand-off: isLocked() is false after releases that woke waiters that have not yet run");
        knownMismatch("queue_producer_consumer_steps",
                "issue 11 item 8: put() hands the item straight to the waiting getter, so producer and consumer interleave differently");
        knownMismatch("queue_why_are_putters_waiting",
                "issue 11 item 8: getNowait() hands the freed slot straight to a waiting putter, so size() counts its item before it runs");
        knownMismatch("queue_get_cancel_drop_one_pending_reader",
                "issue 11 item 8: the item is handed to the waiting reader at putNowait, so the reader cancelled before it runs returns it");
        knownMismatch("queue_get_cancel_drop_many_pending_readers",
                "issue 11 item 8: items are handed to waiting readers at putNowait, so a reader cancelled before it runs keeps its item");
        knownMismatch("queue_put_cancel_drop",
                "issue 11 item 8: getNowait() grants the waiting put at once, so the writer cancelled before it runs has put its item");
        knownMismatch("queue_put_with_waiting_getters",
                "issue 11 item 8: an item put while a getter waits goes straight to it and never shows in size()/isEmpty()");
        knownMismatch("queue_qsize_full_while_putters_wait",
                "issue 11 item 8: get() moves a blocked putter's item in at once, so size()/isFull() differ while putters wait");
        knownMismatch("queue_cancelled_put_after_get_nowait",
                "issue 11 item 8: getNowait() grants the waiting put at once, so its cancel before it runs is lost");
        knownMismatch("priority_queue_waiting_getter_gets_lowest",
                "issue 11 item 8: the first item put goes straight to the waiting getter instead of the lowest once it runs");
        knownMismatch("lifo_queue_waiting_getter_gets_last",
                "issue 11 item 8: the first item put goes straight to the waiting getter instead of the last once it runs");
        // issue 11 item 9
        knownMismatch("agen_finalized_by_run",
                "issue 11 item 9: Weft.run does not finalize generators left suspended (asyncio.run's shutdown_asyncgens)");
        knownMismatch("agen_aclose_is_not_a_cancellation",
                "issue 11 item 9: GeneratorClosedException extends CancelledException; asyncio's GeneratorExit is no CancelledError");
        knownMismatch("agen_aclose_is_not_cancellation",
                "issue 11 item 9: GeneratorClosedException extends CancelledException, so closing is caught as a cancellation");
        knownMismatch("agen_asend_values",
                "issue 11 item 9: AsyncGenerator has no asend; the twin cannot send values and fails");
        knownMismatch("agen_finalized_by_run_shutdown",
                "issue 11 item 9: Weft.run does not finalize generators left suspended (asyncio.run's shutdown_asyncgens)");
        knownMismatch("agen_finalizer_failure_reported",
                "issue 11 item 9: Weft.run does not finalize generators left suspended, so the finally's failure is never reported");
        // issue 11 item 10
        knownMismatch("done_callback_on_done_task_runs_next_turn",
                "issue 11 item 10: whenDone on a done task runs the callback at once, not on the next turn");
        knownMismatch("done_callback_order_with_awaiter",
                "issue 11 item 10: whenDone callbacks run at completion, ahead of the awaiters woken before them");
        knownMismatch("run_starts_tasks_created_last_then_cancels_them",
                "issue 11 item 10: Weft.run cancels tasks created in main's last step before their first step");
        knownMismatch("cb_done_callbacks_run_next_turn_in_order",
                "issue 11 item 10: whenDone callbacks run inside complete(), not on the next loop turn (call_soon)");
        knownMismatch("cb_done_callback_on_done_future_is_scheduled",
                "issue 11 item 10: whenDone on a done task runs the callback at once, not on the next loop turn (call_soon)");
        knownMismatch("cb_task_done_callback_before_awaiter",
                "issue 11 item 10: whenDone on a done task runs the callback at once, not on the next loop turn (call_soon)");
        knownMismatch("cb_done_callback_of_failed_and_cancelled_task",
                "issue 11 item 10: whenDone callbacks run when the task completes, not on the next loop turn (call_soon)");
        // not in issue 11
        knownMismatch("agen_consumer_cancelled_while_generator_awaits",
                "new (not in issue 11): a consumer cancelled in hasNext() sees CancelledException before the producer's finally ran;"
                + " asyncio runs the generator in the consumer's task, so its finally runs first");
        knownMismatch("cb_call_later_negative_delays",
                "new (not in issue 11): callLater with a negative delay is due now, so past deadlines run in call order, not deadline order");
    }

    /** The reason {@code scenario} is marked, or null. */
    static String reason(String scenario) {
        return MARKS.get(scenario);
    }

    static Map<String, String> all() {
        return MARKS;
    }
}
