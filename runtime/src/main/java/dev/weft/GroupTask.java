package dev.weft;

/**
 * The awaited task of a {@link TaskGroup}; cancelling it cancels the group's body and children. Once
 * the group failed, a cancellation is taken (and dropped) on its loop, as asyncio's group exit
 * catches one that arrives while its awaiter has not resumed yet.
 */
final class GroupTask<T> extends Task<T> {
    private final TaskGroup group;

    GroupTask(TaskGroup group) {
        this.group = group;
    }

    @SuppressWarnings("unchecked")
    void completeFromBody(Task<?> body) {
        completeFrom((Task<T>) body);
    }

    @Override
    String waitsOn() {
        return "task group";
    }

    @Override
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return group.awaitedTasks();
    }

    @Override
    public boolean cancel(String message) {
        return isDone() ? group.takesLateCancel() : group.cancelFromOutside(message);
    }
}
