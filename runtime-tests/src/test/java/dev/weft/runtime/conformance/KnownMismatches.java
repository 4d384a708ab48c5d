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
    }

    /** The reason {@code scenario} is marked, or null. */
    static String reason(String scenario) {
        return MARKS.get(scenario);
    }

    static Map<String, String> all() {
        return MARKS;
    }
}
